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
 *
 * <p>A dream records its rule by {@link #id()}. A rule of your own is found again from that id
 * (by {@code --like}, or when a record is decoded) when it is registered as a service: a class
 * with a public no-argument constructor listed in {@code META-INF/services/dev.deepdream.dream.StepRule}.
 * A rule that is not registered is recorded as not reproducible, and decoding the record names it.
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

  /** The rules registered as services (see the class comment), in the order the service loader finds them. */
  static List<StepRule> registered() {
    List<StepRule> out = new java.util.ArrayList<>();
    java.util.ServiceLoader.load(StepRule.class).forEach(out::add);
    return out;
  }

  /** True when {@link #parse} finds this rule again from its id: a built-in or a registered rule. */
  static boolean reproducible(StepRule rule) {
    try {
      return parse(rule.id()).id().equals(rule.id());
    } catch (BadOptionException e) {
      return false;
    }
  }

  /** Parses "std", "mean-abs", "laplacian" or the id of a registered rule. */
  static StepRule parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (StepRule r : builtIns()) {
      if (r.id().equals(t)) {
        return r;
      }
    }
    List<String> known = new java.util.ArrayList<>(builtIns().stream().map(StepRule::id).toList());
    for (StepRule r : registered()) {
      if (r.id().equals(text.trim())) {
        return r;
      }
      known.add(r.id());
    }
    throw new BadOptionException("unknown step rule '" + text + "' (known here: " + String.join(", ", known)
        + "; a rule of your own is found by its id when registered in META-INF/services/" + StepRule.class.getName()
        + ")");
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
