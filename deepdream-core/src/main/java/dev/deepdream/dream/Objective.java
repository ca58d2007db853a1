package dev.deepdream.dream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.deepdream.image.FloatImage;
import dev.deepdream.image.ImageRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a dream maximises, as a value (lucid's optvis objectives, typed): leaves that read one
 * layer's activations ({@link #mean}, {@link #meanOfSquares}, {@link #channels}, {@link #guide},
 * and for feature visualisation {@link #neuron}, {@link #direction}, {@link #diversity} and
 * {@link #classLogit}) or penalise the input image itself ({@link #totalVariation}, {@link #l2}), composed with
 * {@link #plus}, {@link #minus}, {@link #times} and {@link #negate}. Composition keeps one flat
 * canonical form (a sum of weighted leaves), so an objective built in code equals the one
 * {@link ObjectiveParser} reads from the same text, and {@link #describe()} writes text that
 * parses back to an equal value.
 *
 * <p>The activation terms are differentiated by the engine; the input penalties are applied on
 * the host after the step rule has normalised the activation gradient, so their weights are
 * relative to a unit step. Activation terms read a batch (N, C, H, W) as lucid's do: averaged over
 * it, except {@link Diversity}, which compares its images.
 *
 * <p>One file of over 400 lines because the interface is sealed: every kind of term is a record
 * here (their math is in ObjectiveMath and FeatureTerms), so the compiler knows them all.
 */
public sealed interface Objective {

  /**
   * One term of an objective. Each kind carries what it reads, what it computes and how it is
   * written, so a new kind is one record here (and its syntax in {@link ObjectiveParser}): the
   * compiler asks for each of these methods.
   */
  sealed interface Leaf extends Objective {
    /** The layer whose activations this reads, or null for a penalty on the input image. */
    String layer();

    /** This term's loss from the activations (N, C, H, W) of {@link #layer()}; null for an input penalty. */
    NDArray activationLoss(Map<String, NDArray> activations);

    /** The gradient of this input penalty with respect to the image; null for an activation term. */
    FloatImage imageGradient(FloatImage image);

    /** The text {@link ObjectiveParser} reads back to an equal term. */
    String text();
  }

  /** A term that reads activations: no input penalty. */
  sealed interface ActivationLeaf extends Leaf {
    @Override
    default FloatImage imageGradient(FloatImage image) {
      return null;
    }
  }

  /** A penalty on the input image, applied on the host: it reads no layer. */
  sealed interface ImageLeaf extends Leaf {
    @Override
    default String layer() {
      return null;
    }

    @Override
    default NDArray activationLoss(Map<String, NDArray> activations) {
      return null;
    }
  }

  /** The mean activation of a layer: the tutorial's objective. */
  record Mean(String layer) implements ActivationLeaf {
    @Override
    public NDArray activationLoss(Map<String, NDArray> acts) {
      return acts.get(layer).reshape(-1).mean();
    }

    @Override
    public String text() {
      return layer;
    }
  }

  /** The mean of the squared activation: the original notebook's (favours strong features). */
  record MeanOfSquares(String layer) implements ActivationLeaf {
    @Override
    public NDArray activationLoss(Map<String, NDArray> acts) {
      return acts.get(layer).reshape(-1).square().mean();
    }

    @Override
    public String text() {
      return layer + "^2";
    }
  }

  /** The mean activation of some channels of a layer, summed over the channels. */
  record Channels(String layer, List<Integer> channels) implements ActivationLeaf {
    /** Keeps an unmodifiable copy. */
    public Channels {
      channels = List.copyOf(channels);
      if (channels.isEmpty()) {
        throw new BadOptionException("channels of " + layer + ": at least one is needed");
      }
    }

    @Override
    public NDArray activationLoss(Map<String, NDArray> acts) {
      NDArray a = acts.get(layer);
      long available = a.getShape().get(1);
      NDArray total = null;
      for (int ch : channels) {
        if (ch < 0 || ch >= available) {
          throw new BadOptionException("layer " + layer + " has channels 0.." + (available - 1) + ", not " + ch);
        }
        NDArray m = a.get(":, {}, :, :", ch).reshape(-1).mean();
        total = total == null ? m : total.add(m);
      }
      return total;
    }

    @Override
    public String text() {
      StringBuilder s = new StringBuilder(layer).append(':');
      for (int i = 0; i < channels.size(); i++) {
        s.append(i == 0 ? "" : ",").append(channels.get(i));
      }
      return s.toString();
    }
  }

  /**
   * Guided dreaming (the original notebook's objective_guide): each position's features on
   * {@code layer} are pulled towards the guide photo's feature they already match best. It is
   * resolved against the network ({@link GuideFeatures}) before a dream computes it.
   */
  record Guide(String layer, ImageRef photo) implements ActivationLeaf {
    @Override
    public NDArray activationLoss(Map<String, NDArray> acts) {
      throw new IllegalStateException("guide(" + layer + ") must be resolved against the network first");
    }

    @Override
    public String text() {
      return "guide(" + layer + ")";
    }
  }

  /** Anisotropic total variation of the input image: a penalty against high-frequency noise. */
  record TotalVariation() implements ImageLeaf {
    @Override
    public FloatImage imageGradient(FloatImage image) {
      return Regularisers.totalVariationGradient(image);
    }

    @Override
    public String text() {
      return "tv";
    }
  }

  /** Half the sum of squares of the input image (gradient: the image): a penalty that pulls it towards grey. */
  record L2() implements ImageLeaf {
    @Override
    public FloatImage imageGradient(FloatImage image) {
      return image; // d/dx of half the sum of squares
    }

    @Override
    public String text() {
      return "l2";
    }
  }

  /** A leaf times a weight (negative weights push a feature away). */
  record Weighted(double weight, Leaf term) implements Objective {}

  /** A sum of terms (leaves or weighted leaves). */
  record Sum(List<Objective> terms) implements Objective {
    /** Keeps an unmodifiable copy. */
    public Sum {
      terms = List.copyOf(terms);
    }
  }

  /** A guide resolved for one network: the guide photo's features (C x M), computed once. */
  record GuideFeatures(String layer, float[] features, int channels) implements ActivationLeaf {
    @Override
    public NDArray activationLoss(Map<String, NDArray> acts) {
      // Mean over positions of the best dot product with any guide position.
      NDArray a = acts.get(layer);
      NDArray x = a.reshape(channels, -1).transpose();
      NDArray y = a.getManager().create(features, new Shape(channels, features.length / channels));
      return x.matMul(y).max(new int[] {1}).mean();
    }

    @Override
    public String text() {
      return "guide(" + layer + ")";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GuideFeatures g && g.layer.equals(layer) && g.channels == channels
          && Arrays.equals(g.features, features);
    }

    @Override
    public int hashCode() {
      return layer.hashCode() * 31 + Arrays.hashCode(features);
    }

    @Override
    public String toString() {
      return "GuideFeatures[" + layer + ", " + features.length / Math.max(1, channels) + " positions]";
    }
  }

  /**
   * One channel at one position of a layer (lucid's neuron), the centre by default ({@code h / 2},
   * {@code w / 2} of the layer's grid): its activation, averaged over a batch.
   *
   * @param x the column in the layer's grid, or null for the centre
   * @param y the row in the layer's grid, or null for the centre
   */
  record Neuron(String layer, int channel, Integer x, Integer y) implements ActivationLeaf {
    /** Checks the indices. */
    public Neuron {
      if (channel < 0 || (x != null && x < 0) || (y != null && y < 0)) {
        throw new BadOptionException("neuron(" + layer + ":" + channel + "): channel and position must be 0 or more");
      }
    }

    @Override
    public NDArray activationLoss(Map<String, NDArray> acts) {
      return FeatureTerms.neuron(acts.get(layer), this);
    }

    @Override
    public String text() {
      return "neuron(" + layer + ":" + channel + (x == null ? "" : ",x=" + x) + (y == null ? "" : ",y=" + y) + ")";
    }
  }

  /**
   * A direction in a layer's channel space (lucid's direction): the mean over positions of the dot
   * product of the activations with {@code vector}, given as channel to weight (absent channels weigh 0).
   */
  record Direction(String layer, Map<Integer, Double> vector) implements ActivationLeaf {
    /** Keeps a sorted, unmodifiable copy; at least one channel, none negative. */
    public Direction {
      if (vector.isEmpty()) {
        throw new BadOptionException("direction(" + layer + "): at least one channel=weight is needed");
      }
      if (vector.keySet().stream().anyMatch(c -> c < 0)) {
        throw new BadOptionException("direction(" + layer + "): channels must be 0 or more");
      }
      vector = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(vector));
    }

    @Override
    public NDArray activationLoss(Map<String, NDArray> acts) {
      return FeatureTerms.direction(acts.get(layer), this);
    }

    @Override
    public String text() {
      StringBuilder s = new StringBuilder("direction(").append(layer);
      vector.forEach((c, w) -> s.append(',').append(c).append('=').append(Numbers.format(w)));
      return s.append(')').toString();
    }
  }

  /**
   * How alike the images of a batch are (lucid's diversity): the cosine similarity of each pair's
   * Gram matrices of {@code layer}, summed over the ordered pairs and divided by the batch size; 0
   * for one image. Subtract it ({@code mixed4:97 - 100*diversity(mixed4)}) so the images differ.
   */
  record Diversity(String layer) implements ActivationLeaf {
    @Override
    public NDArray activationLoss(Map<String, NDArray> acts) {
      return FeatureTerms.diversity(acts.get(layer));
    }

    @Override
    public String text() {
      return "diversity(" + layer + ")";
    }
  }

  /**
   * A class logit of a softmax classifier head (lucid's class_logit), averaged over a batch. The
   * head's output is probabilities, which keep the logits only up to a common shift, so the logit is
   * read as {@code log p[label] - mean_j log p[j]}: the logit minus the mean logit, exactly.
   *
   * @param head the softmax layer, or null for the model's own head, which feature visualisation
   *     finds (a dream needs it named: {@code class(dense_3:2)})
   */
  record ClassLogit(String head, int label) implements ActivationLeaf {
    /** Checks the label. */
    public ClassLogit {
      if (label < 0) {
        throw new BadOptionException("class(" + label + "): the class must be 0 or more");
      }
    }

    @Override
    public String layer() {
      return head;
    }

    @Override
    public NDArray activationLoss(Map<String, NDArray> acts) {
      if (head == null) {
        throw new BadOptionException("class(" + label + ") needs the model's head: deepdream visualize and atlas "
            + "find it; elsewhere name it, e.g. class(dense_3:" + label + ")");
      }
      return FeatureTerms.classLogit(acts.get(head), head, label);
    }

    @Override
    public String text() {
      return "class(" + (head == null ? "" : head + ":") + label + ")";
    }
  }

  /** The mean activation of {@code layer}. */
  static Objective mean(String layer) {
    return new Mean(layer);
  }

  /** The mean of the squared activation of {@code layer}. */
  static Objective meanOfSquares(String layer) {
    return new MeanOfSquares(layer);
  }

  /** The mean activation of the given channels of {@code layer}, summed. */
  static Objective channels(String layer, int... channels) {
    return new Channels(layer, Arrays.stream(channels).boxed().toList());
  }

  /** Pull the features of {@code layer} towards those of {@code photo}. */
  static Objective guide(String layer, ImageRef photo) {
    return new Guide(layer, photo);
  }

  /** Channel {@code channel} of {@code layer} at the centre of its grid. */
  static Objective neuron(String layer, int channel) {
    return new Neuron(layer, channel, null, null);
  }

  /** The direction {@code vector} (one weight per channel, from channel 0; zeros are left out) of {@code layer}. */
  static Objective direction(String layer, double... vector) {
    Map<Integer, Double> v = new java.util.TreeMap<>();
    for (int c = 0; c < vector.length; c++) {
      if (vector[c] != 0) {
        v.put(c, vector[c]);
      }
    }
    return new Direction(layer, v);
  }

  /** The similarity of a batch's images on {@code layer} (use with a negative weight). */
  static Objective diversity(String layer) {
    return new Diversity(layer);
  }

  /** The logit of class {@code label} at the model's classifier head. */
  static Objective classLogit(int label) {
    return new ClassLogit(null, label);
  }

  /** Total variation of the input (use with a negative weight: {@code minus(totalVariation().times(w))}). */
  static Objective totalVariation() {
    return new TotalVariation();
  }

  /** Half the sum of squares of the input (use with a negative weight). */
  static Objective l2() {
    return new L2();
  }

  /** The tutorial's loss: the sum over layers of weight x mean activation, in the map's order. */
  static Objective layerMeans(Map<String, Double> weights) {
    Objective total = null;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      Objective t = mean(e.getKey()).times(e.getValue());
      total = total == null ? t : total.plus(t);
    }
    if (total == null) {
      throw new BadOptionException("at least one layer is needed");
    }
    return total;
  }

  /** The sum of objectives. */
  static Objective sum(List<Objective> parts) {
    if (parts.isEmpty()) {
      throw new BadOptionException("an objective needs at least one term");
    }
    Objective total = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      total = total.plus(parts.get(i));
    }
    return total;
  }

  /** This plus {@code other}, flattened into one sum. */
  default Objective plus(Objective other) {
    List<Objective> terms = new ArrayList<>(terms());
    terms.addAll(other.terms());
    return terms.size() == 1 ? terms.get(0) : new Sum(terms);
  }

  /** This minus {@code other}. */
  default Objective minus(Objective other) {
    return plus(other.negate());
  }

  /** This times {@code weight}, distributed over a sum; a weight of 1 changes nothing. */
  default Objective times(double weight) {
    List<Objective> out = new ArrayList<>();
    for (Objective t : terms()) {
      double w = weight * ObjectiveMath.weightOf(t);
      Leaf leaf = ObjectiveMath.leafOf(t);
      out.add(w == 1.0 ? leaf : new Weighted(w, leaf));
    }
    return out.size() == 1 ? out.get(0) : new Sum(out);
  }

  /** This times -1: maximising it pushes the features away. */
  default Objective negate() {
    return times(-1);
  }

  /** The terms of the canonical sum (this alone when it is not a sum). */
  default List<Objective> terms() {
    return this instanceof Sum s ? s.terms() : List.of(this);
  }

  /** The layers whose activations this reads, in order. */
  default Set<String> layers() {
    Set<String> out = new LinkedHashSet<>();
    for (Objective t : terms()) {
      String layer = ObjectiveMath.leafOf(t).layer();
      if (layer != null) {
        out.add(layer);
      }
    }
    return out;
  }

  /** True when some term reads activations (an objective of input penalties alone has no gradient to follow). */
  default boolean readsActivations() {
    return !layers().isEmpty() || terms().stream().anyMatch(t -> ObjectiveMath.leafOf(t) instanceof ClassLogit);
  }

  /**
   * The activation part of the loss from the activations (N, C, H, W) of {@link #layers()}; null
   * when no term reads activations.
   */
  default NDArray loss(Map<String, NDArray> activations) {
    return ObjectiveMath.loss(this, activations);
  }

  /** The gradient of the input-penalty part with respect to the image; null when there is none. */
  default FloatImage penaltyGradient(FloatImage image) {
    return ObjectiveMath.penaltyGradient(this, image);
  }

  /** Text such as {@code mixed3 + 1.5*mixed5 - 0.5*mixed4:97 - 0.05*tv}, which {@link ObjectiveParser} reads back. */
  default String describe() {
    return ObjectiveMath.describe(this);
  }
}
