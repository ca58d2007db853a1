package dev.deepdream.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topology of a Keras model, read from its JSON config: layers in an order where every layer
 * comes after its inputs. Works for functional models (Model/Functional) and Sequential ones.
 */
public final class KerasGraph {
  private final Map<String, LayerSpec> layers;
  private final JsonObject modelConfig;
  private final String name;

  private KerasGraph(String name, Map<String, LayerSpec> layers, JsonObject modelConfig) {
    this.name = name;
    this.layers = layers;
    this.modelConfig = modelConfig;
  }

  /**
   * Reads a Keras model config: either {@code {class_name, config}} as in {@code model_config}, or
   * a TF.js {@code modelTopology} that wraps one.
   */
  public static KerasGraph fromConfig(JsonObject json) {
    JsonObject modelConfig = json;
    if (json.has("model_config")) {
      modelConfig = json.getAsJsonObject("model_config");
    }
    if (!modelConfig.has("config")) {
      throw new ModelFormatException("model config has no 'config' section");
    }
    String className = modelConfig.has("class_name") ? modelConfig.get("class_name").getAsString() : "Model";
    JsonElement cfg = modelConfig.get("config");
    JsonArray layerArray;
    String modelName = "model";
    if (cfg.isJsonArray()) {
      layerArray = cfg.getAsJsonArray(); // very old Sequential form
    } else {
      JsonObject c = cfg.getAsJsonObject();
      layerArray = c.getAsJsonArray("layers");
      if (c.has("name")) {
        modelName = c.get("name").getAsString();
      }
    }
    if (layerArray == null || layerArray.size() == 0) {
      throw new ModelFormatException("model config lists no layers");
    }
    Map<String, LayerSpec> layers = new LinkedHashMap<>();
    String previous = null;
    boolean sequential = className.equals("Sequential");
    for (JsonElement e : layerArray) {
      JsonObject l = e.getAsJsonObject();
      String type = l.get("class_name").getAsString();
      JsonObject config = l.has("config") ? l.getAsJsonObject("config") : new JsonObject();
      String lname = l.has("name") ? l.get("name").getAsString() : config.get("name").getAsString();
      List<String> inputs = sequential ? sequentialInputs(previous) : inboundLayers(l);
      if (sequential && previous == null && !type.equals("InputLayer")) {
        // A Sequential model without an explicit InputLayer: make one from batch_input_shape.
        JsonObject inCfg = new JsonObject();
        inCfg.add("batch_input_shape", config.get("batch_input_shape"));
        layers.put("input", new LayerSpec("input", "InputLayer", inCfg, List.of()));
        inputs = List.of("input");
      }
      if (layers.containsKey(lname)) {
        throw new ModelFormatException("layer name " + lname + " appears twice");
      }
      layers.put(lname, new LayerSpec(lname, type, config, Collections.unmodifiableList(inputs)));
      previous = lname;
    }
    return new KerasGraph(modelName, sortTopologically(layers), modelConfig);
  }

  private static List<String> sequentialInputs(String previous) {
    return previous == null ? List.of() : List.of(previous);
  }

  /** The layer names of the first inbound node (Keras 2 list form or Keras 3 keras_history form). */
  private static List<String> inboundLayers(JsonObject layer) {
    List<String> names = new ArrayList<>();
    JsonArray nodes = layer.has("inbound_nodes") ? layer.getAsJsonArray("inbound_nodes") : new JsonArray();
    if (nodes.size() == 0) {
      return names;
    }
    JsonElement node = nodes.get(0);
    if (node.isJsonArray()) {
      for (JsonElement in : node.getAsJsonArray()) {
        names.add(in.getAsJsonArray().get(0).getAsString());
      }
    } else {
      collectKerasHistory(node, names);
    }
    return names;
  }

  private static void collectKerasHistory(JsonElement e, List<String> out) {
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      if (o.has("keras_history")) {
        out.add(o.getAsJsonArray("keras_history").get(0).getAsString());
        return;
      }
      for (Map.Entry<String, JsonElement> kv : o.entrySet()) {
        if (!kv.getKey().equals("kwargs")) {
          collectKerasHistory(kv.getValue(), out);
        }
      }
    } else if (e.isJsonArray()) {
      for (JsonElement x : e.getAsJsonArray()) {
        collectKerasHistory(x, out);
      }
    }
  }

  private static Map<String, LayerSpec> sortTopologically(Map<String, LayerSpec> layers) {
    Map<String, LayerSpec> sorted = new LinkedHashMap<>();
    Set<String> visiting = new HashSet<>();
    for (String n : layers.keySet()) {
      visit(n, layers, sorted, visiting);
    }
    return sorted;
  }

  private static void visit(String n, Map<String, LayerSpec> layers, Map<String, LayerSpec> sorted, Set<String> visiting) {
    if (sorted.containsKey(n)) {
      return;
    }
    LayerSpec spec = layers.get(n);
    if (spec == null) {
      throw new ModelFormatException("a layer takes input from unknown layer " + n);
    }
    if (!visiting.add(n)) {
      throw new ModelFormatException("the model graph has a cycle through layer " + n);
    }
    // Iterative depth is fine: Keras graphs are a few hundred layers deep at most.
    for (String in : spec.inputs()) {
      visit(in, layers, sorted, visiting);
    }
    sorted.put(n, spec);
  }

  public String name() {
    return name;
  }

  /** All layers, each after its inputs. */
  public List<LayerSpec> layers() {
    return new ArrayList<>(layers.values());
  }

  /**
   * The layers in Keras's {@code model.layers} order (see {@link KerasLayerOrder}): the order in
   * which {@code save_weights} writes them and {@code load_weights} pairs them. Layers the outputs
   * do not depend on are not part of a Keras model and are left out.
   */
  public List<LayerSpec> kerasOrder() {
    List<LayerSpec> out = new ArrayList<>();
    for (String n : KerasLayerOrder.of(modelConfig)) {
      LayerSpec spec = layers.get(n);
      if (spec != null) {
        out.add(spec);
      }
    }
    return out;
  }

  public LayerSpec layer(String name) {
    return layers.get(name);
  }

  public boolean has(String name) {
    return layers.containsKey(name);
  }

  /** The raw {@code {class_name, config}} JSON this graph was read from. */
  public JsonObject modelConfig() {
    return modelConfig;
  }

  /** The layers that {@code targets} depend on, themselves included, in evaluation order. */
  public List<LayerSpec> ancestorsOf(Set<String> targets) {
    Set<String> needed = new HashSet<>();
    List<String> stack = new ArrayList<>(targets);
    while (!stack.isEmpty()) {
      String n = stack.remove(stack.size() - 1);
      if (needed.add(n)) {
        stack.addAll(layer(n).inputs());
      }
    }
    List<LayerSpec> out = new ArrayList<>();
    for (LayerSpec l : layers.values()) {
      if (needed.contains(l.name())) {
        out.add(l);
      }
    }
    return out;
  }

  /**
   * The side of the square input the model was made for, from its InputLayer's batch_input_shape
   * (an ONNX file's 224, the npm InceptionV3's 299), or {@code fallback} when the shape leaves the
   * size open or is not square. Layers after a Flatten or a fixed Reshape exist only at that size.
   */
  public int nativeSide(int fallback) {
    for (LayerSpec l : layers.values()) {
      if (l.type().equals("InputLayer")) {
        JsonElement shape = l.config().get("batch_input_shape");
        if (shape == null) {
          shape = l.config().get("batch_shape");
        }
        if (shape != null && shape.isJsonArray() && shape.getAsJsonArray().size() == 4) {
          JsonElement h = shape.getAsJsonArray().get(1);
          JsonElement w = shape.getAsJsonArray().get(2);
          if (!h.isJsonNull() && !w.isJsonNull() && h.getAsInt() > 0 && h.getAsInt() == w.getAsInt()) {
            return h.getAsInt();
          }
        }
      }
    }
    return fallback;
  }

  /** The channel count of the model's input (from InputLayer's batch_input_shape), default 3. */
  public int inputChannels() {
    for (LayerSpec l : layers.values()) {
      if (l.type().equals("InputLayer")) {
        JsonElement shape = l.config().get("batch_input_shape");
        if (shape == null) {
          shape = l.config().get("batch_shape");
        }
        if (shape != null && shape.isJsonArray()) {
          JsonArray a = shape.getAsJsonArray();
          JsonElement c = a.get(a.size() - 1);
          return c.isJsonNull() ? 3 : c.getAsInt();
        }
      }
    }
    return 3;
  }
}
