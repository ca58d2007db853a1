package dev.deepdream.dream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.deepdream.model.Scalars;

/**
 * The math of the feature-visualisation terms ({@link Objective.Neuron}, {@link Objective.Direction},
 * {@link Objective.Diversity}, {@link Objective.ClassLogit}) on a batch of activations. Every number
 * that meets a tensor on the gradient path is made by {@link Scalars}.
 */
final class FeatureTerms {
  private FeatureTerms() {}

  static NDArray neuron(NDArray a, Objective.Neuron n) {
    Shape s = a.getShape();
    checkChannel(n.layer(), s.get(1), n.channel());
    long h = s.get(2);
    long w = s.get(3);
    long y = n.y() == null ? h / 2 : n.y();
    long x = n.x() == null ? w / 2 : n.x();
    if (y >= h || x >= w) {
      throw new BadOptionException("neuron " + n.text() + ": layer " + n.layer() + " is " + w + "x" + h
          + " at this image size, so x must be below " + w + " and y below " + h);
    }
    return a.get(new NDIndex(":, {}, {}, {}", n.channel(), y, x)).mean();
  }

  static NDArray direction(NDArray a, Objective.Direction d) {
    long channels = a.getShape().get(1);
    float[] v = new float[(int) channels];
    d.vector().forEach((c, weight) -> {
      checkChannel(d.layer(), channels, c);
      v[c] = weight.floatValue();
    });
    NDArray vec = a.getManager().create(v, new Shape(1, channels, 1, 1));
    if (vec.getDataType() != a.getDataType()) {
      vec = vec.toType(a.getDataType(), false);
    }
    // The mean over the batch and positions of the dot product with the vector.
    return a.mul(vec).sum(new int[] {1}).mean();
  }

  static NDArray diversity(NDArray a) {
    Shape s = a.getShape();
    long n = s.get(0);
    long c = s.get(1);
    NDArray f = a.reshape(n, c, -1);
    NDArray grams = f.batchMatMul(f.transpose(0, 2, 1)).reshape(n, -1);
    NDArray norms = grams.square().sum(new int[] {1}, true).sqrt().add(Scalars.like(grams, 1e-10));
    NDArray unit = grams.div(norms);
    NDArray pairs = unit.matMul(unit.transpose());
    // Every ordered pair of distinct images: all dot products less each image's own.
    NDArray others = pairs.sum().sub(unit.square().sum());
    return others.div(Scalars.like(others, n));
  }

  static NDArray classLogit(NDArray p, String head, int label) {
    Shape s = p.getShape();
    if (s.dimension() != 2) {
      throw new BadOptionException("class(" + head + ":" + label + "): " + head + " is not a classifier head (its "
          + "output is " + s + ", not one probability per class)");
    }
    if (label >= s.get(1)) {
      throw new BadOptionException("class " + label + ": the head " + head + " has classes 0.." + (s.get(1) - 1));
    }
    NDArray log = p.maximum(Scalars.like(p, 1e-30)).log();
    return log.get(new NDIndex(":, {}", label)).sub(log.mean(new int[] {1})).mean();
  }

  private static void checkChannel(String layer, long available, int channel) {
    if (channel >= available) {
      throw new BadOptionException("layer " + layer + " has channels 0.." + (available - 1) + ", not " + channel);
    }
  }
}
