package dev.deepdream.dream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.settings.SettingsCodec;
import dev.deepdream.support.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The entry point on real photos: the loss rises, the picture changes, settings are recorded. */
@Tag("model")
class DeepDreamTest {
  static DeepDream dd;

  @BeforeAll
  static void open() {
    dd = new DeepDream(TestModels.store());
  }

  @AfterAll
  static void close() {
    dd.close();
  }

  static Picture example(String name) throws Exception {
    return ImageFiles.read(Path.of("examples", name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"chelsea.png", "coffee.png", "rocket.jpg"})
  void lossRisesAndThePictureChangesOnEveryPhoto(String photo) throws Exception {
    Picture in = example(photo);
    DreamConfig cfg = DreamConfig.builder().mode(Mode.OCTAVES).octaves(-1, 0).steps(4).maxDim(256).seed(1L).build();
    List<DreamProgress> seen = new ArrayList<>();
    DreamResult r = dd.dream(in, cfg, seen::add);
    assertThat(r.losses()).hasSize(8);
    // Within each octave the loss climbs.
    assertThat(r.losses().get(3)).isGreaterThan(r.losses().get(0));
    assertThat(r.losses().get(7)).isGreaterThan(r.losses().get(4));
    assertThat(r.picture().width()).isEqualTo(256 * in.width() / Math.max(in.width(), in.height()));
    Picture shrunk = in.resize(r.picture().width(), r.picture().height());
    assertThat(meanAbsDiff(shrunk, r.picture())).isGreaterThan(2.0);
    assertThat(seen).hasSize(8);
    assertThat(seen.get(7).fraction()).isEqualTo(1.0);
    assertThat(seen.get(0).preview().getWidth()).isEqualTo(OctavePlan.size(r.picture().width(), 1.3, -1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiled"})
  void tiledRunsAreReproducibleWithASeed(String mode) throws Exception {
    Picture in = example("coffee.png");
    DreamConfig cfg = DreamConfig.builder().mode(Mode.parse(mode)).octaves(0, 0).steps(3).tileSize(160).maxDim(300)
        .seed(42L).build();
    DreamResult a = dd.dream(in, cfg, DreamListener.none());
    DreamResult b = dd.dream(in, cfg, DreamListener.none());
    DreamResult c = dd.dream(in, cfg.toBuilder().seed(43L).build(), DreamListener.none());
    assertThat(a.picture().rgb()).isEqualTo(b.picture().rgb());
    assertThat(a.picture().rgb()).isNotEqualTo(c.picture().rgb());
    assertThat(SettingsCodec.record(a)).containsEntry("seed", "42").containsEntry("mode", "tiled")
        .containsEntry("tile_size", "160").containsEntry("objective", "mixed3 + mixed5").containsKey("software");
    DreamResult unseeded = dd.dream(in, cfg.toBuilder().seed(null).build(), DreamListener.none());
    assertThat(unseeded.config().seed()).isEqualTo(unseeded.seed()); // the random seed is reported
  }

  @ParameterizedTest
  @ValueSource(ints = {1})
  void alphaSurvivesUntouched(int unused) throws Exception {
    Picture in = example("chelsea.png");
    byte[] alpha = new byte[in.width() * in.height()];
    for (int i = 0; i < alpha.length; i++) {
      alpha[i] = (byte) (i % in.width() * 255 / in.width());
    }
    Picture withAlpha = in.withAlpha(alpha);
    DreamResult r = dd.dream(withAlpha, DreamConfig.builder().mode(Mode.SIMPLE).steps(2).build(), DreamListener.none());
    assertThat(r.picture().alpha()).isEqualTo(alpha);
    assertThat(r.picture().rgb()).isNotEqualTo(in.rgb());
  }

  @ParameterizedTest
  @ValueSource(ints = {2})
  void cancellingStopsBetweenSteps(int after) throws Exception {
    Picture in = example("chelsea.png");
    int[] steps = {0};
    DreamListener l = new DreamListener() {
      @Override
      public void onStep(DreamProgress p) {
        steps[0]++;
      }

      @Override
      public boolean isCancelled() {
        return steps[0] >= after;
      }
    };
    assertThatThrownBy(() -> dd.dream(in, DreamConfig.builder().mode(Mode.SIMPLE).steps(50).build(), l))
        .isInstanceOf(DreamCancelledException.class);
    assertThat(steps[0]).isEqualTo(after);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mixd3"})
  void badLayersAndTooSmallImagesAreNamed(String layer) throws Exception {
    DreamConfig bad = DreamConfig.builder().layers(Map.of(layer, 1.0)).build();
    assertThatThrownBy(() -> dd.validate(500, 400, bad)).isInstanceOf(BadOptionException.class)
        .hasMessageContaining("unknown layer 'mixd3'").hasMessageContaining("closest first: mixed3, ");
    DreamConfig tutorial = DreamConfig.builder().build();
    // mixed5 needs 43 px; octave -2 shrinks by 1.3^2, so the input needs 73 px.
    assertThatThrownBy(() -> dd.validate(70, 60, tutorial)).isInstanceOf(ImageTooSmallException.class)
        .hasMessageContaining("need at least 43x43 px").hasMessageContaining("at least 73x73 px")
        .hasMessageContaining("--octaves");
    dd.validate(73, 73, tutorial);
    assertThatThrownBy(() -> dd.validate(73, 72, tutorial)).isInstanceOf(ImageTooSmallException.class);
    DreamConfig deep = DreamConfig.builder().mode(Mode.SIMPLE).layers(Map.of("mixed10", 1.0)).build();
    assertThatThrownBy(() -> dd.validate(74, 200, deep)).hasMessageContaining("at least 75x75 px");
  }

  static double meanAbsDiff(Picture a, Picture b) {
    double s = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      int x = a.rgb()[i];
      int y = b.rgb()[i];
      for (int sh = 0; sh <= 16; sh += 8) {
        s += Math.abs(((x >> sh) & 0xff) - ((y >> sh) & 0xff));
      }
    }
    return s / (3.0 * a.rgb().length);
  }
}
