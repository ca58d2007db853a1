package dev.deepdream.dream;

/**
 * The octaves of a dream: octave n is the image scaled by {@code scale^n}, for n = min..max, and
 * how one octave hands over to the next. Sizes are computed as the tutorial does.
 *
 * @param min lowest octave (-2 in the tutorial)
 * @param max highest octave (2)
 * @param scale size ratio between octaves (1.3)
 * @param mode resize the dream (the tutorial) or carry its detail (the original notebook)
 */
public record OctavePlan(int min, int max, double scale, OctaveMode mode) {
  /** The allowed octave numbers. */
  public static final Range OCTAVE = Range.ofInt("octave", -12, 8);
  /** The allowed size ratios. */
  public static final Range SCALE = Range.of("octave scale", 1.01, 4);
  /** At most this many octaves. */
  public static final int MAX_COUNT = 21;

  /** Checks the ranges. */
  public OctavePlan {
    if (min > max) {
      throw new BadOptionException("octaves " + min + ".." + max + " are empty");
    }
    OCTAVE.check(min);
    OCTAVE.check(max);
    if (max - min + 1 > MAX_COUNT) {
      throw new BadOptionException("octaves " + min + ".." + max + ": at most " + MAX_COUNT + " octaves");
    }
    SCALE.check(scale);
    if (mode == null) {
      mode = OctaveMode.RESIZE;
    }
  }

  /** The tutorial's: octaves -2..2 at 1.3, resizing. */
  public static OctavePlan tutorial() {
    return new OctavePlan(-2, 2, 1.3, OctaveMode.RESIZE);
  }

  /** One octave at the input size (simple mode). */
  public static OctavePlan single() {
    return new OctavePlan(0, 0, 1.3, OctaveMode.RESIZE);
  }

  /** The same plan with other octave numbers. */
  public OctavePlan withRange(int newMin, int newMax) {
    return new OctavePlan(newMin, newMax, scale, mode);
  }

  /** The same plan with another ratio. */
  public OctavePlan withScale(double newScale) {
    return new OctavePlan(min, max, newScale, mode);
  }

  /** The same plan with another hand-over. */
  public OctavePlan withMode(OctaveMode newMode) {
    return new OctavePlan(min, max, scale, newMode);
  }

  /** True for one octave at the input size. */
  public boolean isSingle() {
    return min == 0 && max == 0;
  }

  /** The octave numbers, lowest first. */
  public int[] octaves() {
    int[] o = new int[max - min + 1];
    for (int i = 0; i < o.length; i++) {
      o[i] = min + i;
    }
    return o;
  }

  /**
   * The size of octave {@code n} for a base size: {@code int(float32(base) * scale**n)}, in
   * float32 as TensorFlow computes it.
   */
  public static int size(int base, double scale, int n) {
    float factor = (float) Math.pow(scale, n);
    return (int) ((float) base * factor);
  }

  /** {height, width} of every octave for an image of the given size. */
  public int[][] sizes(int height, int width) {
    int[] octaves = octaves();
    int[][] out = new int[octaves.length][];
    for (int i = 0; i < octaves.length; i++) {
      out[i] = new int[] {size(height, scale, octaves[i]), size(width, scale, octaves[i])};
    }
    return out;
  }

  /** The smallest base side whose smallest octave is at least {@code needed} px. */
  public int minimumBase(int needed) {
    int s = needed;
    while (size(s, scale, Math.min(min, 0)) < needed) {
      s++;
    }
    return s;
  }

  /** Text such as {@code -2..2}. */
  public String rangeText() {
    return min == max ? Integer.toString(min) : min + ".." + max;
  }
}
