package dev.deepdream.dream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import dev.deepdream.image.FloatImage;
import dev.deepdream.model.Network;
import dev.deepdream.support.Reference;
import dev.deepdream.support.TestModels;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tutorial's algorithms against the reference implementation (tolerances from its README). */
@Tag("model")
class TutorialReferenceTest {

  @ParameterizedTest
  @ValueSource(strings = {"chelsea", "coffee"})
  void octaveSizesMatch(String photo) throws Exception {
    Reference ref = Reference.of(photo);
    DreamConfig cfg = DreamConfig.builder().mode(Mode.OCTAVES).build();
    int[][] sizes = cfg.octaves().sizes(ref.height(), ref.width());
    JsonArray expected = ref.json().getAsJsonArray("octave_sizes_scale_1_3");
    assertThat(sizes.length).isEqualTo(expected.size());
    for (int i = 0; i < sizes.length; i++) {
      assertThat(sizes[i]).containsExactly(expected.get(i).getAsJsonArray().get(0).getAsInt(),
          expected.get(i).getAsJsonArray().get(1).getAsInt());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"chelsea", "coffee"})
  void simpleStepsFollowTheReference(String photo) throws Exception {
    Reference ref = Reference.of(photo);
    Network net = TestModels.inceptionNetwork();
    FloatImage input = ref.input();

    DreamConfig one = DreamConfig.builder().mode(Mode.SIMPLE).objective("mixed3 + mixed5").steps(1).build();
    FloatImage after1 = new Dreamer(net, one, DreamListener.none(), 0, one.objective(), List.of()).run(input);
    float[] expected1 = ref.tensor("simple1.f32").data();
    double maxAbs = 0;
    for (int i = 0; i < expected1.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(after1.data()[i] - expected1[i]));
    }
    assertThat(maxAbs).as("max abs difference after one step").isLessThanOrEqualTo(0.01);

    DreamConfig ten = DreamConfig.builder().mode(Mode.SIMPLE).objective("mixed3 + mixed5").steps(10).build();
    Dreamer dreamer = new Dreamer(net, ten, DreamListener.none(), 0, ten.objective(), List.of());
    FloatImage after10 = dreamer.run(input);
    JsonArray losses = ref.json().getAsJsonObject("simple10").getAsJsonArray("loss_before_each_step");
    List<Float> ours = dreamer.losses();
    assertThat(ours).hasSize(10);
    for (int i = 0; i < 10; i++) {
      double l = losses.get(i).getAsDouble();
      assertThat(Math.abs(ours.get(i) - l) / l).as("loss at step " + i).isLessThanOrEqualTo(0.01);
    }
    float[] expected10 = ref.tensor("simple10.f32").data();
    double meanAbs = 0;
    for (int i = 0; i < expected10.length; i++) {
      meanAbs += Math.abs(after10.data()[i] - expected10[i]);
    }
    meanAbs /= expected10.length;
    assertThat(meanAbs).as("mean abs pixel difference after 10 steps").isLessThanOrEqualTo(0.02);
    for (int i = 1; i < 10; i++) {
      assertThat(ours.get(i)).as("loss rises at step " + i).isGreaterThan(ours.get(i - 1));
    }
    for (float v : after10.data()) {
      assertThat(v).isBetween(-1f, 1f);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {600, 512})
  void tiledGradientWithATileLargerThanTheImageEqualsTheUntiledGradient(int tile) throws Exception {
    Reference ref = Reference.of("chelsea"); // 500 x 333: one tile either way
    Network net = TestModels.inceptionNetwork();
    Objective objective = Objective.mean("mixed3").plus(Objective.mean("mixed5"));
    LossGradient.Result plain = LossGradient.compute(net, objective, ref.input());
    TiledGradients.Result tiled = TiledGradients.compute(net, objective, ref.input(), tile, 0, 0);
    assertThat(tiled.loss()).isCloseTo(plain.loss(), within(1e-6f));
    assertThat(tiled.gradient().data()).isEqualTo(plain.gradient().data()); // element by element
  }
}
