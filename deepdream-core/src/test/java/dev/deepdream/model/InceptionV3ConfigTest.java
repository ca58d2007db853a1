package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.deepdream.support.TestModels;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Java builder of InceptionV3 against the topology shipped in nsfwjs's model.json. */
@Tag("model")
class InceptionV3ConfigTest {
  /** The settings that define what a layer computes (the rest is training metadata). */
  private static final List<String> KEYS = List.of("filters", "kernel_size", "strides", "padding", "use_bias",
      "activation", "dilation_rate", "pool_size", "axis", "epsilon", "center", "scale");

  @Test
  void builderEqualsTheNsfwjsTopologyUpToMixed10() {
    KerasGraph built = KerasGraph.fromConfig(InceptionV3Config.build());
    KerasGraph nsfw = TestModels.inception().graph();
    List<LayerSpec> expected = nsfw.ancestorsOf(Set.of("mixed10"));
    List<LayerSpec> actual = built.ancestorsOf(Set.of("mixed10"));
    assertThat(actual).hasSameSizeAs(expected);
    assertThat(expected.size()).isEqualTo(311); // input + 94 x (conv, bn, relu) + 4 max + 9 avg + 15 concat
    for (LayerSpec e : expected) {
      LayerSpec a = built.layer(e.name());
      assertThat(a).as("layer " + e.name()).isNotNull();
      assertThat(a.type()).as(e.name()).isEqualTo(e.type());
      assertThat(a.inputs()).as(e.name() + " inputs").isEqualTo(e.inputs());
      if (!e.type().equals("InputLayer")) {
        for (String k : KEYS) {
          JsonElement ev = e.config().get(k);
          JsonElement av = a.config().get(k);
          assertThat(String.valueOf(normal(av))).as(e.name() + "." + k).isEqualTo(String.valueOf(normal(ev)));
        }
      }
    }
    // Nothing beyond mixed10 in the builder (no top).
    assertThat(built.layers()).hasSize(expected.size());
  }

  @Test
  void everyKerasLayerNameIsThere() {
    KerasGraph g = KerasGraph.fromConfig(InceptionV3Config.build());
    for (int i = 1; i <= 94; i++) {
      assertThat(g.has("conv2d_" + i)).isTrue();
      assertThat(g.has("batch_normalization_" + i)).isTrue();
      assertThat(g.has("activation_" + i)).isTrue();
    }
    for (int i = 0; i <= 10; i++) {
      assertThat(g.has("mixed" + i)).isTrue();
    }
    assertThat(g.has("mixed9_0")).isTrue();
    assertThat(g.has("mixed9_1")).isTrue();
  }

  /** Numbers compared as numbers (0.001 == .001). */
  private static Object normal(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      return e.getAsBigDecimal().stripTrailingZeros().toPlainString();
    }
    if (e.isJsonArray()) {
      StringBuilder sb = new StringBuilder("[");
      for (JsonElement x : e.getAsJsonArray()) {
        sb.append(normal(x)).append(',');
      }
      return sb.append(']').toString();
    }
    return e.getAsString();
  }

  @Test
  void graphHelpersSeeTheRealStructure() {
    JsonObject cfg = InceptionV3Config.build();
    KerasGraph g = KerasGraph.fromConfig(cfg);
    assertThat(g.layer("mixed3").inputs()).containsExactly("activation_27", "activation_30", "max_pooling2d_3");
    assertThat(LayerShapes.minimumSide(g, "mixed10")).isEqualTo(75);
  }
}
