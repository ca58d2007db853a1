package dev.deepdream.dream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.deepdream.image.FloatImage;
import dev.deepdream.model.Scalars;
import java.util.Map;

/** How each kind of {@link Objective} term is computed and written; kept apart from the value types. */
final class ObjectiveMath {
  private ObjectiveMath() {}

  /** The weight of a term of the canonical sum (1 for a bare leaf). */
  static double weightOf(Objective term) {
    return term instanceof Objective.Weighted w ? w.weight() : 1;
  }

  /** The leaf of a term of the canonical sum. */
  static Objective leafOf(Objective term) {
    return term instanceof Objective.Weighted w ? w.term() : term;
  }

  /** The layer a leaf reads, or null for an input penalty. */
  static String layerOf(Objective leaf) {
    if (leaf instanceof Objective.Mean m) {
      return m.layer();
    } else if (leaf instanceof Objective.MeanOfSquares m) {
      return m.layer();
    } else if (leaf instanceof Objective.Channels c) {
      return c.layer();
    } else if (leaf instanceof Objective.Guide g) {
      return g.layer();
    } else if (leaf instanceof Objective.GuideFeatures g) {
      return g.layer();
    }
    return null;
  }

  static NDArray loss(Objective objective, Map<String, NDArray> acts) {
    NDArray total = null;
    for (Objective t : objective.terms()) {
      double w = weightOf(t);
      Objective leaf = leafOf(t);
      NDArray term = leafLoss(leaf, acts);
      if (term == null) {
        continue;
      }
      if (w != 1) {
        term = term.mul(Scalars.like(term, w)); // not mul(w): see Scalars
      }
      total = total == null ? term : total.add(term);
    }
    return total;
  }

  private static NDArray leafLoss(Objective leaf, Map<String, NDArray> acts) {
    if (leaf instanceof Objective.Mean m) {
      return acts.get(m.layer()).reshape(-1).mean();
    } else if (leaf instanceof Objective.MeanOfSquares m) {
      return acts.get(m.layer()).reshape(-1).square().mean();
    } else if (leaf instanceof Objective.Channels c) {
      NDArray a = acts.get(c.layer());
      long available = a.getShape().get(1);
      NDArray total = null;
      for (int ch : c.channels()) {
        if (ch < 0 || ch >= available) {
          throw new BadOptionException("layer " + c.layer() + " has channels 0.." + (available - 1) + ", not " + ch);
        }
        NDArray m = a.get(":, {}, :, :", ch).reshape(-1).mean();
        total = total == null ? m : total.add(m);
      }
      return total;
    } else if (leaf instanceof Objective.GuideFeatures g) {
      // Mean over positions of the best dot product with any guide position.
      NDArray a = acts.get(g.layer());
      NDArray x = a.reshape(g.channels(), -1).transpose();
      NDArray y = a.getManager().create(g.features(), new Shape(g.channels(), g.features().length / g.channels()));
      return x.matMul(y).max(new int[] {1}).mean();
    } else if (leaf instanceof Objective.Guide g) {
      throw new IllegalStateException("guide(" + g.layer() + ") must be resolved against the network first");
    }
    return null; // an input penalty: computed on the host
  }

  static FloatImage penaltyGradient(Objective objective, FloatImage image) {
    FloatImage total = null;
    for (Objective t : objective.terms()) {
      double w = weightOf(t);
      Objective leaf = leafOf(t);
      FloatImage g;
      if (leaf instanceof Objective.TotalVariation) {
        g = Regularisers.totalVariationGradient(image);
      } else if (leaf instanceof Objective.L2) {
        g = image; // d/dx of half the sum of squares
      } else {
        continue;
      }
      total = total == null ? g.times((float) w) : total.plus(g, (float) w);
    }
    return total;
  }

  static String describe(Objective objective) {
    StringBuilder text = new StringBuilder();
    for (Objective t : objective.terms()) {
      double w = weightOf(t);
      Objective leaf = leafOf(t);
      String body = leafText(leaf);
      double magnitude = Math.abs(w);
      String term = magnitude == 1 ? body : formatNumber(magnitude) + "*" + body;
      if (text.length() == 0) {
        text.append(w < 0 ? "-" : "").append(term);
      } else {
        text.append(w < 0 ? " - " : " + ").append(term);
      }
    }
    return text.toString();
  }

  private static String leafText(Objective leaf) {
    if (leaf instanceof Objective.Mean m) {
      return m.layer();
    } else if (leaf instanceof Objective.MeanOfSquares m) {
      return m.layer() + "^2";
    } else if (leaf instanceof Objective.Channels c) {
      StringBuilder s = new StringBuilder(c.layer()).append(':');
      for (int i = 0; i < c.channels().size(); i++) {
        s.append(i == 0 ? "" : ",").append(c.channels().get(i));
      }
      return s.toString();
    } else if (leaf instanceof Objective.Guide g) {
      return "guide(" + g.layer() + ")";
    } else if (leaf instanceof Objective.GuideFeatures g) {
      return "guide(" + g.layer() + ")";
    } else if (leaf instanceof Objective.TotalVariation) {
      return "tv";
    } else if (leaf instanceof Objective.L2) {
      return "l2";
    }
    throw new IllegalArgumentException("not a leaf: " + leaf);
  }

  /** A weight as short text: 2 rather than 2.0. */
  static String formatNumber(double w) {
    return w == Math.rint(w) && Math.abs(w) < 1e15 ? Long.toString((long) w) : Double.toString(w);
  }
}
