package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.visualize.Spectra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The visualize command end to end: pictures, their settings, batches, seeds and one-line errors. */
@Tag("model")
class VisualizeCommandTest {
  @TempDir
  Path tmp;

  private static final String[] SMALL = {"--model", "inception_v3", "--size", "96", "--steps", "6"};

  private Cli visualize(String... args) {
    List<String> all = new ArrayList<>(List.of("visualize"));
    all.addAll(List.of(SMALL));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  private String[] files() throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void drawsFromNoiseWithItsSettingsAndTheSameSeedGivesTheSamePixels() throws Exception {
    Path a = tmp.resolve("a.png");
    Path b = tmp.resolve("b.png");
    Cli r = visualize("-o", a.toString(), "--objective", "mixed3:7", "--seed", "3");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote " + a).contains("96x96").contains("fft, decorrelated, sigmoid")
        .contains("seed 3");
    assertThat(r.err()).contains("step 6/6").contains("ETA");
    assertThat(visualize("-o", b.toString(), "--objective", "mixed3:7", "--seed", "3").code()).isZero();
    Picture pa = ImageFiles.read(a);
    assertThat(pa.width()).isEqualTo(96);
    assertThat(pa.rgb()).isEqualTo(ImageFiles.read(b).rgb());
    Map<String, String> meta = ImageFiles.readPngText(a);
    assertThat(meta).containsEntry("objective", "mixed3:7").containsEntry("param", "fft")
        .containsEntry("decorrelate", "true").containsEntry("seed", "3").containsEntry("steps", "6")
        .containsEntry("kind", "visualize");
  }

  @Test
  void aBatchWritesOneFileEachAndANeuronOrDirectionDrawsToo() throws Exception {
    Path out = tmp.resolve("many.png");
    Cli r = visualize("-o", out.toString(), "--objective", "neuron(mixed3:7)", "--batch", "2", "--diversity", "50",
        "--seed", "1", "--param", "pixel", "--decorrelate=false");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(files()).containsExactly("many-1.png", "many-2.png");
    assertThat(r.out()).contains("spread ").contains("spectrum distance");
    assertThat(ImageFiles.readPngText(tmp.resolve("many-2.png"))).containsEntry("batch", "2")
        .containsEntry("diversity", "50").containsEntry("decorrelate", "false");
    Cli d = visualize("-o", tmp.resolve("dir.png").toString(), "--objective", "direction(mixed3,7=1,12=-0.5)");
    assertThat(d.code()).as(d.err()).isZero();
  }

  @Test
  void badUsageIsOneLineExitCodeTwoAndNoFile() throws Exception {
    Path out = tmp.resolve("x.png");
    Cli none = visualize("-o", out.toString());
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.errorLines()).isEqualTo("deepdream: error: give --objective, e.g. --objective mixed4:97 (a "
        + "channel; deepdream layers lists the layers)\n");
    Cli layer = visualize("-o", out.toString(), "--objective", "mixd3:7");
    assertThat(layer.code()).isEqualTo(2);
    assertThat(layer.errorLines()).contains("unknown layer 'mixd3'").contains("closest first: mixed3");
    Cli lonely = visualize("-o", out.toString(), "--objective", "mixed3:7", "--diversity", "10");
    assertThat(lonely.code()).isEqualTo(2);
    assertThat(lonely.errorLines()).contains("--batch 2");
    Cli small = visualize("-o", out.toString(), "--objective", "class(2)");
    assertThat(small.code()).isEqualTo(2);
    assertThat(small.errorLines()).contains("too small for layer dense_3").contains("299");
    assertThat(files()).isEmpty();
    Files.writeString(out, "mine");
    Cli exists = visualize("-o", out.toString(), "--objective", "mixed3:7");
    assertThat(exists.code()).isEqualTo(2);
    assertThat(exists.errorLines()).contains("already exists (use --force");
    assertThat(Files.readString(out)).isEqualTo("mine");
  }

  @Test
  void theFourierImageInDecorrelatedColourHasLessHighFrequencyEnergyThanPixels() throws Exception {
    double fft = 0;
    double pixel = 0;
    for (String channel : List.of("mixed3:7", "mixed3:40")) {
      for (boolean fourier : List.of(true, false)) {
        Path out = tmp.resolve((fourier ? "fft-" : "pixel-") + channel.replace(':', '-') + ".png");
        Cli r = Cli.run("visualize", "--model", "inception_v3", "--size", "128", "--steps", "64", "-o",
            out.toString(), "--objective", channel, "--seed", "2", "--param", fourier ? "fft" : "pixel",
            "--decorrelate=" + fourier);
        assertThat(r.code()).as(r.err()).isZero();
        double share = Spectra.highFrequencyShare(ImageFiles.read(out));
        if (fourier) {
          fft += share;
        } else {
          pixel += share;
        }
      }
    }
    assertThat(fft).as("high-frequency share, fft+decorrelated vs pixel " + pixel).isLessThan(pixel * 0.7);
  }
}
