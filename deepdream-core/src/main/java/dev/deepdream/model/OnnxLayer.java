package dev.deepdream.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A kind of layer that is an ONNX operator: its type names are the op's with the prefix
 * {@code onnx.} (so an ONNX Flatten never meets Keras's), and besides what every kind does
 * ({@link LayerType}) it reads a node of its op into a layer at import ({@link #convert}).
 * Tensors are ONNX's own NCHW ones, batch 1: shapes {h, w, c} stand for [1, c, h, w] and {n}
 * for [1, n]. The weights a layer holds are the constants the import found, with the dims it
 * recorded in the config under {@link #WEIGHTS}.
 */
abstract class OnnxLayer implements LayerType {
  /** What ONNX ops' type names start with. */
  static final String PREFIX = "onnx.";
  /** The config key holding each weight's dims, by short name. */
  static final String WEIGHTS = "weights";

  private final List<String> ops;

  OnnxLayer(String... ops) {
    this.ops = List.of(ops);
  }

  /** The ONNX op types this kind reads. */
  List<String> ops() {
    return ops;
  }

  @Override
  public List<String> names() {
    return ops.stream().map(o -> PREFIX + o).toList();
  }

  /**
   * Reads {@code node}'s attributes and constant inputs into its layer (config, layer inputs,
   * weights), refusing what the kind cannot compute with one line naming the node.
   */
  abstract void convert(OnnxNode node);

  /** The ONNX op of {@code layer}. */
  static String op(LayerSpec layer) {
    return layer.type().substring(PREFIX.length());
  }

  @Override
  public List<LayerWeights.Expected> weights(LayerSpec layer, int inChannels) {
    List<LayerWeights.Expected> out = new ArrayList<>();
    JsonElement w = layer.config().get(WEIGHTS);
    if (w != null && w.isJsonObject()) {
      for (Map.Entry<String, JsonElement> e : w.getAsJsonObject().entrySet()) {
        out.add(new LayerWeights.Expected(e.getKey(), longs(e.getValue().getAsJsonArray())));
      }
    }
    return out;
  }

  /** The recorded dims of {@code layer}'s weight {@code shortName}, or null. */
  static long[] weightDims(LayerSpec layer, String shortName) {
    JsonObject w = layer.config().getAsJsonObject(WEIGHTS);
    return w == null || !w.has(shortName) ? null : longs(w.getAsJsonArray(shortName));
  }

  /** A list setting as longs, or null when absent. */
  static long[] longs(LayerSpec layer, String key) {
    JsonElement e = layer.config().get(key);
    return e == null || e.isJsonNull() ? null : longs(e.getAsJsonArray());
  }

  static long[] longs(JsonArray a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsLong();
    }
    return out;
  }

  /** {h, w, c} as [1, c, h, w], {n} as [1, n]. */
  static long[] nchw(int[] shape) {
    return shape.length == 3 ? new long[] {1, shape[2], shape[0], shape[1]} : new long[] {1, shape[0]};
  }

  /**
   * ONNX dims as a shape: [1, c, h, w] as {h, w, c} and [1, n] as {n}; any other dims (another
   * batch size, another rank) as an empty vector or image, which no dream reaches (an import
   * refuses a graph with an empty layer at the file's own input size).
   */
  static int[] shape(long[] dims) {
    if (dims == null) {
      return new int[] {0, 0, 0};
    }
    if (dims.length == 4 && dims[0] == 1) {
      return new int[] {(int) dims[2], (int) dims[3], (int) dims[1]};
    }
    if (dims.length == 2) {
      return new int[] {dims[0] == 1 ? (int) dims[1] : 0};
    }
    return new int[] {0, 0, 0};
  }

  /** True when the shape has an empty dimension: the layer's users are empty too. */
  static boolean empty(int[] shape) {
    return !LayerShapes.valid(shape);
  }

  /** The empty shape of the same rank. */
  static int[] emptyLike(int[] shape) {
    return new int[shape.length];
  }

  /** Numpy's broadcast of two dims, or null when they do not broadcast. */
  static long[] broadcast(long[] a, long[] b) {
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long x = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      long y = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (x != y && x != 1 && y != 1) {
        return null;
      }
      out[i] = x == 1 ? y : x;
    }
    return out;
  }

  static String text(long[] dims) {
    return Arrays.toString(dims);
  }
}
