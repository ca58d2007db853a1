package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
      assertThat(e.getAsJsonObject().keySet()).containsExactlyInAnyOrder("name", "shape", "mean");
    }
  }

  @Test
  void layersWithoutAnImageListShapesForANominalSize() {
    Cli r = Cli.run("layers");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("299x299 input (nominal)").contains("mixed10").contains("[8, 8, 2048]");
  }

  @Test
  void modelsListsSourceSizeHashAndQuantization() {
    Cli r = Cli.run("models");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("inception_v3").contains("uint8-quantized").contains("sha256 8a457f3fdec7db18")
        .contains("nsfwjs@4.4.0").contains("ImageNet features up to mixed5");
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
