package dev.deepdream.model;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weights in Keras's HDF5 layout ({@code model.save_weights} and the keras-applications files):
 * root attribute {@code layer_names}, one group per layer with attribute {@code weight_names},
 * each weight a dataset at {@code layer/weight_name}. Full-model files keep the same layout under
 * {@code model_weights} and add the topology as attribute {@code model_config}.
 */
final class KerasH5Weights {
  /** The weights of one layer of the file, in the file's order. */
  public record LayerGroup(String name, List<WeightTensor> weights) {}

  private final List<LayerGroup> layers;
  private final String modelConfig;

  private KerasH5Weights(List<LayerGroup> layers, String modelConfig) {
    this.layers = layers;
    this.modelConfig = modelConfig;
  }

  /** Reads every layer group of the file. */
  public static KerasH5Weights read(Path file) {
    try (HdfFile hdf = new HdfFile(file)) {
      String config = null;
      Attribute mc = hdf.getAttribute("model_config");
      if (mc != null) {
        config = stringOf(mc.getData());
      }
      Group root = hdf;
      Node mw = hdf.getChildren().get("model_weights");
      if (mw instanceof Group g) {
        root = g;
      }
      List<String> layerNames = stringList(root, "layer_names");
      if (layerNames == null) {
        throw new ModelFormatException(file + ": no 'layer_names' attribute: not a Keras weights file");
      }
      List<LayerGroup> layers = new ArrayList<>();
      for (String layer : layerNames) {
        Node n = root.getChild(layer);
        if (!(n instanceof Group g)) {
          throw new ModelFormatException(file + ": layer " + layer + " is listed but has no group");
        }
        List<String> weightNames = stringList(g, "weight_names");
        List<WeightTensor> weights = new ArrayList<>();
        for (String wn : weightNames == null ? List.<String>of() : weightNames) {
          Node d = resolve(g, wn);
          if (!(d instanceof Dataset ds)) {
            throw new ModelFormatException(file + ": weight " + wn + " of layer " + layer + " has no dataset");
          }
          weights.add(tensor(stripSuffix(wn), ds));
        }
        layers.add(new LayerGroup(layer, weights));
      }
      return new KerasH5Weights(layers, config);
    } catch (io.jhdf.exceptions.HdfException e) {
      throw new ModelFormatException(file + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
    }
  }

  /** Layer groups in file order. */
  public List<LayerGroup> layers() {
    return layers;
  }

  /** The layers that hold weights, in file order. */
  public List<LayerGroup> layersWithWeights() {
    List<LayerGroup> out = new ArrayList<>();
    for (LayerGroup l : layers) {
      if (!l.weights().isEmpty()) {
        out.add(l);
      }
    }
    return out;
  }

  /** The topology JSON of a full-model file, or null for a weights-only file. */
  public String modelConfig() {
    return modelConfig;
  }

  /**
   * Names the file's weights after {@code graph}'s layers. Like Keras's {@code load_weights}
   * (by_name=False), the layers with weights are paired in Keras's {@code model.layers} order
   * ({@link KerasGraph#kerasOrder}) and shapes must agree; where the file has the model's layer
   * names, each pair must also agree by name. With {@code byName} the file's layer names must
   * match the graph's and their order does not matter.
   */
  public WeightSet pairWith(KerasGraph graph, boolean byName) {
    List<LayerSpec> targets = new ArrayList<>();
    for (LayerSpec l : byName ? graph.layers() : graph.kerasOrder()) {
      if (!LayerWeights.expected(l, -1).isEmpty()) {
        targets.add(l);
      }
    }
    return byName ? pairByName(targets) : pairByOrder(targets);
  }

  private WeightSet pairByName(List<LayerSpec> targets) {
    WeightSet set = new WeightSet();
    Map<String, LayerGroup> groups = new LinkedHashMap<>();
    for (LayerGroup g : layersWithWeights()) {
      groups.put(g.name(), g);
    }
    for (LayerSpec l : targets) {
      LayerGroup g = groups.remove(l.name());
      if (g == null) {
        throw new ModelFormatException("the weights file has no layer " + l.name());
      }
      addLayer(set, l, g);
    }
    if (!groups.isEmpty()) {
      throw new ModelFormatException("the weights file has layers the model lacks: " + groups.keySet());
    }
    return set;
  }

  private WeightSet pairByOrder(List<LayerSpec> targets) {
    List<LayerGroup> groups = layersWithWeights();
    if (groups.size() != targets.size()) {
      throw new ModelFormatException("the weights file has " + groups.size() + " layers with weights, the model "
          + targets.size());
    }
    // Files from other Keras versions may number layers differently; only when the names are the
    // model's own can they vouch for the order.
    boolean sameNames = new HashSet<>(names(groups)).equals(new HashSet<>(targetNames(targets)));
    WeightSet set = new WeightSet();
    for (int i = 0; i < targets.size(); i++) {
      LayerSpec target = targets.get(i);
      LayerGroup group = groups.get(i);
      if (sameNames && !group.name().equals(target.name())) {
        throw new ModelFormatException("layer " + group.name() + " is layer " + (i + 1) + " with weights in the weights"
            + " file, but in Keras's order of the model that place is " + target.name() + " (" + target.type()
            + "): the file's layers are not in Keras's model.layers order (import with --by-name to pair by name)");
      }
      addLayer(set, target, group);
    }
    return set;
  }

  private static List<String> names(List<LayerGroup> groups) {
    List<String> out = new ArrayList<>();
    groups.forEach(g -> out.add(g.name()));
    return out;
  }

  private static List<String> targetNames(List<LayerSpec> targets) {
    List<String> out = new ArrayList<>();
    targets.forEach(t -> out.add(t.name()));
    return out;
  }

  private static void addLayer(WeightSet set, LayerSpec layer, LayerGroup group) {
    List<LayerWeights.Expected> expected = LayerWeights.expected(layer, -1);
    if (expected.size() != group.weights().size()) {
      throw new ModelFormatException("layer " + group.name() + " of the weights file has " + group.weights().size()
          + " weights, model layer " + layer.name() + " (" + layer.type() + ") needs " + expected.size());
    }
    for (int i = 0; i < expected.size(); i++) {
      WeightTensor w = group.weights().get(i);
      LayerWeights.Expected e = expected.get(i);
      String name = layer.name() + "/" + e.shortName();
      if (!LayerWeights.matches(e.shape(), w.shape())) {
        throw new ModelFormatException("weight " + w.name() + " has shape " + w.shapeText() + ", but " + name
            + " needs " + java.util.Arrays.toString(e.shape()).replace("-1", "?"));
      }
      set.add(new WeightTensor(name, w.shape(), w.data()));
    }
  }

  private static Node resolve(Group g, String weightName) {
    Node n = g;
    for (String part : weightName.split("/")) {
      if (!(n instanceof Group gr)) {
        return null;
      }
      n = gr.getChildren().get(part);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  private static String stripSuffix(String name) {
    return name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
  }

  private static WeightTensor tensor(String name, Dataset ds) {
    int[] dims = ds.getDimensions();
    long[] shape = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      shape[i] = dims[i];
    }
    Object flat = ds.getDataFlat();
    float[] data;
    if (flat instanceof float[] f) {
      data = f;
    } else if (flat instanceof double[] d) {
      data = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        data[i] = (float) d[i];
      }
    } else {
      throw new ModelFormatException("weight " + name + " has type " + ds.getJavaType() + ", float32 or float64 expected");
    }
    return new WeightTensor(name, shape, data);
  }

  /** A string-list attribute, also in Keras's split form (name0, name1, ...). */
  private static List<String> stringList(Node node, String name) {
    Attribute a = node.getAttribute(name);
    if (a != null) {
      return strings(a.getData());
    }
    if (node.getAttribute(name + "0") == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; node.getAttribute(name + i) != null; i++) {
      out.addAll(strings(node.getAttribute(name + i).getData()));
    }
    return out;
  }

  private static List<String> strings(Object data) {
    List<String> out = new ArrayList<>();
    if (data == null) {
      return out;
    }
    if (data.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(data); i++) {
        out.add(stringOf(Array.get(data, i)));
      }
    } else {
      out.add(stringOf(data));
    }
    return out;
  }

  private static String stringOf(Object o) {
    if (o instanceof byte[] b) {
      return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
    return String.valueOf(o);
  }
}
