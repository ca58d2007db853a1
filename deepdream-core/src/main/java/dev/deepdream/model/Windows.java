package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Sliding windows (convolutions and pools): output sizes and TensorFlow's 'same' padding. */
final class Windows {
  private Windows() {}

  /** A Keras pool's output {h, w, channels}: pool_size (default 2) in strides of pool_size unless given. */
  static int[] poolShape(LayerSpec layer, int[] in) {
    int[] k = layer.pair("pool_size", 2);
    int[] o = outputSize(layer, in, k, layer.pair("strides", k[0]), new int[] {1, 1});
    return new int[] {o[0], o[1], in[2]};
  }

  /** Output {h, w} of a window op of {@code kernel}, {@code strides} and {@code dilation} over {h, w, ...}. */
  static int[] outputSize(LayerSpec layer, int[] in, int[] kernel, int[] strides, int[] dilation) {
    boolean same = same(layer);
    return new int[] {
      Padding.outputSize(in[0], kernel[0], strides[0], dilation[0], same),
      Padding.outputSize(in[1], kernel[1], strides[1], dilation[1], same)
    };
  }

  /** True for padding 'same'. */
  static boolean same(LayerSpec layer) {
    return layer.stringOr("padding", "valid").equals("same");
  }

  /** {@code x} padded for a 'same' window with {@code value}, TensorFlow's extra pixel after. */
  static NDArray padForWindow(NDArray x, int[] k, int[] s, float value) {
    int[] ph = Padding.same((int) x.getShape().get(2), k[0], s[0], 1);
    int[] pw = Padding.same((int) x.getShape().get(3), k[1], s[1], 1);
    if (ph[0] + ph[1] + pw[0] + pw[1] == 0) {
      return x;
    }
    return x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), value);
  }

  /** For each output pixel of a padded window op: window area / number of real pixels in it. */
  static float[] areaOverCount(int h, int w, int oh, int ow, int[] k, int[] s, int padTop, int padLeft) {
    float[] out = new float[oh * ow];
    for (int y = 0; y < oh; y++) {
      int y0 = y * s[0] - padTop;
      int rows = Math.min(y0 + k[0], h) - Math.max(y0, 0);
      for (int x = 0; x < ow; x++) {
        int x0 = x * s[1] - padLeft;
        int cols = Math.min(x0 + k[1], w) - Math.max(x0, 0);
        out[y * ow + x] = (float) (k[0] * k[1]) / (rows * cols);
      }
    }
    return out;
  }
}
