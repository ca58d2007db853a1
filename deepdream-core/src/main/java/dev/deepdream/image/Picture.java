package dev.deepdream.image;

import java.awt.image.BufferedImage;

/**
 * A decoded photo: its RGB pixels (packed 0xRRGGBB, row-major) and, when it had one, its alpha
 * channel, kept apart so that dreaming never touches it.
 */
public record Picture(int width, int height, int[] rgb, byte[] alpha) {
  public Picture {
    if (rgb.length != width * height || (alpha != null && alpha.length != width * height)) {
      throw new IllegalArgumentException("pixel arrays do not match " + width + "x" + height);
    }
  }

  public boolean hasAlpha() {
    return alpha != null;
  }

  /** The RGB values mapped linearly from [0, 255] to [lo, hi], as CHW planes. */
  public FloatImage toFloat(float lo, float hi) {
    int n = width * height;
    float[] chw = new float[3 * n];
    float scale = (hi - lo) / 255f;
    for (int p = 0; p < n; p++) {
      int v = rgb[p];
      chw[p] = ((v >> 16) & 0xff) * scale + lo;
      chw[n + p] = ((v >> 8) & 0xff) * scale + lo;
      chw[2 * n + p] = (v & 0xff) * scale + lo;
    }
    return new FloatImage(3, height, width, chw);
  }

  /**
   * The inverse of {@link #toFloat}, truncating like the tutorial's deprocess
   * ({@code uint8(255 * (x + 1) / 2)}), with this picture's alpha when the sizes agree.
   */
  public static Picture fromFloat(FloatImage img, float lo, float hi, byte[] alpha) {
    int n = img.width() * img.height();
    float[] d = img.data();
    int[] rgb = new int[n];
    float scale = 255f / (hi - lo);
    for (int p = 0; p < n; p++) {
      int r = toByte((d[p] - lo) * scale);
      int g = toByte((d[n + p] - lo) * scale);
      int b = toByte((d[2 * n + p] - lo) * scale);
      rgb[p] = (r << 16) | (g << 8) | b;
    }
    return new Picture(img.width(), img.height(), rgb, alpha);
  }

  private static int toByte(float v) {
    return v <= 0 ? 0 : v >= 255 ? 255 : (int) v;
  }

  /** The picture resized (bilinear, as the octaves resize), alpha included. */
  public Picture resize(int newWidth, int newHeight) {
    FloatImage px = toFloat(0, 255).resize(newHeight, newWidth);
    byte[] a = null;
    if (alpha != null) {
      float[] plane = new float[alpha.length];
      for (int i = 0; i < plane.length; i++) {
        plane[i] = alpha[i] & 0xff;
      }
      float[] resized = new FloatImage(1, height, width, plane).resize(newHeight, newWidth).data();
      a = new byte[resized.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = (byte) Math.round(Math.max(0, Math.min(255, resized[i])));
      }
    }
    Picture rounded = fromFloat(px.affine(1, 0.5f), 0, 255, a); // +0.5 then truncate: rounding
    return rounded;
  }

  /** A new BufferedImage: TYPE_INT_ARGB with alpha, TYPE_INT_RGB without. */
  public BufferedImage toBufferedImage() {
    BufferedImage out = new BufferedImage(width, height, alpha != null ? BufferedImage.TYPE_INT_ARGB
        : BufferedImage.TYPE_INT_RGB);
    int[] px = new int[rgb.length];
    for (int i = 0; i < px.length; i++) {
      px[i] = alpha != null ? ((alpha[i] & 0xff) << 24) | rgb[i] : rgb[i];
    }
    out.setRGB(0, 0, width, height, px, 0, width);
    return out;
  }

  /** The same pixels with another alpha (or none). */
  public Picture withAlpha(byte[] newAlpha) {
    return new Picture(width, height, rgb, newAlpha);
  }
}
