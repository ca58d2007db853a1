package dev.deepdream.dream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.deepdream.image.FloatImage;
import dev.deepdream.model.Layout;
import dev.deepdream.model.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The loss of an objective and its gradient with respect to the input image: one forward and
 * one backward pass, in an NDManager scope of its own so that nothing outlives the call.
 */
public final class LossGradient {
  private LossGradient() {}

  /** Loss and the gradient of the loss w.r.t. the image (same shape as the image). */
  public record Result(float loss, FloatImage gradient) {}

  /**
   * Computes the objective's loss for {@code image} (CHW, in the model's input range) and its
   * gradient. DJL's gradient collector is global to the JVM, so callers run one at a time.
   */
  public static Result compute(Network network, Objective objective, FloatImage image) {
    int h = image.height();
    int w = image.width();
    int c = image.channels();
    try (NDManager step = network.newStepManager()) {
      // A fresh leaf every step (gradients would accumulate on a reused one), in the memory layout
      // of the network's plan, which the engine check chose for this machine.
      Layout layout = network.plan().layout();
      NDArray leaf = network.input(step, image.data(), c, h, w);
      leaf.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray x = layout.nchw(leaf); // inside the collector, or autograd does not record it
        Map<String, NDArray> acts = network.forward(x, objective.layers());
        NDArray loss = objective.loss(acts);
        collector.backward(loss);
        float value = loss.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray()[0];
        return new Result(value, new FloatImage(c, h, w, layout.toChw(leaf.getGradient(), c, h, w)));
      }
    }
  }

  /** The loss of a batch and the gradient of each of its images (same shapes as the images). */
  public record BatchResult(float loss, List<FloatImage> gradients) {}

  /**
   * Computes {@code objective} over a batch of images of one size (CHW each, in the model's input
   * range) in one forward and one backward pass, with the gradient of each image: activation terms
   * average over the batch as lucid's do, and {@link Objective.Diversity} compares its images. The
   * single-image {@link #compute} is left as it is (the tutorial's numbers are checked on it).
   */
  public static BatchResult computeBatch(Network network, Objective objective, List<FloatImage> images) {
    return batch(network, images, objective.layers(), objective::loss);
  }

  private static BatchResult batch(Network network, List<FloatImage> images, Set<String> layers,
      Function<Map<String, NDArray>, NDArray> lossOf) {
    FloatImage first = images.get(0);
    int n = images.size();
    int c = first.channels();
    int h = first.height();
    int w = first.width();
    int plane = c * h * w;
    float[] data = new float[n * plane];
    for (int i = 0; i < n; i++) {
      FloatImage img = images.get(i);
      if (img.channels() != c || img.height() != h || img.width() != w) {
        throw new IllegalArgumentException("the images of a batch must have one size");
      }
      System.arraycopy(img.data(), 0, data, i * plane, plane);
    }
    try (NDManager step = network.newStepManager()) {
      Layout layout = network.plan().layout();
      NDArray nchw = step.create(data, new Shape(n, c, h, w));
      if (network.dataType() != DataType.FLOAT32) {
        nchw = nchw.toType(network.dataType(), false);
      }
      // The leaf in the plan's memory layout, as compute() makes it, with a batch axis.
      NDArray leaf = layout == Layout.CHANNELS_LAST
          ? nchw.transpose(0, 2, 3, 1).reshape(n, -1).reshape(n, h, w, c) : nchw;
      leaf.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray x = layout.nchw(leaf);
        NDArray loss = lossOf.apply(network.forward(x, layers));
        collector.backward(loss);
        float value = loss.toType(DataType.FLOAT32, false).toFloatArray()[0];
        float[] g = layout.nchw(leaf.getGradient()).toType(DataType.FLOAT32, false).toFloatArray();
        List<FloatImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(new FloatImage(c, h, w, Arrays.copyOfRange(g, i * plane, (i + 1) * plane)));
        }
        return new BatchResult(value, out);
      }
    }
  }

  /** The outputs of the given layers without gradient (mean activation per layer etc.). */
  public static Map<String, float[]> activations(Network network, java.util.Collection<String> layers, FloatImage image) {
    try (NDManager step = network.newStepManager()) {
      NDArray leaf = network.input(step, image.data(), image.channels(), image.height(), image.width());
      Map<String, NDArray> acts = network.forward(network.plan().layout().nchw(leaf), layers);
      Map<String, float[]> out = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, NDArray> e : acts.entrySet()) {
        // NCHW order whatever the plan's memory layout: toFloatArray reads the logical order.
        out.put(e.getKey(), e.getValue().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray());
      }
      return out;
    }
  }
}
