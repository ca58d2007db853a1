package dev.deepdream.dream;

import dev.deepdream.image.FloatImage;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * How a raw gradient becomes an update of unit size: divided by its standard deviation
 * ({@link #STD}, the tutorial), by its mean absolute value ({@link #MEAN_ABS}, the original Caffe
 * notebook), or normalised per level of a Laplacian pyramid ({@link #LAPLACIAN}, the TensorFlow
 * notebook's lap_norm, which evens out the frequencies). {@link #of} makes one of your own.
 */
public interface StepRule {
  /** A gradient and the factor it still needs (scalar rules leave the image as it is, saving a copy). */
  record Normalised(FloatImage gradient, float factor) {}

  /** The tutorial's: {@code g / (std(g) + 1e-8)}. */
  StepRule STD = new Named("std", g -> new Normalised(g, (float) (1 / (g.std() + 1e-8))));

  /** The original notebook's: {@code g / (mean|g| + 1e-8)}. */
  StepRule MEAN_ABS = new Named("mean-abs", g -> new Normalised(g, (float) (1 / (meanAbs(g) + 1e-8))));

  /** The TensorFlow notebook's Laplacian-pyramid normalisation, 4 levels. */
  StepRule LAPLACIAN = new Named("laplacian", g -> new Normalised(Laplacian.normalise(g, 4), 1f));

  /** The built-in rules, by id. */
  static List<StepRule> builtIns() {
    return List.of(STD, MEAN_ABS, LAPLACIAN);
  }

  /** The gradient normalised by this rule. */
  Normalised normalise(FloatImage gradient);

  /** A short name: std, mean-abs, laplacian, or a user rule's own. */
  String id();

  /** A user-supplied rule: {@code normalise} maps the raw gradient to the update (before the step size). */
  static StepRule of(String id, UnaryOperator<FloatImage> normalise) {
    return new Named(id, g -> new Normalised(normalise.apply(g), 1f));
  }

  /** Parses "std", "mean-abs" or "laplacian". */
  static StepRule parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (StepRule r : builtIns()) {
      if (r.id().equals(t)) {
        return r;
      }
    }
    throw new BadOptionException("unknown step rule '" + text + "' (use std, mean-abs or laplacian)");
  }

  /** A rule with a name. */
  final class Named implements StepRule {
    private final String id;
    private final java.util.function.Function<FloatImage, Normalised> rule;

    Named(String id, java.util.function.Function<FloatImage, Normalised> rule) {
      this.id = id;
      this.rule = rule;
    }

    @Override
    public Normalised normalise(FloatImage gradient) {
      return rule.apply(gradient);
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String toString() {
      return id;
    }
  }

  /** Mean absolute value, in double precision. */
  static double meanAbs(FloatImage g) {
    double s = 0;
    for (float v : g.data()) {
      s += Math.abs(v);
    }
    return s / g.data().length;
  }
}
