package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.deepdream.dream.LossGradient;
import dev.deepdream.dream.Objective;
import dev.deepdream.image.FloatImage;
import dev.deepdream.support.Reference;
import dev.deepdream.support.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The nsfwjs InceptionV3 on DJL against the independent reference implementation's numbers. */
@Tag("model")
class InceptionReferenceTest {

  @ParameterizedTest
  @ValueSource(strings = {"chelsea", "coffee"})
  void layerMeansAndShapesMatchTheReference(String photo) throws Exception {
    assertMatchesTheReference(TestModels.inceptionNetwork(), photo);
  }

  /** Every reference layer's mean, shape and first channels at (0, 0) from {@code net} on {@code photo}. */
  static void assertMatchesTheReference(Network net, String photo) throws Exception {
    Reference ref = Reference.of(photo);
    List<String> names = new ArrayList<>();
    for (JsonElement e : ref.json().getAsJsonArray("layers")) {
      names.add(e.getAsJsonObject().get("name").getAsString());
    }
    assertThat(names).contains("mixed0", "mixed5", "mixed10");
    FloatImage input = ref.input();
    Map<String, float[]> acts = LossGradient.activations(net, names, input);
    for (JsonElement e : ref.json().getAsJsonArray("layers")) {
      JsonObject l = e.getAsJsonObject();
      String name = l.get("name").getAsString();
      float[] a = acts.get(name);
      double mean = 0;
      for (float v : a) {
        mean += v;
      }
      mean /= a.length;
      double expected = l.get("mean").getAsDouble();
      assertThat(Math.abs(mean - expected) / Math.abs(expected)).as(photo + " " + name + " mean").isLessThanOrEqualTo(1e-3);
      int[] shape = net.outputShape(name, input.height(), input.width());
      var refShape = l.getAsJsonArray("shape");
      assertThat(shape).as(name + " shape").containsExactly(refShape.get(0).getAsInt(), refShape.get(1).getAsInt(),
          refShape.get(2).getAsInt());
      assertThat((long) a.length).isEqualTo((long) shape[0] * shape[1] * shape[2]);
      // First 8 channels at (0, 0): NCHW index c * h * w.
      var first8 = l.getAsJsonArray("first8_at_0_0");
      for (int c = 0; c < 8; c++) {
        assertThat((double) a[c * shape[0] * shape[1]]).as(name + " channel " + c)
            .isCloseTo(first8.get(c).getAsDouble(), within(1e-3 + 1e-3 * Math.abs(first8.get(c).getAsDouble())));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"chelsea", "coffee"})
  void seedLossAndGradientMatchTheReference(String photo) throws Exception {
    Reference ref = Reference.of(photo);
    LossGradient.Result r = LossGradient.compute(TestModels.inceptionNetwork(),
        Objective.layerMeans(Map.of("mixed3", 1.0, "mixed5", 1.0)), ref.input());
    double loss = ref.json().getAsJsonObject("seed_loss").get("value").getAsDouble();
    assertThat(Math.abs(r.loss() - loss) / loss).isLessThanOrEqualTo(1e-3);
    FloatImage grad = ref.tensor("grad.f32");
    assertThat(FloatImage.cosine(grad.data(), r.gradient().data())).isGreaterThanOrEqualTo(0.999);
    double refNorm = ref.json().getAsJsonObject("grad").get("l2_norm").getAsDouble();
    assertThat(Reference.norm(r.gradient().data()) / refNorm).isCloseTo(1.0, within(0.01));
  }
}
