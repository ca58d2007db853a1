package dev.deepdream.dream;

import ai.djl.ndarray.NDArray;
import dev.deepdream.image.FloatImage;
import dev.deepdream.model.Scalars;
import java.util.Map;

/**
 * Sums of weighted {@link Objective.Leaf} terms: their loss, their image gradient and their text.
 * What each kind of term computes lives on the term itself.
 */
final class ObjectiveMath {
  private ObjectiveMath() {}

  /** The weight of a term of the canonical sum (1 for a bare leaf). */
  static double weightOf(Objective term) {
    return term instanceof Objective.Weighted w ? w.weight() : 1;
  }

  /** The leaf of a term of the canonical sum. */
  static Objective.Leaf leafOf(Objective term) {
    if (term instanceof Objective.Weighted w) {
      return w.term();
    }
    if (term instanceof Objective.Leaf leaf) {
      return leaf;
    }
    throw new IllegalArgumentException("not a term of a canonical sum: " + term);
  }

  static NDArray loss(Objective objective, Map<String, NDArray> acts) {
    NDArray total = null;
    for (Objective t : objective.terms()) {
      double w = weightOf(t);
      NDArray term = leafOf(t).activationLoss(acts);
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

  static FloatImage penaltyGradient(Objective objective, FloatImage image) {
    FloatImage total = null;
    for (Objective t : objective.terms()) {
      double w = weightOf(t);
      FloatImage g = leafOf(t).imageGradient(image);
      if (g != null) {
        total = total == null ? g.times((float) w) : total.plus(g, (float) w);
      }
    }
    return total;
  }

  static String describe(Objective objective) {
    StringBuilder text = new StringBuilder();
    for (Objective t : objective.terms()) {
      double w = weightOf(t);
      String body = leafOf(t).text();
      double magnitude = Math.abs(w);
      String term = magnitude == 1 ? body : Numbers.format(magnitude) + "*" + body;
      if (text.length() == 0) {
        text.append(w < 0 ? "-" : "").append(term);
      } else {
        text.append(w < 0 ? " - " : " + ").append(term);
      }
    }
    return text.toString();
  }

}
