package dev.deepdream.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The order of Keras's {@code model.layers} for a functional model config, which is the order
 * {@code save_weights} writes and {@code load_weights} pairs by. Keras builds it when it
 * constructs the network (its {@code map_graph} / {@code _map_graph_network}, with
 * {@code _build_map}):
 *
 * <ol>
 *   <li>a depth-first walk from the outputs, into each node's inputs in order, numbers every layer
 *       when first entered (its traversal index) and lists the nodes in post-order;
 *   <li>going through that list backwards, an output node gets depth 0 and each node's inbound
 *       nodes get {@code max(their depth, this depth + 1)}; a layer's depth is the largest depth of
 *       its nodes;
 *   <li>layers are sorted by depth, deepest first (the inputs), ties by traversal index; model
 *       inputs the outputs do not reach come last at depth 0.
 * </ol>
 *
 * <p>A config's own layer list is this order too (Keras's {@code get_config} walks
 * {@code model.layers}), but the Java builders list layers as they create them, which differs
 * as soon as a block branches.
 */
final class KerasLayerOrder {
  /** A layer's call: the layer's name and the index among its inbound nodes. */
  private record NodeKey(String layer, int index) {}

  private final Map<String, List<List<NodeKey>>> inbound = new HashMap<>();
  private final Set<NodeKey> modelInputs = new HashSet<>();
  private final Set<NodeKey> finished = new HashSet<>();
  private final Set<NodeKey> inProgress = new HashSet<>();
  private final List<NodeKey> postOrder = new ArrayList<>();
  private final Map<String, Integer> traversalIndex = new HashMap<>();

  private KerasLayerOrder() {}

  /**
   * The layer names of a model config ({@code {class_name, config}}) in Keras's
   * {@code model.layers} order; for a Sequential model, its layer list as it stands.
   */
  public static List<String> of(JsonObject modelConfig) {
    JsonElement cfg = modelConfig.get("config");
    String className = modelConfig.has("class_name") ? modelConfig.get("class_name").getAsString() : "Model";
    if (cfg == null || cfg.isJsonArray() || className.equals("Sequential")) {
      return sequentialNames(cfg);
    }
    return new KerasLayerOrder().compute(cfg.getAsJsonObject());
  }

  private static List<String> sequentialNames(JsonElement cfg) {
    List<String> out = new ArrayList<>();
    JsonArray layers = cfg == null ? new JsonArray() : cfg.isJsonArray() ? cfg.getAsJsonArray()
        : cfg.getAsJsonObject().getAsJsonArray("layers");
    for (JsonElement e : layers) {
      out.add(nameOf(e.getAsJsonObject()));
    }
    return out;
  }

  private List<String> compute(JsonObject cfg) {
    JsonArray layers = cfg.getAsJsonArray("layers");
    if (layers == null) {
      throw new ModelFormatException("model config lists no layers");
    }
    List<String> configOrder = new ArrayList<>();
    for (JsonElement e : layers) {
      JsonObject l = e.getAsJsonObject();
      String name = nameOf(l);
      configOrder.add(name);
      inbound.put(name, inboundNodes(l));
    }
    List<NodeKey> inputs = refs(cfg.get("input_layers"));
    modelInputs.addAll(inputs);
    List<NodeKey> outputs = refs(cfg.get("output_layers"));
    if (outputs.isEmpty()) {
      outputs = sinks(configOrder); // hand-written configs may leave the outputs implicit
    }
    for (NodeKey out : outputs) {
      visit(out);
    }
    Map<String, Integer> layerDepth = depths();
    for (NodeKey in : inputs) {
      if (!layerDepth.containsKey(in.layer())) {
        layerDepth.put(in.layer(), 0); // an input the outputs do not use: last, as Keras keeps it
        traversalIndex.put(in.layer(), -1);
      }
    }
    List<String> order = new ArrayList<>(layerDepth.keySet());
    // Stable sort: equal (depth, index) pairs keep Keras's dict order, as Python's sort does.
    order.sort(Comparator.comparing((String l) -> -layerDepth.get(l)).thenComparing(traversalIndex::get));
    return order;
  }

  /** Keras's {@code _build_map_helper}: DFS over inbound nodes, numbering layers when entered. */
  private void visit(NodeKey node) {
    if (finished.contains(node)) {
      return;
    }
    if (!inProgress.add(node)) {
      throw new ModelFormatException("the model graph has a cycle through layer " + node.layer());
    }
    traversalIndex.putIfAbsent(node.layer(), traversalIndex.size());
    if (!modelInputs.contains(node)) {
      for (NodeKey parent : parents(node)) {
        visit(parent);
      }
    }
    inProgress.remove(node);
    finished.add(node);
    postOrder.add(node);
  }

  /** Node depths from the outputs, walking the post-order backwards; returns layer depths in first-seen order. */
  private Map<String, Integer> depths() {
    Map<NodeKey, Integer> nodeDepth = new HashMap<>();
    Map<String, Integer> layerDepth = new LinkedHashMap<>();
    for (int i = postOrder.size() - 1; i >= 0; i--) {
      NodeKey node = postOrder.get(i);
      int depth = nodeDepth.getOrDefault(node, 0);
      // A shared layer keeps the deepest of its nodes' depths.
      depth = Math.max(depth, layerDepth.getOrDefault(node.layer(), 0));
      layerDepth.put(node.layer(), depth);
      nodeDepth.put(node, depth);
      if (!modelInputs.contains(node)) {
        for (NodeKey parent : parents(node)) {
          nodeDepth.merge(parent, depth + 1, Math::max);
        }
      }
    }
    return layerDepth;
  }

  private List<NodeKey> parents(NodeKey node) {
    List<List<NodeKey>> nodes = inbound.get(node.layer());
    if (nodes == null) {
      throw new ModelFormatException("a layer takes input from unknown layer " + node.layer());
    }
    if (node.index() < nodes.size()) {
      return nodes.get(node.index());
    }
    if (node.index() == 0) {
      return List.of(); // an InputLayer: its one node has no inbound layers
    }
    throw new ModelFormatException("layer " + node.layer() + " has no node " + node.index());
  }

  /** Layers no other layer reads, in config order. */
  private List<NodeKey> sinks(List<String> configOrder) {
    Set<String> read = new HashSet<>();
    inbound.values().forEach(nodes -> nodes.forEach(n -> n.forEach(p -> read.add(p.layer()))));
    List<NodeKey> out = new ArrayList<>();
    for (String l : configOrder) {
      if (!read.contains(l)) {
        out.add(new NodeKey(l, 0));
      }
    }
    return out;
  }

  /** Each inbound node's input layers, in call order (Keras 2 list form or Keras 3 keras_history form). */
  private static List<List<NodeKey>> inboundNodes(JsonObject layer) {
    List<List<NodeKey>> out = new ArrayList<>();
    JsonArray nodes = layer.has("inbound_nodes") ? layer.getAsJsonArray("inbound_nodes") : new JsonArray();
    for (JsonElement node : nodes) {
      List<NodeKey> parents = new ArrayList<>();
      if (node.isJsonArray()) {
        for (JsonElement in : node.getAsJsonArray()) {
          parents.add(refOf(in.getAsJsonArray()));
        }
      } else {
        JsonObject call = node.getAsJsonObject();
        collectKerasHistory(call.get("args"), parents);
        collectKerasHistory(call.get("kwargs"), parents);
      }
      out.add(parents);
    }
    return out;
  }

  private static void collectKerasHistory(JsonElement e, List<NodeKey> out) {
    if (e == null) {
      return;
    }
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      if (o.has("keras_history")) {
        out.add(refOf(o.getAsJsonArray("keras_history")));
        return;
      }
      // Keras flattens dicts by sorted key.
      Map<String, JsonElement> sorted = new TreeMap<>();
      o.entrySet().forEach(kv -> sorted.put(kv.getKey(), kv.getValue()));
      for (JsonElement v : sorted.values()) {
        collectKerasHistory(v, out);
      }
    } else if (e.isJsonArray()) {
      for (JsonElement x : e.getAsJsonArray()) {
        collectKerasHistory(x, out);
      }
    }
  }

  /** {@code [name, node, tensor]} references, one or a (nested) list of them. */
  private static List<NodeKey> refs(JsonElement e) {
    List<NodeKey> out = new ArrayList<>();
    collectRefs(e, out);
    return out;
  }

  private static void collectRefs(JsonElement e, List<NodeKey> out) {
    if (e == null || !e.isJsonArray()) {
      return;
    }
    JsonArray a = e.getAsJsonArray();
    if (a.size() > 0 && a.get(0).isJsonPrimitive() && a.get(0).getAsJsonPrimitive().isString()) {
      out.add(refOf(a));
      return;
    }
    for (JsonElement x : a) {
      collectRefs(x, out);
    }
  }

  private static NodeKey refOf(JsonArray ref) {
    return new NodeKey(ref.get(0).getAsString(), ref.size() > 1 ? ref.get(1).getAsInt() : 0);
  }

  private static String nameOf(JsonObject layer) {
    return layer.has("name") ? layer.get("name").getAsString() : layer.getAsJsonObject("config").get("name").getAsString();
  }
}
