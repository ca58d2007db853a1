package dev.deepdream.video;

import dev.deepdream.image.Colors;
import dev.deepdream.image.Picture;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** Per-pixel arithmetic the carries, the warm-up and the seams between pieces share. */
final class Pixels {
  private Pixels() {}

  /** (1 - weight) * raw + weight * previous dreamed frame. */
  static Picture mix(Picture raw, Picture prevDream, double weight) {
    int[] a = raw.rgb();
    int[] d = prevDream.rgb();
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      int v = 0;
      for (int shift = 16; shift >= 0; shift -= 8) {
        double x = (1 - weight) * ((a[i] >> shift) & 0xff) + weight * ((d[i] >> shift) & 0xff);
        v |= clamp((float) x) << shift;
      }
      out[i] = v;
    }
    return new Picture(raw.width(), raw.height(), out, raw.alpha());
  }

  /** The RMS of {@code dreamed - raw} over every channel value, in 0..255 levels. */
  static double detailRms(Picture dreamed, Picture raw) {
    double sum = 0;
    int[] a = dreamed.rgb();
    int[] r = raw.rgb();
    for (int i = 0; i < a.length; i++) {
      for (int shift = 16; shift >= 0; shift -= 8) {
        double d = ((a[i] >> shift) & 0xff) - ((r[i] >> shift) & 0xff);
        sum += d * d;
      }
    }
    return Math.sqrt(sum / (3.0 * a.length));
  }

  /** A level rounded and clamped to 0..255. */
  static int clamp(float v) {
    int r = Math.round(v);
    return r < 0 ? 0 : Math.min(255, r);
  }

  /** BT.601 luma as an 8-bit single-channel image. */
  static Mat grey(Picture p) {
    byte[] g = new byte[p.width() * p.height()];
    int[] rgb = p.rgb();
    for (int i = 0; i < g.length; i++) {
      g[i] = (byte) Math.round(Colors.luma(rgb[i])); // the same BT.601 luma, in double, as before
    }
    Mat m = new Mat(p.height(), p.width(), CvType.CV_8UC1);
    m.put(0, 0, g);
    return m;
  }
}
