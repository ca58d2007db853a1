package dev.deepdream.model;

/** Converts Keras (TensorFlow, channels-last) kernels to the PyTorch layout DJL's ops take. */
final class KernelLayout {
  private KernelLayout() {}

  /** Conv2D kernel (kh, kw, in, out) to (out, in, kh, kw). */
  static float[] convToOihw(float[] k, int kh, int kw, int cin, int cout) {
    float[] out = new float[k.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int i = 0; i < cin; i++) {
          int src = ((y * kw + x) * cin + i) * cout;
          for (int o = 0; o < cout; o++) {
            out[((o * cin + i) * kh + y) * kw + x] = k[src + o];
          }
        }
      }
    }
    return out;
  }

  /**
   * DepthwiseConv2D kernel (kh, kw, in, mult) to a grouped convolution's (in * mult, 1, kh, kw);
   * TensorFlow numbers output channel c * mult + m.
   */
  static float[] depthwiseToOihw(float[] k, int kh, int kw, int cin, int mult) {
    float[] out = new float[k.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int c = 0; c < cin; c++) {
          for (int m = 0; m < mult; m++) {
            out[((c * mult + m) * kh + y) * kw + x] = k[((y * kw + x) * cin + c) * mult + m];
          }
        }
      }
    }
    return out;
  }
}
