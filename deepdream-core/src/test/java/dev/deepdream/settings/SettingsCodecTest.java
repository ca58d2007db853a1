package dev.deepdream.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.Mode;
import dev.deepdream.dream.Objective;
import dev.deepdream.dream.Transform;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.support.SettingsExamples;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every declared setting round-trips: text -> config -> PNG metadata -> config; bad text names the setting. */
@Tag("fast")
class SettingsCodecTest {
  @TempDir
  Path tmp;

  private final SettingsExamples.RememberedFiles files = new SettingsExamples.RememberedFiles();

  @Test
  void everySettingRoundTripsThroughPngMetadata() throws Exception {
    String image = "examples/coffee.png";
    DreamConfig defaults = DreamConfig.builder().build();
    for (Param p : DreamParams.ALL) {
      DreamConfig config = SettingsCodec.decode(SettingsExamples.of(p, image), files);
      assertThat(config).as(p.name() + "'s example must change the config").isNotEqualTo(defaults);
      Path png = tmp.resolve(p.name() + ".png");
      ImageFiles.write(new Picture(2, 2, new int[4], null), png, SettingsCodec.encode(config), 0.9f);
      Map<String, String> recorded = ImageFiles.readPngText(png);
      DreamConfig back = SettingsCodec.decode(SettingsCodec.fromRecord(recorded), files.byHash());
      assertThat(back).as(p.name() + " read back from " + recorded).isEqualTo(config);
      assertThat(SettingsCodec.encode(back)).isEqualTo(SettingsCodec.encode(config));
    }
  }

  @Test
  void everySettingIsRecordedUnderItsOwnName() throws Exception {
    Set<String> recorded = new HashSet<>();
    for (Param p : DreamParams.ALL) {
      recorded.addAll(SettingsCodec.encode(SettingsCodec.decode(SettingsExamples.of(p, "examples/coffee.png"),
          files)).keySet());
    }
    // A preset is recorded as the settings it gives, and layers as the objective they make.
    Set<String> expected = new HashSet<>(DreamParams.ALL.stream().map(Param::name).toList());
    expected.removeAll(Set.of("preset", "layers"));
    assertThat(recorded).containsAll(expected);
  }

  @Test
  void theTextSyntaxGivesTheSameValuesAsCode() throws Exception {
    DreamConfig fromText = SettingsCodec.decode(Map.of("objective", List.of("mixed4:97 + mixed3 - 0.05*tv"),
        "jitter", List.of("16"), "random_rotate", List.of("5")), ImageSource.none());
    DreamConfig inCode = DreamConfig.builder()
        .objective(Objective.channels("mixed4", 97).plus(Objective.mean("mixed3"))
            .minus(Objective.totalVariation().times(0.05)))
        .transforms(List.of(Transform.randomRotate(5), Transform.jitter(16))).build();
    assertThat(fromText).isEqualTo(inCode);
    assertThat(SettingsCodec.decode(Map.of("layers", List.of("mixed3,mixed5=1.5")), ImageSource.none()).objective())
        .isEqualTo(Objective.mean("mixed3").plus(Objective.mean("mixed5").times(1.5)));
  }

  @Test
  void badValuesAreRejectedNamingTheSetting() {
    assertRejected(Map.of("steps", "0"), "steps must be between 1 and 10000");
    assertRejected(Map.of("step_size", "2"), "step size must be between");
    assertRejected(Map.of("tile_size", "big"), "tile size must be a whole number");
    assertRejected(Map.of("octaves", "2..-2"), "octaves 2..-2 are empty");
    assertRejected(Map.of("octave_scale", "9"), "octave scale must be between");
    assertRejected(Map.of("memory", "lots"), "memory 'lots' must look like 1g");
    assertRejected(Map.of("mode", "fast"), "unknown mode 'fast'");
    assertRejected(Map.of("colour", "red"), "unknown setting 'colour'");
    assertRejected(Map.of("objective", "mixed3 +"), "empty term");
    assertRejected(Map.of("objective", "-0.1*tv"), "reads no layer");
    assertRejected(Map.of("layers", "mixed3", "objective", "mixed5"), "layers or an objective, not both");
    assertRejected(Map.of("keep_colors", "yes"), "keep colors must be true or false, got 'yes'");
  }

  @Test
  void aFlagIsTrueOrFalseAndOffIsRecordedAsNothing() throws Exception {
    DreamConfig on = SettingsCodec.decode(SettingsCodec.single(Map.of("keep_colors", "true")), ImageSource.none());
    assertThat(on.keepColors()).isTrue();
    assertThat(on).isEqualTo(DreamConfig.builder().keepColors(true).build());
    assertThat(SettingsCodec.encode(on)).containsEntry("keep_colors", "true");
    DreamConfig off = SettingsCodec.decode(SettingsCodec.single(Map.of("keep_colors", "false")), ImageSource.none());
    assertThat(off).isEqualTo(DreamConfig.builder().build());
    assertThat(off.keepColors()).isFalse();
    assertThat(SettingsCodec.encode(off)).doesNotContainKey("keep_colors");
    // Given after a preset, and copied by toBuilder.
    assertThat(SettingsCodec.decode(SettingsCodec.single(Map.of("preset", "intense", "keep_colors", "true")),
        ImageSource.none()).keepColors()).isTrue();
    assertThat(on.toBuilder().build()).isEqualTo(on).isNotEqualTo(on.toBuilder().keepColors(false).build());
    assertThat(DreamParams.get("keep_colors").defaultText()).isEqualTo("off");
  }

  @Test
  void settingsTheModeWouldIgnoreAreRejected() {
    assertRejected(Map.of("mode", "simple", "tile_size", "256"), "tile size 256 does nothing in simple mode");
    assertRejected(Map.of("mode", "octaves", "memory", "1g"), "memory budget does nothing in octaves mode");
    assertRejected(Map.of("mode", "simple", "octaves", "-1..1"), "do nothing in simple mode");
    assertRejected(Map.of("guide_layer", "mixed4"), "guide layer does nothing without guide");
    assertThatThrownBy(() -> DreamConfig.builder().mode(Mode.SIMPLE).octaveScale(1.5).build())
        .isInstanceOf(BadOptionException.class).hasMessageContaining("simple mode");
  }

  @Test
  void sizesAreReadAndWrittenAsPeopleWriteThem() {
    assertThat(Sizes.parse("memory", "1g", DreamConfig.MEMORY)).isEqualTo(1L << 30);
    assertThat(Sizes.parse("memory", "1.5G", DreamConfig.MEMORY)).isEqualTo(3L << 29);
    assertThat(Sizes.format(3L << 29)).isEqualTo("1536m");
    assertThat(Sizes.format(Sizes.parse("memory", "800m", DreamConfig.MEMORY))).isEqualTo("800m");
  }

  @Test
  void aVisualisationsRecordGivesADreamItsModelAndObjectiveOnly() {
    // An atlas channel's PNG: its steps and seed drew from noise with Adam, which a dream reads otherwise.
    Map<String, String> drawn = Map.of(SettingsCodec.KIND, SettingsCodec.VISUALISATION, "model", "inception_v3",
        "objective", "mixed3:7", "steps", "256", "seed", "11", "size", "128", "learning_rate", "0.05");
    assertThat(SettingsCodec.fromRecord(drawn)).containsOnlyKeys("model", "objective")
        .containsEntry("objective", List.of("mixed3:7"));
    // A dream's own record keeps them all.
    assertThat(SettingsCodec.fromRecord(Map.of("model", "inception_v3", "steps", "20", "seed", "11")))
        .containsOnlyKeys("model", "steps", "seed");
  }

  private static void assertRejected(Map<String, String> settings, String message) {
    assertThatThrownBy(() -> SettingsCodec.decode(SettingsCodec.single(settings), ImageSource.none()))
        .as(settings.toString()).isInstanceOf(BadOptionException.class).hasMessageContaining(message);
  }
}
