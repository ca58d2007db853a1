package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.dream.DreamConfig;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.settings.DreamParams;
import dev.deepdream.settings.Param;
import dev.deepdream.settings.SettingsCodec;
import dev.deepdream.support.SettingsExamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/** The dream settings on the command line come from the codec: every one is an option and round-trips. */
class DreamOptionsTest {
  @TempDir
  Path tmp;

  private final SettingsExamples.RememberedFiles files = new SettingsExamples.RememberedFiles();

  /** The dream command's spec after parsing {@code args} (nothing runs). */
  private static CommandSpec parsed(String... args) {
    CommandLine cl = Main.commandLine();
    List<String> all = new ArrayList<>(List.of("dream", "examples/chelsea.png", "-o", "unused.png"));
    all.addAll(List.of(args));
    cl.parseArgs(all.toArray(String[]::new));
    return cl.getSubcommands().get("dream").getCommandSpec();
  }

  @Test
  @Tag("fast")
  void everySettingIsAnOptionOfEveryCommandThatDreams() {
    CommandLine cl = Main.commandLine();
    for (String command : List.of("dream", "zoom")) {
      CommandSpec spec = cl.getSubcommands().get(command).getCommandSpec();
      for (Param p : DreamParams.ALL) {
        assertThat(spec.findOption(p.option())).as(command + " " + p.option()).isNotNull();
        // The default shown is the command's own (HelpDefaultsTest); dream's are the tutorial's.
        assertThat(spec.findOption(p.option()).description()[0]).contains(p.help())
            .contains(command.equals("dream") ? "(default: " + p.defaultText() + ")" : "(default: ");
      }
    }
  }

  @Test
  @Tag("fast")
  void everySettingRoundTripsFromOptionsThroughPngMetadata() throws Exception {
    String image = "examples/coffee.png";
    for (Param p : DreamParams.ALL) {
      Map<String, List<String>> example = SettingsExamples.of(p, image);
      List<String> args = new ArrayList<>();
      example.forEach((name, values) -> values.forEach(v -> args.addAll(List.of(DreamParams.get(name).option(), v))));
      Map<String, List<String>> given = DreamOptions.given(parsed(args.toArray(String[]::new)));
      assertThat(given).as(String.join(" ", args)).isEqualTo(example);
      DreamConfig fromOptions = SettingsCodec.decode(given, files);
      assertThat(fromOptions).isEqualTo(SettingsCodec.decode(example, files));
      Path png = tmp.resolve(p.name() + ".png");
      ImageFiles.write(new Picture(2, 2, new int[4], null), png, SettingsCodec.encode(fromOptions), 0.9f);
      DreamConfig back = SettingsCodec.decode(SettingsCodec.fromRecord(ImageFiles.readPngText(png)),
          files.byHash());
      assertThat(back).as(p.option()).isEqualTo(fromOptions);
    }
  }

  @Test
  @Tag("fast")
  void aFlagAloneIsTrueAndTakesOnlyTrueOrFalseAsItsValue() {
    assertThat(DreamOptions.given(parsed("--keep-colors"))).isEqualTo(Map.of("keep_colors", List.of("true")));
    assertThat(DreamOptions.given(parsed("--keep-colors=false"))).isEqualTo(Map.of("keep_colors", List.of("false")));
    assertThat(DreamOptions.given(parsed("--keep-colors", "false"))).isEqualTo(Map.of("keep_colors",
        List.of("false")));
    assertThat(DreamOptions.given(parsed())).doesNotContainKey("keep_colors");
    // A bare flag before the photo leaves the photo to be the input.
    CommandLine cl = Main.commandLine();
    cl.parseArgs("dream", "--keep-colors", "examples/coffee.png", "-o", "unused.png");
    CommandSpec spec = cl.getSubcommands().get("dream").getCommandSpec();
    assertThat(DreamOptions.given(spec)).isEqualTo(Map.of("keep_colors", List.of("true")));
    assertThat(spec.positionalParameters().get(0).getValue().toString()).isEqualTo("examples/coffee.png");
    assertThat(spec.findOption("--keep-colors").description()[0]).contains("(default: off)");
    // Anything else is refused in one line naming the option, before anything runs.
    Cli bad = Cli.run("dream", "examples/coffee.png", "-o", tmp.resolve("bad.png").toString(), "--keep-colors=maybe");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.errorLines()).contains("--keep-colors").contains("maybe");
    assertThat(bad.errorLines().lines()).hasSize(1);
    assertThat(Files.exists(tmp.resolve("bad.png"))).isFalse();
  }

  @Test
  @Tag("model")
  void likeReusesAnOldDreamsSettingsAndGivesTheSamePicture() throws Exception {
    Path first = tmp.resolve("first.png");
    Cli a = Cli.run("dream", "examples/chelsea.png", "-o", first.toString(), "--mode", "octaves", "--octaves",
        "-1..0", "--steps", "2", "--max-dim", "160", "--jitter", "8", "--objective", "mixed4:97 + mixed3");
    assertThat(a.code()).as(a.err()).isZero();
    Path again = tmp.resolve("again.png");
    Cli b = Cli.run("dream", "examples/chelsea.png", "-o", again.toString(), "--like", first.toString());
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(ImageFiles.read(again).rgb()).isEqualTo(ImageFiles.read(first).rgb());
    Map<String, String> firstMeta = ImageFiles.readPngText(first);
    Map<String, String> againMeta = ImageFiles.readPngText(again);
    assertThat(againMeta).isEqualTo(firstMeta);
    // An option given with --like overrides the recorded one.
    Path other = tmp.resolve("other.png");
    Cli c = Cli.run("dream", "examples/chelsea.png", "-o", other.toString(), "--like", first.toString(), "--seed", "99");
    assertThat(c.code()).as(c.err()).isZero();
    assertThat(ImageFiles.readPngText(other)).containsEntry("seed", "99").containsEntry("objective",
        firstMeta.get("objective"));
  }

  @Test
  @Tag("fast")
  void likeNamesAGuideThatMustBeGivenAgain() throws Exception {
    Path old = tmp.resolve("old.png");
    ImageFiles.write(new Picture(2, 2, new int[4], null), old, Map.of("mode", "simple", "guide",
        "sha256:" + "ab".repeat(32) + " cat.png"), 0.9f);
    Cli r = Cli.run("dream", "examples/chelsea.png", "-o", tmp.resolve("x.png").toString(), "--like", old.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errorLines()).contains("guide image sha256:abab").contains("cat.png").contains("--guide FILE");
    Path plain = tmp.resolve("plain.png");
    ImageFiles.write(new Picture(2, 2, new int[4], null), plain, Map.of(), 0.9f);
    Cli s = Cli.run("dream", "examples/chelsea.png", "-o", tmp.resolve("y.png").toString(), "--like", plain.toString());
    assertThat(s.code()).isEqualTo(2);
    assertThat(s.errorLines()).contains("holds no deepdream settings");
    assertThat(Files.exists(tmp.resolve("y.png"))).isFalse();
  }

  @Test
  @Tag("fast")
  void likeNamesTheCustomPartsAnOldDreamWasMadeWith() throws Exception {
    // What SettingsCodec.record writes for a dream whose step rule and transform were the library
    // user's own and not registered: --like must not silently make another picture.
    Path old = tmp.resolve("custom.png");
    ImageFiles.write(new Picture(2, 2, new int[4], null), old, Map.of("mode", "simple", "step_rule", "sign",
        "transform", "blur(3)", "not_reproducible", "step rule 'sign' (a rule of your own that is not registered)\n"
        + "transform 'blur(3)' (a transform of your own with no registered Transform.Factory)"), 0.9f);
    Cli r = Cli.run("dream", "examples/chelsea.png", "-o", tmp.resolve("z.png").toString(), "--like", old.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errorLines().lines()).singleElement().asString().contains("cannot make that picture again")
        .contains("step rule 'sign'").contains("transform 'blur(3)'");
    assertThat(Files.exists(tmp.resolve("z.png"))).isFalse();
  }

  @Test
  @Tag("fast")
  void theReadmeListsEverySettingWithItsDefault() throws Exception {
    List<String> rows = Files.readAllLines(Path.of("README.md")).stream().filter(l -> l.startsWith("| `--")).toList();
    for (Param p : DreamParams.ALL) {
      String row = rows.stream().filter(l -> l.startsWith("| `" + p.option() + " ") || l.startsWith("| `" + p.option()
          + "`")).findFirst().orElse(null);
      assertThat(row).as("README row for " + p.option()).isNotNull();
      assertThat(row.split("\\|")[2]).as(p.option() + "'s default in the README").contains(p.defaultText());
    }
  }
}
