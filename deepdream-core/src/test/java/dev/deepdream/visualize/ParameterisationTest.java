package dev.deepdream.visualize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.deepdream.dream.LossGradient;
import dev.deepdream.dream.Objective;
import dev.deepdream.image.FloatImage;
import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.ModelInfo;
import dev.deepdream.model.Network;
import dev.deepdream.support.TinyNet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The parameterisations: the Fourier basis inverts exactly, decorrelated colour and the bounds
 * invert, and the gradient of the whole chain (parameters, image, network, objective) matches
 * central finite differences on a tiny network.
 */
@Tag("fast")
class ParameterisationTest {
  private static Network net;

  @BeforeAll
  static void build() {
    ModelInfo info = new ModelInfo("tiny", "tiny", -1, 1, null, null, null, null, false, null, null);
    net = Network.build(KerasGraph.fromConfig(TinyNet.config()), TinyNet.weights(7), info,
        Engine.getInstance().defaultDevice());
  }

  @AfterAll
  static void close() {
    net.close();
  }

  @Test
  void imageToSpectrumToImageIsTheIdentity() {
    Random r = new Random(1);
    for (int[] hw : new int[][] {{16, 16}, {15, 17}, {12, 9}, {224, 224}}) {
      int h = hw[0];
      int w = hw[1];
      float[] image = new float[3 * h * w];
      for (int i = 0; i < image.length; i++) {
        image[i] = (float) r.nextGaussian();
      }
      try (NDManager m = net.newStepManager()) {
        float[] spectrum = Basis.FFT.fromImage(m, image, h, w);
        assertThat(spectrum).hasSize(Basis.FFT.count(h, w));
        float[] back = Basis.FFT.image(m, spectrum, h, w);
        assertThat(maxDiff(image, back)).as(h + "x" + w).isLessThan(1e-5);
      }
    }
  }

  @Test
  void colourAndBoundsInvert() {
    Random r = new Random(2);
    float[] rgb = new float[3 * 5 * 7];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = 0.05f + 0.9f * r.nextFloat();
    }
    for (ImageParam p : List.of(ImageParam.LUCID, new ImageParam(Basis.FFT, false, Bound.CLIP),
        new ImageParam(Basis.PIXEL, true, Bound.CLIP), new ImageParam(Basis.PIXEL, false, Bound.SIGMOID))) {
      try (NDManager m = net.newStepManager()) {
        float[] params = p.fromRgb(m, rgb, 5, 7);
        assertThat(maxDiff(rgb, p.make(m, params, 5, 7).rgb())).as(p.describe()).isLessThan(1e-5);
      }
    }
  }

  @Test
  void gradientOfTheChainMatchesFiniteDifferences() {
    Objective objective = Objective.channels("add", 2).plus(Objective.neuron("conv_b", 1).times(0.5))
        .plus(Objective.direction("relu6", 1, 0, -0.5, 0, 0.25, 0, 0.1, 0));
    for (ImageParam p : List.of(ImageParam.LUCID, new ImageParam(Basis.PIXEL, false, Bound.SIGMOID),
        new ImageParam(Basis.FFT, false, Bound.CLIP))) {
      int h = 12;
      int w = 11;
      Random r = new Random(3);
      float[] params = new float[p.basis().count(h, w)];
      for (int i = 0; i < params.length; i++) {
        params[i] = (float) (r.nextGaussian() * (p.basis() == Basis.FFT ? 0.05 : 0.5));
      }
      float[] analytic;
      try (NDManager m = net.newStepManager()) {
        ImageParam.Made made = p.make(m, params, h, w);
        LossGradient.BatchResult g = LossGradient.computeBatch(net, objective, List.of(image(made, h, w)));
        analytic = p.gradient(m, params, made, g.gradients().get(0).times(2).data(), h, w);
      }
      double maxErr = 0;
      double maxGrad = 0;
      int checked = 0;
      for (int i = 0; i < params.length; i += 5) {
        double eps = p.basis() == Basis.FFT ? 1e-3 : 1e-2;
        float[] plus = params.clone();
        plus[i] += (float) eps;
        float[] minus = params.clone();
        minus[i] -= (float) eps;
        double numeric = (loss(p, objective, plus, h, w) - loss(p, objective, minus, h, w)) / (2 * eps);
        maxErr = Math.max(maxErr, Math.abs(numeric - analytic[i]));
        maxGrad = Math.max(maxGrad, Math.abs(analytic[i]));
        checked++;
      }
      assertThat(checked).isGreaterThan(40);
      assertThat(maxGrad).as(p.describe()).isGreaterThan(1e-3);
      assertThat(maxErr).as(p.describe() + ": max |numeric - analytic| (max |grad| " + maxGrad + ")")
          .isLessThan(0.03 * maxGrad + 2e-4);
    }
  }

  private static double loss(ImageParam p, Objective objective, float[] params, int h, int w) {
    try (NDManager m = net.newStepManager()) {
      return LossGradient.computeBatch(net, objective, List.of(image(p.make(m, params, h, w), h, w))).loss();
    }
  }

  /** The colours in TinyNet's input range [-1, 1]: 2 * rgb - 1 (so the rgb gradient is twice the input's). */
  private static FloatImage image(ImageParam.Made made, int h, int w) {
    return new FloatImage(3, h, w, made.rgb()).affine(2, -1);
  }

  private static double maxDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
