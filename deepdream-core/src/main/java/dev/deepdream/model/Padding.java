package dev.deepdream.model;

/** TensorFlow's padding arithmetic for one spatial dimension. */
public final class Padding {
  private Padding() {}

  /** Output length of a window op (convolution or pooling) under 'same' or 'valid'. */
  public static int outputSize(int in, int kernel, int stride, int dilation, boolean same) {
    int effective = (kernel - 1) * dilation + 1;
    if (same) {
      return (in + stride - 1) / stride;
    }
    return in < effective ? 0 : (in - effective) / stride + 1;
  }

  /**
   * Padding {before, after} for 'same': TensorFlow puts the odd extra pixel after, which makes
   * stride-2 padding asymmetric.
   */
  public static int[] same(int in, int kernel, int stride, int dilation) {
    int effective = (kernel - 1) * dilation + 1;
    int out = (in + stride - 1) / stride;
    int total = Math.max((out - 1) * stride + effective - in, 0);
    return new int[] {total / 2, total - total / 2};
  }
}
