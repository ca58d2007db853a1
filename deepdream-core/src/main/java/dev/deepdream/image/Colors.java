package dev.deepdream.image;

/**
 * Colour conversions between pictures, in YCbCr as JPEG uses it (ITU-R BT.601 coefficients, full
 * 0..255 range, chroma centred on 128).
 */
public final class Colors {
  private Colors() {}

  /**
   * The luminance of {@code dreamed} with the colour of {@code original}: both are converted to
   * YCbCr, Y is taken from {@code dreamed} and Cb, Cr from {@code original}, and the result is
   * converted back to RGB, rounded and clipped to 0..255 (so a pixel whose new luminance cannot
   * hold the original's colour comes back as near to it as RGB allows). Neural-dream's
   * {@code -original_colors}. Neither picture is changed; the result has {@code dreamed}'s alpha.
   *
   * @param dreamed the picture whose luminance is kept (the dream)
   * @param original the picture whose colour is kept (the input, at the dream's size)
   * @return a new picture
   * @throws IllegalArgumentException when the sizes differ
   */
  public static Picture keepColors(Picture dreamed, Picture original) {
    if (dreamed.width() != original.width() || dreamed.height() != original.height()) {
      throw new IllegalArgumentException("cannot keep the colours of a " + original.width() + "x" + original.height()
          + " picture in a " + dreamed.width() + "x" + dreamed.height() + " one");
    }
    int[] d = dreamed.rgb();
    int[] o = original.rgb();
    int[] out = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      double y = luma(d[i]);
      double cb = centredCb(o[i]);
      double cr = centredCr(o[i]);
      out[i] = (clip(y + 1.402 * cr) << 16) | (clip(y - 0.344136 * cb - 0.714136 * cr) << 8) | clip(y + 1.772 * cb);
    }
    return new Picture(dreamed.width(), dreamed.height(), out, dreamed.alpha() == null ? null
        : dreamed.alpha().clone());
  }

  /** The BT.601 luminance Y of a packed 0xRRGGBB pixel, 0..255. */
  public static double luma(int rgb) {
    return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
  }

  /** The BT.601 full-range chroma Cb of a packed 0xRRGGBB pixel, 0..255 (128: grey). */
  public static double cb(int rgb) {
    return 128 + centredCb(rgb);
  }

  /** The BT.601 full-range chroma Cr of a packed 0xRRGGBB pixel, 0..255 (128: grey). */
  public static double cr(int rgb) {
    return 128 + centredCr(rgb);
  }

  /** Cb centred on 0 (grey), not 128. */
  private static double centredCb(int rgb) {
    return -0.168736 * ((rgb >> 16) & 0xff) - 0.331264 * ((rgb >> 8) & 0xff) + 0.5 * (rgb & 0xff);
  }

  /** Cr centred on 0 (grey), not 128. */
  private static double centredCr(int rgb) {
    return 0.5 * ((rgb >> 16) & 0xff) - 0.418688 * ((rgb >> 8) & 0xff) - 0.081312 * (rgb & 0xff);
  }

  private static int clip(double v) {
    long r = Math.round(v);
    return r < 0 ? 0 : r > 255 ? 255 : (int) r;
  }
}
