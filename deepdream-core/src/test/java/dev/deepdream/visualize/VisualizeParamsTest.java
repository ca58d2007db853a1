package dev.deepdream.visualize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Objective;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.ImageRef;
import dev.deepdream.image.Picture;
import dev.deepdream.settings.ImageSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every visualisation setting round-trips: text, config, PNG metadata, config; bad text is one clear error. */
@Tag("fast")
class VisualizeParamsTest {
  @TempDir
  Path tmp;

  @Test
  void everySettingRoundTripsThroughPngMetadata() throws Exception {
    Map<String, ImageRef> read = new HashMap<>();
    ImageSource files = (param, text) -> {
      ImageRef r = ImageSource.files(1_000_000).image(param, text);
      read.put(r.sha256(), r);
      return r;
    };
    VisualizeConfig defaults = VisualizeConfig.builder().objective(Objective.channels("mixed4", 97)).build();
    for (VisualizeParams.VisualizeParam p : VisualizeParams.ALL) {
      String example = p.example().replace("{image}", "examples/coffee.png");
      Map<String, String> text = new HashMap<>(Map.of("objective", "mixed4:97"));
      if (p.name().equals("diversity")) {
        text.put("batch", "2"); // it compares a batch's images
      }
      text.put(p.name(), example);
      VisualizeConfig config = VisualizeParams.decode(text, VisualizeConfig.builder(), files);
      assertThat(config).as(p.name() + "'s example must change the config").isNotEqualTo(defaults);
      Path png = tmp.resolve(p.name() + ".png");
      ImageFiles.write(new Picture(2, 2, new int[4], null), png, VisualizeParams.encode(config), 0.9f);
      Map<String, String> recorded = ImageFiles.readPngText(png);
      VisualizeConfig back = VisualizeParams.decode(recorded, VisualizeConfig.builder(), ImageSource.byHash(read));
      assertThat(back).as(p.name() + " read back from " + recorded).isEqualTo(config);
      assertThat(VisualizeParams.encode(back)).isEqualTo(VisualizeParams.encode(config));
    }
  }

  @Test
  void badValuesAreOneClearError() {
    assertThatThrownBy(() -> decode("size", "8")).isInstanceOf(BadOptionException.class).hasMessageContaining("size");
    assertThatThrownBy(() -> decode("param", "wavelet")).hasMessageContaining("fft or pixel");
    assertThatThrownBy(() -> decode("bound", "tanh")).hasMessageContaining("sigmoid or clip");
    assertThatThrownBy(() -> decode("optimiser", "sgd")).hasMessageContaining("adam");
    assertThatThrownBy(() -> decode("transforms", "blur(3)")).hasMessageContaining("pad(N)");
    // Each value is checked as the settings are read, not when drawing starts.
    assertThatThrownBy(() -> decode("transforms", "pad(0), jitter(8)")).hasMessageContaining("pad must be 1..512 px");
    assertThatThrownBy(() -> decode("diversity", "100")).hasMessageContaining("--batch 2");
    assertThatThrownBy(() -> decode("decorrelate", "maybe")).hasMessageContaining("true or false");
    assertThatThrownBy(() -> VisualizeParams.decode(Map.of("colour", "red"), VisualizeConfig.builder(),
        ImageSource.none())).hasMessageContaining("unknown visualize setting(s): colour");
  }

  @Test
  void theAtlasHasItsOwnDefaultsAndNoPerPictureSettings() {
    VisualizeParams.VisualizeParam size = VisualizeParams.named("size");
    assertThat(size.defaultText()).isEqualTo("224");
    assertThat(size.defaultText(VisualizeConfig.atlasBuilder())).isEqualTo("128");
    assertThat(VisualizeParams.named("steps").defaultText(VisualizeConfig.atlasBuilder())).isEqualTo("256");
    assertThat(VisualizeParams.ALL.stream().filter(p -> !p.atlas()).map(VisualizeParams.VisualizeParam::name))
        .containsExactlyInAnyOrder("objective", "batch", "diversity", "init");
    assertThat(VisualizeParams.named("learning_rate").defaultText()).isEqualTo("0.05");
    assertThat(VisualizeParams.named("transforms").defaultText()).isEqualTo("standard");
  }

  private static VisualizeConfig decode(String name, String value) throws Exception {
    return VisualizeParams.decode(Map.of(name, value), VisualizeConfig.builder(), ImageSource.none());
  }
}
