package dev.deepdream.dream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Building blocks for objectives: a layer's mean activation (the tutorial's), its mean of squares
 * (the original notebook's), channels, a guide image's features; and weighting and sums, which
 * compose them.
 */
public final class Objectives {
  private Objectives() {}

  /** An objective from its parts. */
  private record Simple(Set<String> layers, Function<Map<String, NDArray>, NDArray> lossFunction, String text)
      implements Objective {
    @Override
    public NDArray loss(Map<String, NDArray> activations) {
      return lossFunction.apply(activations);
    }

    @Override
    public String describe() {
      return text;
    }
  }

  /** The tutorial's objective for one layer: the mean of its activation. */
  public static Objective layerMean(String layer) {
    return new Simple(Set.of(layer), acts -> acts.get(layer).reshape(-1).mean(), layer);
  }

  /** The original notebook's objective: the mean of the squared activation (favours strong features). */
  public static Objective layerMeanOfSquares(String layer) {
    return new Simple(Set.of(layer), acts -> acts.get(layer).reshape(-1).square().mean(), layer + "^2");
  }

  /** The mean activation of some channels of a layer (summed over the channels). */
  public static Objective channels(String layer, int... channels) {
    int[] chosen = channels.clone();
    StringBuilder text = new StringBuilder(layer).append(':');
    for (int i = 0; i < chosen.length; i++) {
      text.append(i == 0 ? "" : ",").append(chosen[i]);
    }
    return new Simple(Set.of(layer), acts -> {
      NDArray a = acts.get(layer);
      long c = a.getShape().get(1);
      NDArray total = null;
      for (int ch : chosen) {
        if (ch < 0 || ch >= c) {
          throw new BadOptionException("layer " + layer + " has channels 0.." + (c - 1) + ", not " + ch);
        }
        NDArray m = a.get(":, {}, :, :", ch).reshape(-1).mean();
        total = total == null ? m : total.add(m);
      }
      return total;
    }, text.toString());
  }

  /**
   * Guided dreaming (the original notebook's objective_guide): each position of the image's
   * features is pulled towards the guide feature it already matches best, i.e. the mean over
   * positions of max over guide positions of the dot product. {@code guide} is (C, M): the guide
   * image's features at M positions, computed once.
   */
  public static Objective guide(String layer, float[] guide, int channels) {
    int positions = guide.length / channels;
    return new Simple(Set.of(layer), acts -> {
      NDArray a = acts.get(layer);
      NDArray x = a.reshape(channels, -1).transpose(); // (N, C)
      NDArray y = a.getManager().create(guide, new Shape(channels, positions));
      return x.matMul(y).max(new int[] {1}).mean();
    }, "guide(" + layer + ")");
  }

  /** {@code weight} times {@code inner}; a negative weight pushes the feature away. */
  public static Objective weighted(Objective inner, double weight) {
    if (weight == 1.0) {
      return inner;
    }
    return new Simple(inner.layers(), acts -> inner.loss(acts).mul((float) weight),
        formatWeight(weight) + "*" + inner.describe());
  }

  /** The sum of several objectives. */
  public static Objective sum(List<Objective> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("an objective needs at least one term");
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    List<Objective> terms = new ArrayList<>(parts);
    Set<String> layers = new LinkedHashSet<>();
    StringBuilder text = new StringBuilder();
    for (Objective o : terms) {
      layers.addAll(o.layers());
      String d = o.describe();
      if (text.length() > 0) {
        text.append(d.startsWith("-") ? " - " + d.substring(1) : " + " + d);
      } else {
        text.append(d);
      }
    }
    return new Simple(layers, acts -> {
      NDArray total = terms.get(0).loss(acts);
      for (int i = 1; i < terms.size(); i++) {
        total = total.add(terms.get(i).loss(acts));
      }
      return total;
    }, text.toString());
  }

  /** The tutorial's loss: sum over layers of weight x mean activation, in the map's order. */
  public static Objective layerMeans(Map<String, Double> weights) {
    List<Objective> parts = new ArrayList<>();
    for (Map.Entry<String, Double> e : new LinkedHashMap<>(weights).entrySet()) {
      parts.add(weighted(layerMean(e.getKey()), e.getValue()));
    }
    return sum(parts);
  }

  static String formatWeight(double w) {
    return w == Math.rint(w) ? Long.toString((long) w) : Double.toString(w);
  }
}
