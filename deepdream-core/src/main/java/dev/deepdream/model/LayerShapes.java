package dev.deepdream.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shape inference over a Keras graph with integer arithmetic only: each layer's output as
 * {h, w, c} for images or {n} for vectors. Used to validate weights, find the smallest accepted
 * input and count multiply-adds, without touching the engine.
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
      shapes.put(l.name(), outputShape(l, graph, shapes, height, width));
    }
    return shapes;
  }

  private static int[] outputShape(LayerSpec l, KerasGraph g, Map<String, int[]> shapes, int h, int w) {
    if (l.type().equals("InputLayer")) {
      return new int[] {h, w, g.inputChannels()};
    }
    int[] in = shapes.get(l.inputs().get(0));
    switch (l.type()) {
      case "Conv2D": {
        int[] o = window(l, in);
        return new int[] {o[0], o[1], l.intOr("filters", 0)};
      }
      case "DepthwiseConv2D": {
        int[] o = window(l, in);
        return new int[] {o[0], o[1], in[2] * l.intOr("depth_multiplier", 1)};
      }
      case "MaxPooling2D":
      case "AveragePooling2D": {
        int[] o = window(l, in);
        return new int[] {o[0], o[1], in[2]};
      }
      case "ZeroPadding2D": {
        int[][] p = zeroPadding(l);
        return new int[] {in[0] + p[0][0] + p[0][1], in[1] + p[1][0] + p[1][1], in[2]};
      }
      case "GlobalAveragePooling2D":
      case "GlobalMaxPooling2D":
        return new int[] {in[2]};
      case "Flatten": {
        int n = 1;
        for (int d : in) {
          n *= d;
        }
        return new int[] {n};
      }
      case "Dense":
        return new int[] {l.intOr("units", 0)};
      case "Concatenate": {
        int[] out = in.clone();
        int axis = out.length - 1;
        out[axis] = 0;
        for (String name : l.inputs()) {
          int[] s = shapes.get(name);
          out[axis] += s[axis];
        }
        return out;
      }
      default:
        return in.clone(); // element-wise layers: BatchNormalization, Activation, ReLU, Add, Dropout
    }
  }

  private static int[] window(LayerSpec l, int[] in) {
    boolean conv = l.type().endsWith("Conv2D");
    int[] k = conv ? l.pair("kernel_size", 1) : l.pair("pool_size", 2);
    int[] s = l.pair("strides", conv ? 1 : k[0]);
    int[] d = conv ? l.pair("dilation_rate", 1) : new int[] {1, 1};
    boolean same = l.stringOr("padding", "valid").equals("same");
    return new int[] {
      Padding.outputSize(in[0], k[0], s[0], d[0], same), Padding.outputSize(in[1], k[1], s[1], d[1], same)
    };
  }

  /** ZeroPadding2D's padding as {{top, bottom}, {left, right}} from any of Keras's three forms. */
  public static int[][] zeroPadding(LayerSpec l) {
    JsonElement p = l.config().get("padding");
    if (p == null || p.isJsonNull()) {
      return new int[][] {{1, 1}, {1, 1}};
    }
    if (p.isJsonPrimitive()) {
      int n = p.getAsInt();
      return new int[][] {{n, n}, {n, n}};
    }
    JsonArray a = p.getAsJsonArray();
    int[][] out = new int[2][2];
    for (int i = 0; i < 2; i++) {
      JsonElement e = a.get(i);
      if (e.isJsonPrimitive()) {
        out[i][0] = e.getAsInt();
        out[i][1] = e.getAsInt();
      } else {
        out[i][0] = e.getAsJsonArray().get(0).getAsInt();
        out[i][1] = e.getAsJsonArray().get(1).getAsInt();
      }
    }
    return out;
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
      int[] out = shapes.get(l.name());
      if (l.type().equals("Conv2D")) {
        int[] k = l.pair("kernel_size", 1);
        int cin = shapes.get(l.input())[2];
        macs += (long) out[0] * out[1] * out[2] * k[0] * k[1] * cin;
      } else if (l.type().equals("DepthwiseConv2D")) {
        int[] k = l.pair("kernel_size", 1);
        macs += (long) out[0] * out[1] * out[2] * k[0] * k[1];
      } else if (l.type().equals("Dense")) {
        int[] in = shapes.get(l.input());
        macs += (long) in[in.length - 1] * out[0];
      }
    }
    return macs;
  }
}
