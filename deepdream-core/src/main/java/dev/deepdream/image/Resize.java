package dev.deepdream.image;

/**
 * TensorFlow's bilinear resize ({@code tf.image.resize}, half-pixel centres, no antialiasing),
 * done separably on the host. DJL's own resize antialiases when shrinking, which the tutorial's
 * octaves do not.
 */
public final class Resize {
  private Resize() {}

  /** Resizes every channel of {@code src} to {@code outH} x {@code outW}. */
  public static FloatImage bilinear(FloatImage src, int outH, int outW) {
    if (outH < 1 || outW < 1) {
      throw new IllegalArgumentException("cannot resize to " + outW + "x" + outH);
    }
    int c = src.channels();
    int inH = src.height();
    int inW = src.width();
    if (inH == outH && inW == outW) {
      return new FloatImage(c, inH, inW, src.toArray());
    }
    Axis ys = new Axis(inH, outH);
    Axis xs = new Axis(inW, outW);
    float[] in = src.data();
    float[] out = new float[c * outH * outW];
    for (int ch = 0; ch < c; ch++) {
      int base = ch * inH * inW;
      for (int y = 0; y < outH; y++) {
        int top = base + ys.lower[y] * inW;
        int bottom = base + ys.upper[y] * inW;
        float fy = ys.lerp[y];
        int o = (ch * outH + y) * outW;
        for (int x = 0; x < outW; x++) {
          int l = xs.lower[x];
          int r = xs.upper[x];
          float fx = xs.lerp[x];
          float t = in[top + l] + (in[top + r] - in[top + l]) * fx;
          float b = in[bottom + l] + (in[bottom + r] - in[bottom + l]) * fx;
          out[o + x] = t + (b - t) * fy;
        }
      }
    }
    return new FloatImage(c, outH, outW, out);
  }

  /** Source positions for one axis, as TensorFlow's resize kernel computes them. */
  private static final class Axis {
    final int[] lower;
    final int[] upper;
    final float[] lerp;

    Axis(int in, int out) {
      lower = new int[out];
      upper = new int[out];
      lerp = new float[out];
      float scale = (float) in / out;
      for (int i = 0; i < out; i++) {
        float pos = (i + 0.5f) * scale - 0.5f;
        float floor = (float) Math.floor(pos);
        lower[i] = Math.max((int) floor, 0);
        upper[i] = Math.min((int) Math.ceil(pos), in - 1);
        lerp[i] = pos - floor;
      }
    }
  }
}
