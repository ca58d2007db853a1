package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dream command end to end: exit codes, one-line errors, files left behind (or not). */
@Tag("model")
class DreamCommandTest {
  @TempDir
  Path tmp;

  private Path copyExample(String name) throws Exception {
    Path p = tmp.resolve(name);
    Files.copy(Path.of("examples", name), p);
    return p;
  }

  private static String sha(Path p) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  private String[] files() throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void aLongDreamSaysHowLongItWillTakeFirstAndAShortOneDoesNot() throws Exception {
    java.io.StringWriter said = new java.io.StringWriter();
    try (Progress progress = new Progress(new java.io.PrintWriter(said, true), false);
        dev.deepdream.dream.DeepDream dd = new dev.deepdream.dream.DeepDream(
            dev.deepdream.support.TestModels.store())) {
      dev.deepdream.dream.DreamConfig tutorial = dev.deepdream.dream.DreamConfig.builder().build();
      // The tutorial's settings on a 12-megapixel photo: minutes on any CPU.
      DreamCommand.sayHowLong(dd, progress, 4000, 3000, tutorial);
      double seconds = dd.estimateSeconds(4000, 3000, tutorial);
      assertThat(seconds).isGreaterThan(DreamCommand.LONG_DREAM_SECONDS);
      assertThat(said.toString()).contains("this dream will take about " + Progress.formatDuration(
          Math.round(seconds * 1000))).contains("--max-dim 300").contains("--preset subtle");
      // It grows with the work: four times the pixels, about four times the time.
      assertThat(dd.estimateSeconds(8000, 6000, tutorial) / seconds).isBetween(3.5, 4.5);
      said.getBuffer().setLength(0);
      DreamCommand.sayHowLong(dd, progress, 200, 133, tutorial.toBuilder().mode(dev.deepdream.dream.Mode.SIMPLE)
          .steps(3).build());
      assertThat(said.toString()).isEmpty();
    }
  }

  @Test
  void dreamsAndWritesAnImageOfTheInputsSizeWithItsSettings() throws Exception {
    Path in = copyExample("chelsea.png");
    String before = sha(in);
    Path out = tmp.resolve("out.png");
    Cli r = Cli.run("dream", in.toString(), "-o", out.toString(), "--mode", "octaves", "--octaves", "-1..0",
        "--steps", "3", "--seed", "5", "--save-every", "4");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote " + out).contains("seed 5");
    assertThat(r.err()).contains("octave 2/2").contains("ETA").contains("layers up to mixed5 are the ImageNet weights");
    Picture input = ImageFiles.read(in);
    Picture result = ImageFiles.read(out);
    assertThat(result.width()).isEqualTo(input.width());
    assertThat(result.height()).isEqualTo(input.height());
    assertThat(result.rgb()).isNotEqualTo(input.rgb());
    assertThat(sha(in)).isEqualTo(before);
    Map<String, String> meta = ImageFiles.readPngText(out);
    assertThat(meta).containsEntry("model", "inception_v3").containsEntry("mode", "octaves")
        .containsEntry("objective", "mixed3 + mixed5").containsEntry("steps", "3").containsEntry("step_size", "0.01")
        .containsEntry("octaves", "-1..0").containsEntry("octave_scale", "1.3").containsEntry("seed", "5")
        .containsKey("software");
    assertThat(files()).containsExactly("chelsea.png", "out-step00004.png", "out.png");
  }

  @Test
  void badUsageExitsWith2AndOneLine() throws Exception {
    Path in = copyExample("coffee.png");
    String o = tmp.resolve("o.png").toString();
    Cli unknownOption = Cli.run("dream", in.toString(), "-o", o, "--bogus");
    assertThat(unknownOption.code()).isEqualTo(2);
    assertThat(unknownOption.err()).contains("Unknown option: '--bogus'");
    Cli mode = Cli.run("dream", in.toString(), "-o", o, "--mode", "dreamy");
    assertThat(mode.code()).isEqualTo(2);
    assertThat(mode.errorLines()).contains("unknown mode 'dreamy' (use simple, octaves or tiled)");
    Cli layer = Cli.run("dream", in.toString(), "-o", o, "--layers", "mixd5");
    assertThat(layer.code()).isEqualTo(2);
    assertThat(layer.errorLines()).contains("unknown layer 'mixd5'").contains("closest first: mixed5, ");
    assertThat(layer.errorLines().lines().count()).isEqualTo(1);
    Cli octaves = Cli.run("dream", in.toString(), "-o", o, "--octaves", "2..-2");
    assertThat(octaves.code()).isEqualTo(2);
    assertThat(octaves.errorLines()).contains("octaves 2..-2 are empty");
    Cli format = Cli.run("dream", in.toString(), "-o", tmp.resolve("o.gif").toString());
    assertThat(format.code()).isEqualTo(2);
    assertThat(format.errorLines()).contains("must end in .png, .jpg or .jpeg");
    Cli missingOutput = Cli.run("dream", in.toString());
    assertThat(missingOutput.code()).isEqualTo(2);
    assertThat(missingOutput.err()).contains("Missing required option: '--output=OUTPUT'");
    Cli self = Cli.run("dream", in.toString(), "-o", in.toString(), "--force");
    assertThat(self.code()).isEqualTo(2);
    assertThat(self.errorLines()).contains("is the input file");
    assertThat(files()).containsExactly("coffee.png");
  }

  @Test
  void failuresExitWith1AndLeaveNoOutput() throws Exception {
    Path o = tmp.resolve("o.png");
    Cli missing = Cli.run("dream", tmp.resolve("nope.jpg").toString(), "-o", o.toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.errorLines()).contains("nope.jpg does not exist");
    Path text = Files.writeString(tmp.resolve("notes.png"), "not an image");
    Cli notImage = Cli.run("dream", text.toString(), "-o", o.toString());
    assertThat(notImage.code()).isEqualTo(1);
    assertThat(notImage.errorLines()).contains("is not an image");
    Path in = copyExample("chelsea.png");
    Cli model = Cli.run("dream", in.toString(), "-o", o.toString(), "--model", "nosuchnet");
    assertThat(model.code()).isEqualTo(1);
    assertThat(model.errorLines()).contains("unknown model nosuchnet").contains("inception_v3");
    // 451 x 300 shrunk to 60 px: too small for mixed5 at octave -2.
    Cli small = Cli.run("dream", in.toString(), "-o", o.toString(), "--max-dim", "60");
    assertThat(small.code()).isEqualTo(1);
    assertThat(small.errorLines()).contains("too small").contains("at least 73x73 px");
    assertThat(files()).containsExactly("chelsea.png", "notes.png");
  }

  @Test
  void existingOutputIsKeptUnlessForced() throws Exception {
    Path in = copyExample("chelsea.png");
    Path o = Files.writeString(tmp.resolve("keep.png"), "precious");
    Cli r = Cli.run("dream", in.toString(), "-o", o.toString(), "--mode", "simple", "--steps", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errorLines()).contains("already exists").contains("--force");
    assertThat(Files.readString(o)).isEqualTo("precious");
    Cli forced = Cli.run("dream", in.toString(), "-o", o.toString(), "--mode", "simple", "--steps", "1", "--force");
    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(ImageFiles.read(o).width()).isEqualTo(451);
  }

  @Test
  void everyCommandHasHelpAndVersion() {
    for (String[] cmd : new String[][] {{}, {"dream"}, {"layers"}, {"models"}, {"models", "fetch"}, {"models", "import"}}) {
      String[] help = java.util.Arrays.copyOf(cmd, cmd.length + 1);
      help[cmd.length] = "--help";
      Cli h = Cli.run(help);
      assertThat(h.code()).as(String.join(" ", help)).isZero();
      assertThat(h.out()).contains("Usage:");
      help[cmd.length] = "--version";
      Cli v = Cli.run(help);
      assertThat(v.code()).isZero();
      assertThat(v.out()).startsWith("deepdream ");
    }
    String dreamHelp = Cli.run("dream", "--help").out().replaceAll("\\s+", " ");
    assertThat(dreamHelp).contains("--octaves").contains("(default: -2..2)").contains("--step-size")
        .contains("(default: 0.01)").contains("--tile-size").contains("(default: 512)");
  }
}
