package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import com.google.gson.JsonParser;
import dev.deepdream.dream.LossGradient;
import dev.deepdream.image.FloatImage;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The ops whose TensorFlow rules differ from PyTorch's defaults, against hand-computed values. */
@Tag("fast")
class TensorflowSemanticsTest {
  private static final ModelInfo INFO = new ModelInfo("t", "t", -1, 1, null, null, null, null, false, null, null);

  private static float[] run(String layerType, String layerConfig, WeightSet weights, FloatImage x) {
    String json = "{\"class_name\":\"Model\",\"config\":{\"layers\":["
        + "{\"name\":\"in\",\"class_name\":\"InputLayer\",\"config\":{\"batch_input_shape\":[null,null,null,1]},\"inbound_nodes\":[]},"
        + "{\"name\":\"op\",\"class_name\":\"" + layerType + "\",\"config\":" + layerConfig
        + ",\"inbound_nodes\":[[[\"in\",0,0,{}]]]}]}}";
    KerasGraph g = KerasGraph.fromConfig(JsonParser.parseString(json).getAsJsonObject());
    try (Network net = Network.build(g, weights, INFO, Engine.getInstance().defaultDevice())) {
      return LossGradient.activations(net, List.of("op"), x).get("op");
    }
  }

  private static FloatImage ramp(int h, int w, float offset) {
    float[] d = new float[h * w];
    for (int i = 0; i < d.length; i++) {
      d[i] = i + offset;
    }
    return new FloatImage(1, h, w, d);
  }

  @Test
  void sameConvolutionWithStride2PutsTheExtraPaddingAfter() {
    WeightSet w = new WeightSet();
    float[] ones = new float[9];
    java.util.Arrays.fill(ones, 1f);
    w.add(new WeightTensor("op/kernel", new long[] {3, 3, 1, 1}, ones));
    FloatImage x = ramp(4, 4, 1); // 1..16
    float[] y = run("Conv2D", "{\"filters\":1,\"kernel_size\":[3,3],\"strides\":[2,2],\"padding\":\"same\",\"use_bias\":false}", w, x);
    // TensorFlow pads 0 before and 1 after: windows start at rows/cols 0 and 2.
    float[][] v = new float[4][4];
    for (int i = 0; i < 16; i++) {
      v[i / 4][i % 4] = i + 1;
    }
    assertThat(y).containsExactly(sum(v, 0, 3, 0, 3), sum(v, 0, 3, 2, 4), sum(v, 2, 4, 0, 3), sum(v, 2, 4, 2, 4));
  }

  @Test
  void sameAveragePoolExcludesThePadding() {
    FloatImage x = ramp(3, 3, 1); // 1..9
    float[] y = run("AveragePooling2D", "{\"pool_size\":[3,3],\"strides\":[1,1],\"padding\":\"same\"}", new WeightSet(), x);
    assertThat(y[0]).isCloseTo((1 + 2 + 4 + 5) / 4f, within(1e-6f)); // corner: 4 real pixels
    assertThat(y[1]).isCloseTo((1 + 2 + 3 + 4 + 5 + 6) / 6f, within(1e-6f)); // edge: 6
    assertThat(y[4]).isCloseTo(5f, within(1e-6f)); // centre: all 9
  }

  @Test
  void sameMaxPoolNeverPicksThePadding() {
    FloatImage x = ramp(3, 3, -20); // all negative
    float[] y = run("MaxPooling2D", "{\"pool_size\":[3,3],\"strides\":[2,2],\"padding\":\"same\"}", new WeightSet(), x);
    assertThat(y).containsExactly(-16f, -15f, -13f, -12f); // a zero from the padding would win every window
  }

  @Test
  void batchNormUsesItsEpsilonAndOptionalScale() {
    WeightSet w = new WeightSet();
    w.add(new WeightTensor("op/beta", new long[] {1}, new float[] {0.5f}));
    w.add(new WeightTensor("op/moving_mean", new long[] {1}, new float[] {2f}));
    w.add(new WeightTensor("op/moving_variance", new long[] {1}, new float[] {4f}));
    FloatImage x = ramp(1, 2, 3); // 3, 4
    float[] y = run("BatchNormalization", "{\"axis\":3,\"epsilon\":0.5,\"center\":true,\"scale\":false}", w, x);
    double s = 1 / Math.sqrt(4.5);
    assertThat(y[0]).isCloseTo((float) ((3 - 2) * s + 0.5), within(1e-6f));
    assertThat(y[1]).isCloseTo((float) ((4 - 2) * s + 0.5), within(1e-6f));
  }

  private static float sum(float[][] v, int r0, int r1, int c0, int c1) {
    float s = 0;
    for (int r = r0; r < Math.min(r1, 4); r++) {
      for (int c = c0; c < Math.min(c1, 4); c++) {
        s += v[r][c];
      }
    }
    return s;
  }
}
