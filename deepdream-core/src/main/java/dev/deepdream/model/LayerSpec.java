package dev.deepdream.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;

/** One layer of a Keras model config: its name, type, settings and the layers feeding it. */
public record LayerSpec(String name, String type, JsonObject config, List<String> inputs) {

  /** An int setting, or the default when absent. */
  public int intOr(String key, int fallback) {
    JsonElement e = config.get(key);
    return e == null || e.isJsonNull() ? fallback : e.getAsInt();
  }

  /** A double setting, or the default when absent. */
  public double doubleOr(String key, double fallback) {
    JsonElement e = config.get(key);
    return e == null || e.isJsonNull() ? fallback : e.getAsDouble();
  }

  /** A boolean setting, or the default when absent. */
  public boolean boolOr(String key, boolean fallback) {
    JsonElement e = config.get(key);
    return e == null || e.isJsonNull() ? fallback : e.getAsBoolean();
  }

  /** Whether this layer is a softmax: Keras's Softmax layer or softmax activation, or an ONNX Softmax. */
  public boolean isSoftmax() {
    return type.equals("Softmax") || type.equals(OnnxLayer.PREFIX + "Softmax")
        || "softmax".equals(stringOr("activation", ""));
  }

  /** A string setting, or the default when absent. */
  public String stringOr(String key, String fallback) {
    JsonElement e = config.get(key);
    return e == null || e.isJsonNull() ? fallback : e.getAsString();
  }

  /** A pair setting such as kernel_size or strides; a single number means (n, n). */
  public int[] pair(String key, int fallback) {
    JsonElement e = config.get(key);
    if (e == null || e.isJsonNull()) {
      return new int[] {fallback, fallback};
    }
    if (e.isJsonPrimitive()) {
      return new int[] {e.getAsInt(), e.getAsInt()};
    }
    JsonArray a = e.getAsJsonArray();
    return new int[] {a.get(0).getAsInt(), a.get(a.size() > 1 ? 1 : 0).getAsInt()};
  }

  /** True for a convolution (Conv2D, DepthwiseConv2D), whose kernel an execution plan may choose. */
  public boolean isConvolution() {
    return LayerTypes.isConvolution(this);
  }

  /** The input, for layers with exactly one. */
  public String input() {
    if (inputs.size() != 1) {
      throw new ModelFormatException("layer " + name + " (" + type + ") needs one input, has " + inputs.size());
    }
    return inputs.get(0);
  }
}
