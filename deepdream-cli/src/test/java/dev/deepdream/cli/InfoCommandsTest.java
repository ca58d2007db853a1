package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The layers and models commands. */
@Tag("model")
class InfoCommandsTest {
  @Test
  void layersJsonIsAnArrayOfNameShapeMeanAndNothingElse() {
    Cli r = Cli.run("layers", "examples/chelsea.png", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonArray arr = JsonParser.parseString(r.out()).getAsJsonArray();
    assertThat(arr).hasSize(11);
    JsonObject mixed3 = arr.get(3).getAsJsonObject();
    assertThat(mixed3.get("name").getAsString()).isEqualTo("mixed3");
    assertThat(mixed3.getAsJsonArray("shape").toString()).isEqualTo("[17,26,768]");
    assertThat(mixed3.get("mean").getAsDouble()).isBetween(0.3, 0.5);
    for (var e : arr) {
      assertThat(e.getAsJsonObject().keySet()).containsExactlyInAnyOrder("name", "shape", "mean", "imagenet");
    }
    // The npm copy was fine-tuned past mixed5: every layer says which kind of features it holds.
    assertThat(arr.get(5).getAsJsonObject().get("imagenet").getAsBoolean()).isTrue();
    assertThat(arr.get(6).getAsJsonObject().get("imagenet").getAsBoolean()).isFalse();
  }

  @Test
  void layersWithoutAnImageListShapesForANominalSize() {
    Cli r = Cli.run("layers");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("299x299 input (nominal)").contains("mixed10").contains("[8, 8, 2048]");
    assertThat(r.out().lines().filter(l -> l.startsWith("mixed5 "))).singleElement().asString().endsWith("ImageNet");
    assertThat(r.out().lines().filter(l -> l.startsWith("mixed6 "))).singleElement().asString()
        .endsWith("fine-tuned for another task, not ImageNet");
  }

  @Test
  void modelsListsSourceSizeHashAndQuantization() {
    Cli r = Cli.run("models");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("inception_v3").contains("uint8-quantized").contains("sha256 8a457f3fdec7db18")
        .contains("nsfwjs@4.4.0").contains("ImageNet features up to mixed5");
    // One line per model, its other names beside it, the columns aligned.
    List<String> lines = r.out().lines().skip(1).toList();
    assertThat(lines.stream().filter(l -> l.contains("sha256 8a457f3fdec7db18"))).singleElement().asString()
        .startsWith("inception_v3 (also inception_v3@nsfwjs)");
    assertThat(lines.stream().filter(l -> l.contains(" MB ")).map(l -> l.indexOf(" MB ")).distinct()).hasSize(1);
  }

  @Test
  void importOfSomethingUnknownIsAClearError() {
    Cli r = Cli.run("models", "import", "examples/chelsea.png");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errorLines()).contains("not a model deepdream can import");
  }

  @Test
  void doctorSaysWhatTheEngineRunsOnAndThatItComputes() {
    Cli r = Cli.run("doctor");
    assertThat(r.code()).as(r.err()).isZero();
    // This machine has no GPU: the CPU natives and device, and a product that checks out.
    assertThat(r.out()).contains("engine:  PyTorch 2.7.1").contains("natives: cpu (").contains("device:  cpu()")
        .contains("check:   64x64 matrix product on cpu() ok").contains("models:  ");
  }
}
