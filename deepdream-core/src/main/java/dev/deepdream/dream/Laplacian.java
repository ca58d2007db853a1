package dev.deepdream.dream;

import dev.deepdream.image.FloatImage;
import dev.deepdream.model.Padding;

/**
 * The TensorFlow DeepDream notebook's Laplacian pyramid normalisation (lap_normalize): split the
 * gradient into band-pass levels with a 5x5 binomial kernel (stride 2, 'SAME' padding), divide
 * each level by its RMS, and merge them back with the transposed convolution.
 */
public final class Laplacian {
  /** The normalised binomial kernel [1 4 6 4 1] x [1 4 6 4 1] / 256. */
  static final float[] K;

  static {
    float[] k1 = {1, 4, 6, 4, 1};
    K = new float[25];
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 5; x++) {
        K[y * 5 + x] = k1[y] * k1[x] / 256f;
      }
    }
  }

  private Laplacian() {}

  /** lap_normalize(g, levels): the pyramid of {@code g} with every level scaled to unit RMS, merged. */
  public static FloatImage normalise(FloatImage g, int levels) {
    FloatImage[] pyramid = split(g, levels);
    for (int i = 0; i < pyramid.length; i++) {
      pyramid[i] = unitRms(pyramid[i]);
    }
    return merge(pyramid);
  }

  /** Levels from coarsest (the low-pass rest) to finest, like lap_split_n(...)[::-1]. */
  public static FloatImage[] split(FloatImage img, int n) {
    FloatImage[] levels = new FloatImage[n + 1];
    FloatImage cur = img;
    for (int i = 0; i < n; i++) {
      FloatImage lo = down(cur);
      FloatImage lo2 = up(lo, cur.height(), cur.width());
      levels[n - i] = cur.plus(lo2, -1f); // hi = img - upsampled low
      cur = lo;
    }
    levels[0] = cur;
    return levels;
  }

  /** lap_merge: upsample and add each finer level. */
  public static FloatImage merge(FloatImage[] levels) {
    FloatImage img = levels[0];
    for (int i = 1; i < levels.length; i++) {
      img = up(img, levels[i].height(), levels[i].width()).plus(levels[i], 1f);
    }
    return img;
  }

  static FloatImage unitRms(FloatImage img) {
    double sq = 0;
    for (float v : img.data()) {
      sq += (double) v * v;
    }
    double rms = Math.sqrt(sq / img.data().length);
    return img.times((float) (1 / Math.max(rms, 1e-10)));
  }

  /** conv2d(img, K, stride 2, 'SAME'), per channel. */
  static FloatImage down(FloatImage img) {
    int h = img.height();
    int w = img.width();
    int oh = (h + 1) / 2;
    int ow = (w + 1) / 2;
    int padTop = Padding.same(h, 5, 2, 1)[0];
    int padLeft = Padding.same(w, 5, 2, 1)[0];
    float[] src = img.data();
    float[] out = new float[img.channels() * oh * ow];
    for (int c = 0; c < img.channels(); c++) {
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          float s = 0;
          for (int ky = 0; ky < 5; ky++) {
            int sy = y * 2 - padTop + ky;
            if (sy < 0 || sy >= h) {
              continue;
            }
            for (int kx = 0; kx < 5; kx++) {
              int sx = x * 2 - padLeft + kx;
              if (sx >= 0 && sx < w) {
                s += src[(c * h + sy) * w + sx] * K[ky * 5 + kx];
              }
            }
          }
          out[(c * oh + y) * ow + x] = s;
        }
      }
    }
    return new FloatImage(img.channels(), oh, ow, out);
  }

  /** conv2d_transpose(lo, 4K, output size (h, w), stride 2, 'SAME'): the adjoint of {@link #down}, times 4. */
  static FloatImage up(FloatImage lo, int h, int w) {
    int oh = lo.height();
    int ow = lo.width();
    int padTop = Padding.same(h, 5, 2, 1)[0];
    int padLeft = Padding.same(w, 5, 2, 1)[0];
    float[] src = lo.data();
    float[] out = new float[lo.channels() * h * w];
    for (int c = 0; c < lo.channels(); c++) {
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          float v = src[(c * oh + y) * ow + x] * 4;
          for (int ky = 0; ky < 5; ky++) {
            int sy = y * 2 - padTop + ky;
            if (sy < 0 || sy >= h) {
              continue;
            }
            for (int kx = 0; kx < 5; kx++) {
              int sx = x * 2 - padLeft + kx;
              if (sx >= 0 && sx < w) {
                out[(c * h + sy) * w + sx] += v * K[ky * 5 + kx];
              }
            }
          }
        }
      }
    }
    return new FloatImage(lo.channels(), h, w, out);
  }
}
