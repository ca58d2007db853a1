package dev.deepdream.dream;

import dev.deepdream.image.FloatImage;

/**
 * A zoom and turn about the image centre, sampled bilinearly with edges clamped, and its exact
 * adjoint (the transpose of the sampling), which carries a gradient on the warped image back to
 * the original. Written here because the engine's resize antialiases and has no adjoint to call.
 */
final class AffineWarp {
  private final int height;
  private final int width;
  private final double cos;
  private final double sin;
  private final double inverseScale;

  private AffineWarp(int height, int width, double scale, double angle) {
    this.height = height;
    this.width = width;
    this.inverseScale = 1 / scale;
    this.cos = Math.cos(angle);
    this.sin = Math.sin(angle);
  }

  /** Zoom by {@code scale} and turn by {@code angle} radians about the centre of a height x width image. */
  static AffineWarp about(int height, int width, double scale, double angle) {
    return new AffineWarp(height, width, scale, angle);
  }

  /** The warped image: each output pixel samples the input where the inverse warp maps it. */
  FloatImage forward(FloatImage in) {
    float[] src = in.data();
    float[] out = new float[src.length];
    visit(in.channels(), (o, i, w) -> out[o] += w * src[i]);
    return new FloatImage(in.channels(), height, width, out);
  }

  /** The transpose of {@link #forward}: each output pixel's gradient goes back to the pixels it sampled. */
  FloatImage adjoint(FloatImage grad) {
    float[] g = grad.data();
    float[] out = new float[g.length];
    visit(grad.channels(), (o, i, w) -> out[i] += w * g[o]);
    return new FloatImage(grad.channels(), height, width, out);
  }

  private interface Tap {
    void add(int outIndex, int inIndex, float weight);
  }

  /** Calls {@code tap} for every (output pixel, input pixel, bilinear weight) of the sampling. */
  private void visit(int channels, Tap tap) {
    double cy = (height - 1) / 2.0;
    double cx = (width - 1) / 2.0;
    int plane = height * width;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double dy = y - cy;
        double dx = x - cx;
        // Inverse map: rotate by -angle, then shrink by the scale.
        double sy = (cos * dy - sin * dx) * inverseScale + cy;
        double sx = (sin * dy + cos * dx) * inverseScale + cx;
        sy = Math.max(0, Math.min(height - 1, sy));
        sx = Math.max(0, Math.min(width - 1, sx));
        int y0 = (int) Math.floor(sy);
        int x0 = (int) Math.floor(sx);
        int y1 = Math.min(height - 1, y0 + 1);
        int x1 = Math.min(width - 1, x0 + 1);
        float fy = (float) (sy - y0);
        float fx = (float) (sx - x0);
        int o = y * width + x;
        for (int c = 0; c < channels; c++) {
          int base = c * plane;
          tap.add(base + o, base + y0 * width + x0, (1 - fy) * (1 - fx));
          tap.add(base + o, base + y0 * width + x1, (1 - fy) * fx);
          tap.add(base + o, base + y1 * width + x0, fy * (1 - fx));
          tap.add(base + o, base + y1 * width + x1, fy * fx);
        }
      }
    }
  }
}
