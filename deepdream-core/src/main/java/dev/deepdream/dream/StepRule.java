package dev.deepdream.dream;

import dev.deepdream.image.FloatImage;
import java.util.Locale;

/**
 * How a raw gradient becomes an update: divided by its standard deviation (the tutorial), by its
 * mean absolute value (the original Caffe notebook), or normalised per level of a Laplacian
 * pyramid (the TensorFlow notebook's lap_norm, which evens out the frequencies).
 */
public enum StepRule {
  STD, MEAN_ABS, LAPLACIAN;

  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses "std", "mean-abs" or "laplacian". */
  public static StepRule parse(String text) {
    for (StepRule r : values()) {
      if (r.id().equals(text.trim().toLowerCase(Locale.ROOT).replace('_', '-'))) {
        return r;
      }
    }
    throw new BadOptionException("unknown step rule '" + text + "' (use std, mean-abs or laplacian)");
  }

  /**
   * The gradient normalised by this rule. Scalar rules return the same image with the factor to
   * apply (so that big images need no copy); the Laplacian rule returns a new image and 1.
   */
  public Normalised normalise(FloatImage g) {
    return switch (this) {
      case STD -> new Normalised(g, (float) (1 / (g.std() + 1e-8)));
      case MEAN_ABS -> new Normalised(g, (float) (1 / (meanAbs(g) + 1e-8)));
      case LAPLACIAN -> new Normalised(Laplacian.normalise(g, 4), 1f);
    };
  }

  /** A gradient and the factor it still needs. */
  public record Normalised(FloatImage gradient, float factor) {}

  static double meanAbs(FloatImage g) {
    double s = 0;
    for (float v : g.data()) {
      s += Math.abs(v);
    }
    return s / g.data().length;
  }
}
