package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import dev.deepdream.dream.LossGradient;
import dev.deepdream.dream.Objective;
import dev.deepdream.image.FloatImage;
import dev.deepdream.support.TinyNet;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The DJL graph's input gradient against central finite differences, on a tiny network. */
@Tag("fast")
class GradientCheckTest {
  @Test
  void inputGradientMatchesFiniteDifferences() {
    KerasGraph graph = KerasGraph.fromConfig(TinyNet.config());
    ModelInfo info = new ModelInfo("tiny", "tiny", -1, 1, null, null, null, null, false, null, null);
    try (Network net = Network.build(graph, TinyNet.weights(7), info, Engine.getInstance().defaultDevice())) {
      Random r = new Random(3);
      float[] x = new float[3 * 9 * 11];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (r.nextGaussian() * 0.5);
      }
      FloatImage image = new FloatImage(3, 9, 11, x);
      // A smooth scalar of several layers, so every op sits on the gradient's path.
      Objective objective = Objective.mean("add").plus(Objective.mean("dense").times(0.3))
          .plus(Objective.mean("bn_a").times(0.5));
      LossGradient.Result analytic = LossGradient.compute(net, objective, image);
      double maxErr = 0;
      double maxGrad = 0;
      int checked = 0;
      for (int i = 0; i < x.length; i += 7) {
        float eps = 1e-2f;
        float[] plus = x.clone();
        plus[i] += eps;
        float[] minus = x.clone();
        minus[i] -= eps;
        double fp = LossGradient.compute(net, objective, new FloatImage(3, 9, 11, plus)).loss();
        double fm = LossGradient.compute(net, objective, new FloatImage(3, 9, 11, minus)).loss();
        double numeric = (fp - fm) / (2 * eps);
        maxErr = Math.max(maxErr, Math.abs(numeric - analytic.gradient().data()[i]));
        maxGrad = Math.max(maxGrad, Math.abs(analytic.gradient().data()[i]));
        checked++;
      }
      assertThat(checked).isGreaterThan(40);
      assertThat(maxGrad).isGreaterThan(1e-3);
      assertThat(maxErr).as("max |numeric - analytic| (max |grad| " + maxGrad + ")").isLessThan(0.02 * maxGrad + 2e-4);
    }
  }

  @Test
  void foldedConvolutionOutputIsStillReachable() {
    KerasGraph graph = KerasGraph.fromConfig(TinyNet.config());
    WeightSet w = TinyNet.weights(11);
    ModelInfo info = new ModelInfo("tiny", "tiny", -1, 1, null, null, null, null, false, null, null);
    try (Network net = Network.build(graph, w, info, Engine.getInstance().defaultDevice())) {
      FloatImage image = new FloatImage(3, 6, 6, new float[108]);
      // conv_a on zeros (after padding) is its bias everywhere: check the un-folded value.
      Map<String, float[]> acts = LossGradient.activations(net, java.util.List.of("conv_a"), image);
      float[] bias = w.get("conv_a/bias").data();
      float[] a = acts.get("conv_a");
      int plane = a.length / 4;
      for (int c = 0; c < 4; c++) {
        for (int p = 0; p < plane; p++) {
          assertThat(a[c * plane + p]).isCloseTo(bias[c], org.assertj.core.api.Assertions.within(1e-4f));
        }
      }
    }
  }
}
