package dev.deepdream.dream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The feature-visualisation terms: their text round-trips, and each computes what it says on small tensors. */
@Tag("fast")
class FeatureObjectivesTest {
  @Test
  void textRoundTrips() {
    for (String text : List.of("neuron(mixed4:97)", "neuron(mixed4:97,x=3,y=5)", "neuron(mixed4:97,y=2)",
        "direction(mixed4,12=-0.5,97=1)", "diversity(mixed4)", "class(2)", "class(dense_3:2)",
        "mixed4:97 - 100*diversity(mixed4)", "0.5*neuron(inception_4c/output:7) + direction(mixed3,0=1.0E-5) - tv",
        "-class(1) + 2*mixed5")) {
      Objective o = ObjectiveParser.parse(text);
      assertThat(o.describe()).as(text).isEqualTo(text);
      assertThat(ObjectiveParser.parse(o.describe())).isEqualTo(o);
    }
    double[] vector = new double[98];
    vector[97] = 1;
    vector[12] = -0.5;
    assertThat(ObjectiveParser.parse("direction(mixed4, 97=1, 12=-0.5)"))
        .isEqualTo(Objective.direction("mixed4", vector))
        .isEqualTo(new Objective.Direction("mixed4", Map.of(97, 1.0, 12, -0.5)));
    assertThat(ObjectiveParser.parse("neuron(mixed4:97)")).isEqualTo(Objective.neuron("mixed4", 97));
    assertThat(ObjectiveParser.parse("class(3)")).isEqualTo(Objective.classLogit(3));
    assertThat(ObjectiveParser.parse("mixed4:97 - 50*diversity(mixed4)").layers()).containsExactly("mixed4");
    assertThat(ObjectiveParser.parse("class(3)").readsActivations()).isTrue();
  }

  @Test
  void badTermsSayWhatIsWrong() {
    assertThatThrownBy(() -> ObjectiveParser.parse("neuron(mixed4)")).hasMessageContaining("layer:channel");
    assertThatThrownBy(() -> ObjectiveParser.parse("neuron(mixed4:1,z=2)")).hasMessageContaining("x=N or y=N");
    assertThatThrownBy(() -> ObjectiveParser.parse("direction(mixed4)")).hasMessageContaining("channel=weight");
    assertThatThrownBy(() -> ObjectiveParser.parse("direction(mixed4,1=x)")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> ObjectiveParser.parse("direction(mixed4,1=1,1=2)")).hasMessageContaining("twice");
    assertThatThrownBy(() -> ObjectiveParser.parse("class(-1)")).isInstanceOf(BadOptionException.class);
    assertThatThrownBy(() -> ObjectiveParser.parse("wiggle(mixed4)")).hasMessageContaining("unknown term wiggle");
    assertThatThrownBy(() -> ObjectiveParser.parse("mixed4 + neuron(mixed4:1")).hasMessageContaining("'('");
    assertThatThrownBy(() -> ObjectiveParser.parse("mixed4)")).hasMessageContaining("')'");
  }

  @Test
  void eachTermComputesWhatItSays() {
    try (NDManager m = NDManager.newBaseManager()) {
      // Two images, 3 channels, 3 x 4 positions: value = 100 * image + 10 * channel + position.
      float[] v = new float[2 * 3 * 3 * 4];
      for (int i = 0; i < v.length; i++) {
        int image = i / 36;
        int channel = (i / 12) % 3;
        v[i] = 100 * image + 10 * channel + i % 12;
      }
      NDArray acts = m.create(v, new Shape(2, 3, 3, 4));
      Map<String, NDArray> a = Map.of("l", acts);
      // The centre of a 3 x 4 grid is row 1, column 2 (position 6): (10 + 6 + 110 + 6) / 2.
      assertThat(value(Objective.neuron("l", 1), a)).isEqualTo(66);
      assertThat(value(new Objective.Neuron("l", 1, 0, 2), a)).isEqualTo(68);
      // The mean over images and positions of channel 2 minus half of channel 0.
      double mean2 = 50 + 20 + 5.5;
      double mean0 = 50 + 5.5;
      assertThat(value(new Objective.Direction("l", Map.of(2, 1.0, 0, -0.5)), a)).isCloseTo(mean2 - 0.5 * mean0,
          org.assertj.core.api.Assertions.within(1e-3));
      assertThatThrownBy(() -> value(Objective.neuron("l", 3), a)).hasMessageContaining("channels 0..2");
      // Diversity: 0 for one image; two equal images have similarity 1 each way, so 2 / 2 = 1.
      NDArray one = acts.get("0:1");
      assertThat(value(Objective.diversity("l"), Map.of("l", one))).isCloseTo(0, org.assertj.core.api.Assertions
          .within(1e-6));
      NDArray twice = one.concat(one, 0);
      assertThat(value(Objective.diversity("l"), Map.of("l", twice))).isCloseTo(1, org.assertj.core.api.Assertions
          .within(1e-5));
      assertThat(value(Objective.diversity("l"), a)).isLessThan(1);
      // A class logit from probabilities: log p[c] - mean log p, the logit less the mean logit.
      double[] z = {1.0, 2.0, 4.0};
      double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(4));
      float[] p = new float[3];
      for (int i = 0; i < 3; i++) {
        p[i] = (float) Math.exp(z[i] - lse);
      }
      Map<String, NDArray> head = Map.of("h", m.create(p, new Shape(1, 3)));
      assertThat(value(new Objective.ClassLogit("h", 2), head)).isCloseTo(4 - 7.0 / 3,
          org.assertj.core.api.Assertions.within(1e-4));
      assertThatThrownBy(() -> value(Objective.classLogit(2), head)).hasMessageContaining("needs the model's head");
      assertThatThrownBy(() -> value(new Objective.ClassLogit("h", 3), head)).hasMessageContaining("classes 0..2");
    }
  }

  private static double value(Objective o, Map<String, NDArray> acts) {
    return o.loss(acts).getFloat();
  }
}
