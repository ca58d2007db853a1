package dev.deepdream.dream;

/** The image sizes of each octave, computed as the tutorial does. */
public final class OctavePlan {
  private OctavePlan() {}

  /**
   * The size of octave {@code n} for a base size: {@code int(float32(base) * 1.3**n)}, in float32
   * as TensorFlow computes it.
   */
  public static int size(int base, double scale, int n) {
    float factor = (float) Math.pow(scale, n);
    return (int) ((float) base * factor);
  }

  /** {height, width} of every octave of {@code config} for an image of the given size. */
  public static int[][] sizes(int height, int width, DreamConfig config) {
    int[] octaves = config.octaves();
    int[][] out = new int[octaves.length][];
    for (int i = 0; i < octaves.length; i++) {
      out[i] = new int[] {
        size(height, config.octaveScale(), octaves[i]), size(width, config.octaveScale(), octaves[i])
      };
    }
    return out;
  }

  /** The smallest base side whose smallest octave is at least {@code needed} px. */
  public static int minimumBase(int needed, DreamConfig config) {
    int lowest = config.mode() == Mode.SIMPLE ? 0 : config.octaveMin();
    int s = needed;
    while (size(s, config.octaveScale(), Math.min(lowest, 0)) < needed) {
      s++;
    }
    return s;
  }
}
