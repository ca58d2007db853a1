package dev.deepdream.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shape inference over a Keras graph with integer arithmetic only: each layer's output as
 * {h, w, c} for images or {n} for vectors, from its kind ({@link LayerType}). Used to validate
 * weights, find the smallest accepted input and count multiply-adds, without touching the engine.
 */
public final class LayerShapes {
  private LayerShapes() {}

  /**
   * Output shapes of every layer for an input of {@code height} x {@code width}; a layer whose
   * output would be empty (a dimension below 1) maps to a shape with a zero, and so do its users.
   */
  public static Map<String, int[]> infer(KerasGraph graph, int height, int width) {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (LayerSpec l : graph.layers()) {
      int[] out = l.type().equals(LayerTypes.INPUT) ? new int[] {height, width, graph.inputChannels()}
          : LayerTypes.of(l).outputShape(l, inputShapes(l, shapes));
      shapes.put(l.name(), out);
    }
    return shapes;
  }

  private static List<int[]> inputShapes(LayerSpec l, Map<String, int[]> shapes) {
    List<int[]> in = new ArrayList<>(l.inputs().size());
    for (String name : l.inputs()) {
      in.add(shapes.get(name));
    }
    return in;
  }

  /** True when every dimension of the shape is at least 1. */
  public static boolean valid(int[] shape) {
    for (int d : shape) {
      if (d < 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * The smallest square input side for which {@code layer} (and everything before it) has a
   * non-empty output.
   */
  public static int minimumSide(KerasGraph graph, String layer) {
    for (int s = 1; s <= 4096; s++) {
      Map<String, int[]> shapes = infer(graph, s, s);
      boolean ok = true;
      for (LayerSpec l : graph.ancestorsOf(java.util.Set.of(layer))) {
        if (!valid(shapes.get(l.name()))) {
          ok = false;
          break;
        }
      }
      if (ok) {
        return s;
      }
    }
    throw new ModelFormatException("layer " + layer + " has no valid input size up to 4096 px");
  }

  /**
   * Multiply-adds of the convolution and dense layers that {@code targets} depend on, for one
   * forward pass at the given size.
   */
  public static long multiplyAdds(KerasGraph graph, java.util.Set<String> targets, int height, int width) {
    Map<String, int[]> shapes = infer(graph, height, width);
    long macs = 0;
    for (LayerSpec l : graph.ancestorsOf(targets)) {
      if (!l.type().equals(LayerTypes.INPUT)) {
        macs += LayerTypes.of(l).multiplyAdds(l, inputShapes(l, shapes), shapes.get(l.name()));
      }
    }
    return macs;
  }
}
