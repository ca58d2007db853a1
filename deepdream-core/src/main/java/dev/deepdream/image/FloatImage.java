package dev.deepdream.image;

import java.util.Arrays;

/**
 * An image as float planes (channels x height x width, CHW), in whatever value range the caller
 * uses (pixels 0..255, or a model's input range). Operations return new images and never change
 * their input.
 */
public final class FloatImage {
  private final int channels;
  private final int height;
  private final int width;
  private final float[] data;

  /** Wraps {@code data} (CHW); the array is owned by the new image from now on. */
  public FloatImage(int channels, int height, int width, float[] data) {
    if (data.length != (long) channels * height * width) {
      throw new IllegalArgumentException("data has " + data.length + " values, " + channels + "x" + height + "x" + width
          + " needs " + (long) channels * height * width);
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.data = data;
  }

  public static FloatImage zeros(int channels, int height, int width) {
    return new FloatImage(channels, height, width, new float[channels * height * width]);
  }

  /** Builds a CHW image from interleaved HWC values. */
  public static FloatImage fromHwc(float[] hwc, int height, int width, int channels) {
    float[] chw = new float[hwc.length];
    int plane = height * width;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < channels; c++) {
        chw[c * plane + p] = hwc[p * channels + c];
      }
    }
    return new FloatImage(channels, height, width, chw);
  }

  /** The values interleaved as HWC. */
  public float[] toHwc() {
    float[] hwc = new float[data.length];
    int plane = height * width;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < channels; c++) {
        hwc[p * channels + c] = data[c * plane + p];
      }
    }
    return hwc;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** A copy of the values (CHW). */
  public float[] toArray() {
    return data.clone();
  }

  /** The values without copying; callers must not change them. */
  public float[] data() {
    return data;
  }

  public float get(int c, int y, int x) {
    return data[(c * height + y) * width + x];
  }

  /** this + other * scale. */
  public FloatImage plus(FloatImage other, float scale) {
    requireSameShape(other);
    float[] out = new float[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = data[i] + other.data[i] * scale;
    }
    return new FloatImage(channels, height, width, out);
  }

  /**
   * One ascent step that consumes this gradient: returns clip(image + this * scale, lo, hi),
   * written into this image's own array so that a huge image needs no third copy. This gradient
   * must not be used afterwards.
   */
  public FloatImage consumeAsStep(FloatImage image, float scale, float lo, float hi) {
    requireSameShape(image);
    float[] img = image.data;
    for (int i = 0; i < data.length; i++) {
      data[i] = Math.max(lo, Math.min(hi, img[i] + data[i] * scale));
    }
    return this;
  }

  /** this * factor. */
  public FloatImage times(float factor) {
    float[] out = new float[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = data[i] * factor;
    }
    return new FloatImage(channels, height, width, out);
  }

  /** Each value times the given one of the same position in a single-channel mask. */
  public FloatImage timesPlane(FloatImage mask) {
    if (mask.height != height || mask.width != width || mask.channels != 1) {
      throw new IllegalArgumentException("mask must be one channel of " + width + "x" + height);
    }
    float[] out = new float[data.length];
    int plane = height * width;
    for (int c = 0; c < channels; c++) {
      for (int p = 0; p < plane; p++) {
        out[c * plane + p] = data[c * plane + p] * mask.data[p];
      }
    }
    return new FloatImage(channels, height, width, out);
  }

  /** Values limited to [lo, hi]. */
  public FloatImage clip(float lo, float hi) {
    float[] out = new float[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(lo, Math.min(hi, data[i]));
    }
    return new FloatImage(channels, height, width, out);
  }

  /** Affine map of every value: v * scale + offset. */
  public FloatImage affine(float scale, float offset) {
    float[] out = new float[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = data[i] * scale + offset;
    }
    return new FloatImage(channels, height, width, out);
  }

  /**
   * Circular shift like {@code tf.roll(img, [dy, dx], axis=[0, 1])}: the pixel at (y, x) moves
   * to (y + dy, x + dx) modulo the size.
   */
  public FloatImage roll(int dy, int dx) {
    float[] out = new float[data.length];
    int sy = Math.floorMod(dy, height);
    int sx = Math.floorMod(dx, width);
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < height; y++) {
        int src = (c * height + y) * width;
        int dst = (c * height + (y + sy) % height) * width;
        System.arraycopy(data, src, out, dst + sx, width - sx);
        System.arraycopy(data, src + width - sx, out, dst, sx);
      }
    }
    return new FloatImage(channels, height, width, out);
  }

  /** Cosine similarity of two images' values (gradients compared with a reference), in double precision. */
  public static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  /** Population standard deviation of all values, in double precision. */
  public double std() {
    double mean = mean();
    double sq = 0;
    for (float v : data) {
      double d = v - mean;
      sq += d * d;
    }
    return Math.sqrt(sq / data.length);
  }

  public double mean() {
    double sum = 0;
    for (float v : data) {
      sum += v;
    }
    return sum / data.length;
  }

  /** Resized with {@code tf.image.resize}'s bilinear rule (half-pixel centres, no antialias). */
  public FloatImage resize(int newHeight, int newWidth) {
    return Resize.bilinear(this, newHeight, newWidth);
  }

  private void requireSameShape(FloatImage o) {
    if (o.channels != channels || o.height != height || o.width != width) {
      throw new IllegalArgumentException("shape " + o.channels + "x" + o.height + "x" + o.width + " differs from "
          + channels + "x" + height + "x" + width);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatImage f && f.channels == channels && f.height == height && f.width == width
        && Arrays.equals(f.data, data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data) * 31 + height * 7 + width;
  }
}
