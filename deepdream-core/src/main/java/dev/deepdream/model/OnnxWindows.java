package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * ONNX's sliding windows (Conv, MaxPool, AveragePool) over height and width: explicit pads or
 * auto_pad, strides, dilations and ceil_mode, computed for each input size (a file made for 224 x
 * 224 says its pads, not its sizes). Config keys: {@code kernel_size}, {@code strides},
 * {@code dilations} (pairs), {@code pads} (top, left, bottom, right), {@code auto_pad},
 * {@code ceil_mode}.
 */
final class OnnxWindows {
  private OnnxWindows() {}

  /**
   * One spatial dimension: the output length and the padding {before, after} that a plain (floor)
   * window op needs to give exactly that length. Ceil mode follows Caffe and PyTorch: a last
   * window that would start in the padding after the input is dropped.
   */
  static int[] dimension(int in, int k, int s, int d, int padBefore, int padAfter, String autoPad, boolean ceil) {
    int effective = (k - 1) * d + 1;
    if (in < 1) {
      return new int[] {0, 0, 0};
    }
    int out;
    int before = padBefore;
    switch (autoPad) {
      case "SAME_UPPER", "SAME_LOWER" -> {
        out = (in + s - 1) / s;
        int total = Math.max((out - 1) * s + effective - in, 0);
        before = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
      }
      case "VALID" -> {
        before = 0;
        out = in < effective ? 0 : (in - effective) / s + 1;
      }
      default -> {
        int span = in + padBefore + padAfter - effective;
        if (span < 0) {
          return new int[] {0, 0, 0};
        }
        out = (ceil ? (span + s - 1) / s : span / s) + 1;
        if (ceil && (out - 1) * s >= in + padBefore) {
          out--;
        }
      }
    }
    if (out < 1) {
      return new int[] {0, 0, 0};
    }
    int after = Math.max((out - 1) * s + effective - in - before, 0);
    return new int[] {out, before, after};
  }

  /** {@link #dimension} for height (index 0) or width (index 1) of {@code layer} over {@code in}. */
  static int[] dimension(LayerSpec layer, int in, int axis) {
    int[] k = layer.pair("kernel_size", 1);
    int[] s = layer.pair("strides", 1);
    int[] d = layer.pair("dilations", 1);
    long[] pads = OnnxLayer.longs(layer, "pads");
    int before = pads == null ? 0 : (int) pads[axis];
    int after = pads == null ? 0 : (int) pads[axis + 2];
    return dimension(in, k[axis], s[axis], d[axis], before, after, layer.stringOr("auto_pad", "NOTSET"),
        layer.intOr("ceil_mode", 0) != 0);
  }

  /** The output {h, w} of {@code layer} over an input {h, w, ...}; a zero when it is empty. */
  static int[] outputSize(LayerSpec layer, int[] in) {
    return new int[] {dimension(layer, in[0], 0)[0], dimension(layer, in[1], 1)[0]};
  }

  /**
   * {@code x} padded with {@code value} as a plain window op needs it, or null when the padding is
   * symmetric: then {@code symmetric} holds it (height, width) for the engine's op to add.
   */
  static NDArray pad(LayerSpec layer, NDArray x, double value, long[] symmetric) {
    int[] h = dimension(layer, (int) x.getShape().get(2), 0);
    int[] w = dimension(layer, (int) x.getShape().get(3), 1);
    if (h[1] == h[2] && w[1] == w[2]) {
      symmetric[0] = h[1];
      symmetric[1] = w[1];
      return null;
    }
    symmetric[0] = 0;
    symmetric[1] = 0;
    return x.pad(new Shape(w[1], w[2], h[1], h[2]), value);
  }
}
