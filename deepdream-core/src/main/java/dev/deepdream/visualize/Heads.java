package dev.deepdream.visualize;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.LayerNames;
import dev.deepdream.dream.LossGradient;
import dev.deepdream.dream.Objective;
import dev.deepdream.image.FloatImage;
import dev.deepdream.image.Picture;
import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.LayerShapes;
import dev.deepdream.model.LayerSpec;
import dev.deepdream.model.ModelInfo;
import dev.deepdream.model.Network;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's classifier head: its last layer when that gives one probability per class (a Dense
 * layer with a softmax, or a Softmax node). It is what {@code class(n)} reads and what an atlas's
 * top classes come from. Not every model has one (Keras's weights-only InceptionV3 has none); the
 * nsfwjs copies' head was fine-tuned for image moderation and has 5 classes, not ImageNet's 1000.
 */
public final class Heads {
  private Heads() {}

  /** One class and its probability. */
  public record ClassScore(int label, double probability) {}

  /** The head's layer name, or null when the model has none. */
  public static String find(KerasGraph graph) {
    Set<String> consumed = new HashSet<>();
    graph.layers().forEach(l -> consumed.addAll(l.inputs()));
    List<LayerSpec> layers = graph.layers();
    for (int i = layers.size() - 1; i >= 0; i--) {
      LayerSpec l = layers.get(i);
      if (!consumed.contains(l.name()) && isSoftmax(graph, l) && isVector(graph, l.name())) {
        return l.name();
      }
    }
    return null;
  }

  /** A softmax layer of any format (Keras's, an ONNX Softmax), or a name that stands for one (Caffe's {@code prob}). */
  private static boolean isSoftmax(KerasGraph graph, LayerSpec l) {
    if (l.config().has("alias_of")) {
      return isSoftmax(graph, graph.layer(l.input()));
    }
    return l.isSoftmax();
  }

  private static boolean isVector(KerasGraph graph, String layer) {
    int side = graph.nativeSide(299);
    int[] shape = LayerShapes.infer(graph, side, side).get(layer);
    return shape != null && shape.length == 1;
  }

  /**
   * {@code objective} ready for {@code graph}: every layer it reads checked (an unknown one is named
   * with the closest valid ones), and {@code class(n)} given the model's head.
   *
   * @throws BadOptionException for an unknown layer, or a class objective on a model without a head
   */
  public static Objective resolve(Objective objective, KerasGraph graph, ModelInfo info) {
    List<Objective> out = new ArrayList<>();
    String head = null;
    for (Objective term : objective.terms()) {
      double weight = term instanceof Objective.Weighted w ? w.weight() : 1;
      Objective.Leaf leaf = term instanceof Objective.Weighted w ? w.term() : (Objective.Leaf) term;
      if (leaf instanceof Objective.ClassLogit c) {
        String named = c.head();
        if (named == null) {
          head = head != null ? head : find(graph);
          if (head == null) {
            throw new BadOptionException("model " + info.name() + " has no classifier head (its last layer does not "
                + "give one probability per class), so " + c.text() + " cannot be drawn");
          }
          named = head;
        } else {
          LayerNames.require(graph, info, named);
          if (!isSoftmax(graph, graph.layer(named))) {
            throw new BadOptionException(c.text() + ": " + named + " is not a softmax classifier layer");
          }
        }
        leaf = new Objective.ClassLogit(named, c.label());
      } else if (leaf.layer() != null) {
        LayerNames.require(graph, info, leaf.layer());
      }
      out.add(weight == 1 ? leaf : leaf.times(weight));
    }
    return Objective.sum(out);
  }

  /**
   * The {@code k} most probable classes of {@code picture} at {@code head}, most probable first. The
   * picture is resized to the head's input size (a head that flattens takes exactly one size).
   */
  public static List<ClassScore> top(Network net, String head, Picture picture, int k) {
    int side = net.graph().nativeSide(net.minimumSide(head));
    Picture p = picture.width() == side && picture.height() == side ? picture : picture.resize(side, side);
    FloatImage image = p.toFloat((float) net.info().inputMin(), (float) net.info().inputMax());
    Map<String, float[]> out = LossGradient.activations(net, List.of(head), image);
    float[] probabilities = out.get(head);
    List<ClassScore> scores = new ArrayList<>();
    for (int i = 0; i < probabilities.length; i++) {
      scores.add(new ClassScore(i, probabilities[i]));
    }
    scores.sort((a, b) -> Double.compare(b.probability(), a.probability()));
    return List.copyOf(scores.subList(0, Math.min(k, scores.size())));
  }
}
