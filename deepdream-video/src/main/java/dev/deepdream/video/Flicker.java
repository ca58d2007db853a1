package dev.deepdream.video;

import dev.deepdream.image.Picture;
import java.util.List;

/**
 * Measures flicker on a clip whose true motion is known (a camera pan by (dx, dy) pixels per
 * frame, so {@code raw[t](y, x) = raw[t-1](y + dy, x + dx)}), on the dream layer
 * {@code d[t] = out[t] - raw[t]}: the mean of |d[t](y, x) - d[t-1](y + dy, x + dx)| over the
 * overlap, divided by the mean |d[t]| there, so a weaker dream does not score better. Frames
 * dreamed on their own score about 1; a dream that moves with the picture scores near 0.
 */
public final class Flicker {
  private Flicker() {}

  /**
   * The incoherence of {@code out} over {@code raw}, from frame {@code from} (0-based) on.
   *
   * @param raw the raw frames
   * @param out the dreamed frames, the same size
   * @param dx horizontal pan per frame, px
   * @param dy vertical pan per frame, px
   * @param from the first frame whose change from the previous is counted (at least 1)
   */
  public static double incoherence(List<Picture> raw, List<Picture> out, int dx, int dy, int from) {
    double diff = 0;
    double strength = 0;
    for (int t = Math.max(1, from); t < raw.size(); t++) {
      double[] s = pair(raw.get(t - 1), out.get(t - 1), raw.get(t), out.get(t), dx, dy);
      diff += s[0];
      strength += s[1];
    }
    return diff / strength;
  }

  /** The mean |d| per channel value over frames {@code from}.. (the dream's strength, in 0..255 levels). */
  public static double strength(List<Picture> raw, List<Picture> out, int from) {
    double sum = 0;
    long n = 0;
    for (int t = from; t < raw.size(); t++) {
      int[] a = raw.get(t).rgb();
      int[] b = out.get(t).rgb();
      for (int i = 0; i < a.length; i++) {
        for (int shift = 16; shift >= 0; shift -= 8) {
          sum += Math.abs(((b[i] >> shift) & 0xff) - ((a[i] >> shift) & 0xff));
          n++;
        }
      }
    }
    return sum / n;
  }

  /** {sum |d1 - shifted d0|, sum |d1|} over the overlap of two consecutive frames. */
  static double[] pair(Picture raw0, Picture out0, Picture raw1, Picture out1, int dx, int dy) {
    int w = raw1.width();
    int h = raw1.height();
    double diff = 0;
    double strength = 0;
    for (int y = Math.max(0, -dy); y < Math.min(h, h - dy); y++) {
      for (int x = Math.max(0, -dx); x < Math.min(w, w - dx); x++) {
        int i1 = y * w + x;
        int i0 = (y + dy) * w + (x + dx);
        for (int shift = 16; shift >= 0; shift -= 8) {
          int d1 = ((out1.rgb()[i1] >> shift) & 0xff) - ((raw1.rgb()[i1] >> shift) & 0xff);
          int d0 = ((out0.rgb()[i0] >> shift) & 0xff) - ((raw0.rgb()[i0] >> shift) & 0xff);
          diff += Math.abs(d1 - d0);
          strength += Math.abs(d1);
        }
      }
    }
    return new double[] {diff, strength};
  }
}
