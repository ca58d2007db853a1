package dev.deepdream.model;

import java.util.List;

/**
 * Which weights each layer holds (its kind says, {@link LayerType#weights}), in Keras's order,
 * and their shapes: the contract that every weight format is checked against.
 */
public final class LayerWeights {
  private LayerWeights() {}

  /** One expected weight: its short name ("kernel") and shape; -1 marks a dimension not checked. */
  public record Expected(String shortName, long[] shape) {}

  /**
   * The weights {@code layer} needs, given the channel (or feature) count of its input; -1 when
   * the input size is not known.
   */
  public static List<Expected> expected(LayerSpec layer, int inChannels) {
    return layer.type().equals(LayerTypes.INPUT) ? List.of() : LayerTypes.of(layer).weights(layer, inChannels);
  }

  /** True when the actual shape fits the expected one (-1 matches anything). */
  public static boolean matches(long[] expected, long[] actual) {
    if (expected.length != actual.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] >= 0 && expected[i] != actual[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks {@code weights} against every layer of {@code graph} and returns them by layer and
   * short name. A weight missing, of the wrong shape, or belonging to no layer is an error naming
   * the tensor.
   */
  public static java.util.Map<String, java.util.Map<String, WeightTensor>> bind(KerasGraph graph, WeightSet weights) {
    java.util.Map<String, int[]> shapes = LayerShapes.infer(graph, nominalSide(graph), nominalSide(graph));
    java.util.Map<String, java.util.Map<String, WeightTensor>> out = new java.util.HashMap<>();
    java.util.Set<String> used = new java.util.HashSet<>();
    for (LayerSpec l : graph.layers()) {
      if (l.inputs().isEmpty() && !l.type().equals("InputLayer")) {
        throw new ModelFormatException("layer " + l.name() + " (" + l.type() + ") has no input");
      }
      int in = l.inputs().isEmpty() ? 0 : lastOf(shapes.get(l.inputs().get(0)));
      if (l.type().equals("Dense") && declaredSide(graph) < 0 && readsFlatten(graph, l)) {
        in = -1; // depends on an input size the config leaves open
      }
      java.util.Map<String, WeightTensor> mine = new java.util.HashMap<>();
      for (Expected e : expected(l, in)) {
        String full = l.name() + "/" + e.shortName();
        WeightTensor w = weights.get(full);
        if (w == null) {
          throw new ModelFormatException("weight " + full + " is missing (layer " + l.name() + ", " + l.type() + ")");
        }
        if (!matches(e.shape(), w.shape())) {
          throw new ModelFormatException("weight " + full + " has shape " + w.shapeText() + ", layer " + l.name()
              + " needs " + java.util.Arrays.toString(e.shape()).replace("-1", "?"));
        }
        mine.put(e.shortName(), w);
        used.add(full);
      }
      out.put(l.name(), mine);
    }
    for (String name : weights.names()) {
      if (!used.contains(name)) {
        throw new ModelFormatException("weight " + name + " belongs to no layer of the model");
      }
    }
    return out;
  }

  private static boolean readsFlatten(KerasGraph graph, LayerSpec dense) {
    LayerSpec in = graph.layer(dense.input());
    while (in.type().equals("Dropout")) {
      in = graph.layer(in.input());
    }
    return in.type().equals("Flatten");
  }

  /** The input height fixed by the InputLayer's batch_input_shape, or -1 when open. */
  public static int declaredSide(KerasGraph graph) {
    for (LayerSpec l : graph.layers()) {
      if (l.type().equals("InputLayer")) {
        com.google.gson.JsonElement shape = l.config().get("batch_input_shape");
        if (shape != null && shape.isJsonArray() && shape.getAsJsonArray().size() == 4) {
          com.google.gson.JsonElement h = shape.getAsJsonArray().get(1);
          return h.isJsonNull() ? -1 : h.getAsInt();
        }
      }
    }
    return -1;
  }

  private static int nominalSide(KerasGraph graph) {
    int side = declaredSide(graph);
    return side > 0 ? side : 299;
  }

  private static int lastOf(int[] shape) {
    return shape[shape.length - 1];
  }
}
