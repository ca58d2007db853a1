package dev.deepdream.web;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.visualize.VisualizeConfig;
import java.util.Locale;

/**
 * The most work one job may ask for, in pixel-steps: the sum over its octaves of the octave's
 * pixels times the steps per octave (tiled and simple alike: tiles cover the same pixels). A
 * remote caller could otherwise queue a 50-megapixel, 10,000-step dream that holds the server
 * for days.
 */
final class ComputeBudget {
  /**
   * 10 gigapixel-steps. The tutorial's heaviest defaults (tiled: octaves -2..2 at scale 1.3, 100
   * steps each) on a 12-megapixel photo (4032x3024) need about 7.9 G, so they pass; a 16-megapixel
   * photo at those settings, or 10,000 simple-mode steps on more than 1 megapixel, does not.
   */
  static final long DEFAULT = 10_000_000_000L;

  private ComputeBudget() {}

  /** The pixel-steps of a job on a picture of this size (after the max-dim shrink). */
  static long pixelSteps(int width, int height, DreamConfig config) {
    int[] size = DeepDream.workingSize(width, height, config); // what will run
    long pixels = 0;
    for (int[] s : config.octaves().sizes(size[1], size[0])) {
      pixels += (long) s[0] * s[1];
    }
    return pixels * config.steps();
  }

  /** Refuses (400, naming both numbers) a job that needs more than {@code budget} pixel-steps. */
  static void check(int width, int height, DreamConfig config, long budget) {
    long needed = pixelSteps(width, height, config);
    if (needed > budget) {
      throw new BadOptionException(String.format(Locale.ROOT, "this dream needs %,d pixel-steps (%s: pixels x steps "
          + "summed over its octaves), over this server's budget of %,d (%s, --max-compute); use a smaller max_dim, "
          + "fewer steps or fewer octaves", needed, readable(needed), budget, readable(budget)));
    }
  }

  /**
   * The pixel-steps of a video job: {@code dreams} dreams (its frames and the first frame's warm-up
   * passes) of frames of this size, each as a photo job of that size is counted. Saturates at
   * {@link Long#MAX_VALUE}.
   */
  static long videoPixelSteps(int width, int height, DreamConfig config, long dreams) {
    long perFrame = pixelSteps(width, height, config);
    return perFrame != 0 && dreams > Long.MAX_VALUE / perFrame ? Long.MAX_VALUE : perFrame * dreams;
  }

  /**
   * Refuses (400, naming both numbers) a video job that needs more than {@code budget} pixel-steps:
   * {@code frames} frames plus {@code warmup} extra passes over the first one. (A new scene gets
   * the warm-up passes too; scene cuts are not known before dreaming, so they are not counted.)
   */
  static void checkVideo(int width, int height, DreamConfig config, int frames, int warmup, long budget) {
    long needed = videoPixelSteps(width, height, config, (long) frames + warmup);
    if (needed > budget) {
      throw new BadOptionException(String.format(Locale.ROOT, "this video needs %,d pixel-steps (%s: %d frames%s, "
          + "each pixels x steps summed over its octaves), over this server's budget of %,d (%s, --max-compute); "
          + "use a smaller max_dim, fewer steps or octaves, or a shorter part of the clip (start, end, every)",
          needed, readable(needed), frames, warmup > 0 ? " + " + warmup + " warm-up pass" + (warmup > 1 ? "es" : "") : "", budget,
          readable(budget)));
    }
  }

  /**
   * Refuses (400, naming both numbers) a batch job whose pictures need more than {@code budget}
   * pixel-steps together, {@code needed} being the sum of each picture's as a photo job's.
   */
  static void checkBatch(long needed, int pictures, long budget) {
    if (needed > budget) {
      throw new BadOptionException(String.format(Locale.ROOT, "this batch needs %,d pixel-steps (%s: %d pictures, "
          + "each pixels x steps summed over its octaves), over this server's budget of %,d (%s, --max-compute); "
          + "use a smaller max_dim, fewer steps or octaves, or fewer pictures in each zip", needed, readable(needed),
          pictures, budget, readable(budget)));
    }
  }

  /**
   * Refuses (400, naming both numbers) an atlas job whose channels need more than {@code budget}
   * pixel-steps together: each channel is its picture's pixels times its steps.
   */
  static void checkAtlas(VisualizeConfig base, int channels, long budget) {
    long perChannel = (long) base.size() * base.size() * base.steps();
    long needed = channels != 0 && perChannel > Long.MAX_VALUE / channels ? Long.MAX_VALUE : perChannel * channels;
    if (needed > budget) {
      throw new BadOptionException(String.format(Locale.ROOT, "this atlas needs %,d pixel-steps (%s: %d channels, "
          + "each size x size x steps), over this server's budget of %,d (%s, --max-compute); draw fewer channels at "
          + "a time (the atlas keeps what is drawn), or a smaller size or fewer steps", needed, readable(needed),
          channels, budget, readable(budget)));
    }
  }

  /** Parses a budget: a count of pixel-steps, or with k, m, g or t (powers of 1000): 10g. */
  static long parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
      case 'k' -> 1_000L;
      case 'm' -> 1_000_000L;
      case 'g' -> 1_000_000_000L;
      case 't' -> 1_000_000_000_000L;
      default -> 1;
    };
    try {
      double v = Double.parseDouble(unit > 1 ? t.substring(0, t.length() - 1) : t);
      if (!(v > 0) || v * unit > Long.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return (long) (v * unit);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("compute budget '" + text + "' must be a positive count of pixel-steps, "
          + "e.g. 10g (10 gigapixel-steps) or 500m");
    }
  }

  /** 7.9 G, 120 M: a count as people read it. */
  static String readable(long n) {
    String[] units = {"T", "G", "M", "k"};
    double[] sizes = {1e12, 1e9, 1e6, 1e3};
    for (int i = 0; i < units.length; i++) {
      if (n >= sizes[i]) {
        return String.format(Locale.ROOT, "%.1f %s", n / sizes[i], units[i]);
      }
    }
    return Long.toString(n);
  }
}
