package dev.deepdream.dream;

import dev.deepdream.image.FloatImage;

/** Host-side helpers of the update: total variation and Gaussian smoothing. */
final class Regularisers {
  private Regularisers() {}

  /** Anisotropic total variation: the sum of absolute differences between neighbours. */
  public static double totalVariation(FloatImage img) {
    int h = img.height();
    int w = img.width();
    float[] d = img.data();
    double tv = 0;
    for (int c = 0; c < img.channels(); c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int i = (c * h + y) * w + x;
          if (x + 1 < w) {
            tv += Math.abs(d[i + 1] - d[i]);
          }
          if (y + 1 < h) {
            tv += Math.abs(d[i + w] - d[i]);
          }
        }
      }
    }
    return tv;
  }

  /** The gradient of {@link #totalVariation} with respect to each pixel. */
  public static FloatImage totalVariationGradient(FloatImage img) {
    int h = img.height();
    int w = img.width();
    float[] d = img.data();
    float[] g = new float[d.length];
    for (int c = 0; c < img.channels(); c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int i = (c * h + y) * w + x;
          if (x + 1 < w) {
            float s = Math.signum(d[i + 1] - d[i]);
            g[i + 1] += s;
            g[i] -= s;
          }
          if (y + 1 < h) {
            float s = Math.signum(d[i + w] - d[i]);
            g[i + w] += s;
            g[i] -= s;
          }
        }
      }
    }
    return new FloatImage(img.channels(), h, w, g);
  }

  /** Separable Gaussian blur with edge clamping. */
  public static FloatImage gaussian(FloatImage img, double sigma) {
    if (sigma <= 0) {
      return img;
    }
    int r = (int) Math.ceil(3 * sigma);
    float[] k = new float[2 * r + 1];
    float sum = 0;
    for (int i = -r; i <= r; i++) {
      k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
      sum += k[i + r];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    int h = img.height();
    int w = img.width();
    float[] src = img.data();
    float[] tmp = new float[src.length];
    float[] out = new float[src.length];
    for (int c = 0; c < img.channels(); c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float s = 0;
          for (int i = -r; i <= r; i++) {
            s += src[(c * h + y) * w + Math.min(w - 1, Math.max(0, x + i))] * k[i + r];
          }
          tmp[(c * h + y) * w + x] = s;
        }
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float s = 0;
          for (int i = -r; i <= r; i++) {
            s += tmp[(c * h + Math.min(h - 1, Math.max(0, y + i))) * w + x] * k[i + r];
          }
          out[(c * h + y) * w + x] = s;
        }
      }
    }
    return new FloatImage(img.channels(), h, w, out);
  }
}
