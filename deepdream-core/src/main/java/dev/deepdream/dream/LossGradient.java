package dev.deepdream.dream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.deepdream.image.FloatImage;
import dev.deepdream.model.Layout;
import dev.deepdream.model.Network;
import java.util.Map;

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
