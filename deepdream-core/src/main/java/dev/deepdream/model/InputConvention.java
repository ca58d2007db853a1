package dev.deepdream.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a network wants its pixels: the range pixel 0..255 is mapped to, then a per-channel mean
 * subtracted and a standard deviation divided by (both in R, G, B order and in the units of the
 * range), then, for networks trained on BGR images (Caffe's), the channels swapped. The range is
 * the model's {@link ModelInfo#inputMin()}..{@link ModelInfo#inputMax()}, which the dream works
 * in (its step sizes are in units of the [-1, 1] range whatever this range is); the rest is done
 * inside the network by a first layer of its own, so the gradient reaches the pixels through it.
 *
 * @param min the value pixel 0 maps to
 * @param max the value pixel 255 maps to
 * @param mean subtracted per channel, R, G, B
 * @param std divided by per channel, R, G, B
 * @param bgr whether the channels are swapped to B, G, R after the mean and std
 */
public record InputConvention(double min, double max, double[] mean, double[] std, boolean bgr) {
  /** The original Caffe GoogLeNet's: 0..255, ImageNet's mean pixel, BGR (the ONNX Model Zoo's README). */
  public static final InputConvention CAFFE = new InputConvention(0, 255, new double[] {123.68, 116.779, 103.939},
      new double[] {1, 1, 1}, true);

  public InputConvention {
    mean = mean == null ? new double[3] : mean.clone();
    std = std == null ? new double[] {1, 1, 1} : std.clone();
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("a mean and a std need three values, R,G,B");
    }
    if (!(max > min)) {
      throw new IllegalArgumentException("input range " + number(min) + ".." + number(max) + " is empty");
    }
    for (double s : std) {
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new IllegalArgumentException("a std must be a positive number, got " + number(s));
      }
    }
  }

  /** The range alone: no mean, no std, RGB (a Keras model's convention). */
  public static InputConvention range(double min, double max) {
    return new InputConvention(min, max, null, null, false);
  }

  /**
   * Parses a range as {@code 0..1}, {@code 0..255} or {@code -1..1} (any two numbers).
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public static double[] parseRange(String text) {
    String[] parts = text.trim().split("\\.\\.", -1);
    try {
      if (parts.length == 2) {
        double lo = Double.parseDouble(parts[0].trim());
        double hi = Double.parseDouble(parts[1].trim());
        if (hi > lo && Double.isFinite(lo) && Double.isFinite(hi)) {
          return new double[] {lo, hi};
        }
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException("input range '" + text + "' is not LO..HI with LO < HI, e.g. 0..1, 0..255 "
        + "or -1..1");
  }

  /**
   * Parses three numbers {@code R,G,B}.
   *
   * @throws IllegalArgumentException naming {@code what}
   */
  public static double[] parseRgb(String text, String what) {
    String[] parts = text.trim().split("\\s*,\\s*");
    double[] out = new double[3];
    try {
      if (parts.length == 3) {
        for (int i = 0; i < 3; i++) {
          out[i] = Double.parseDouble(parts[i]);
          if (!Double.isFinite(out[i])) {
            throw new NumberFormatException();
          }
        }
        return out;
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException(what + " '" + text + "' is not three numbers R,G,B, e.g. "
        + "123.68,116.779,103.939");
  }

  /** True when the network takes the range as it is: no mean, a std of 1, RGB. */
  public boolean rangeOnly() {
    return !bgr && Arrays.equals(mean, new double[3]) && Arrays.equals(std, new double[] {1, 1, 1});
  }

  /** One line for listings and records, e.g. {@code RGB 0..255, minus mean (R,G,B) 123.68,116.779,103.939, as BGR}. */
  public String describe() {
    StringBuilder sb = new StringBuilder("RGB ").append(number(min)).append("..").append(number(max));
    if (!Arrays.equals(mean, new double[3])) {
      sb.append(", minus mean (R,G,B) ").append(triple(mean));
    }
    if (!Arrays.equals(std, new double[] {1, 1, 1})) {
      sb.append(", divided by std (R,G,B) ").append(triple(std));
    }
    if (bgr) {
      sb.append(", as BGR");
    }
    return sb.toString();
  }

  private static String triple(double[] v) {
    return number(v[0]) + "," + number(v[1]) + "," + number(v[2]);
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InputConvention c && c.min == min && c.max == max && Arrays.equals(c.mean, mean)
        && Arrays.equals(c.std, std) && c.bgr == bgr;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new double[] {min, max, bgr ? 1 : 0}) * 31 + Arrays.hashCode(mean) * 17
        + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return describe();
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }
}
