package dev.deepdream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@link Error} that escapes a command (here a real one: the model does not fit a 40 MB heap)
 * ends in one {@code deepdream: error:} line and exit code 1, as exceptions do; its stack trace
 * only with {@code --verbose}.
 */
@Tag("model")
class CommandErrorsTest {
  private record Run(int code, String output) {}

  private static Run run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx40m", "-Xss4m", "-Dai.djl.offline=true", "-Ddeepdream.home=" + System.getProperty("deepdream.home"),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  @TempDir
  static Path tmp;

  @Test
  void outOfMemoryIsOneLineAndExitOneWithItsTraceOnlyWhenVerbose() throws Exception {
    // A small picture, so that the decoder's own memory guard (a one-line error of its own) stays
    // quiet whatever the 40 MB heap holds, and the model is what does not fit.
    Path photo = tmp.resolve("small.png");
    javax.imageio.ImageIO.write(new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB), "png", photo.toFile());
    Run quiet = run("layers", photo.toString());
    assertThat(quiet.code()).as(quiet.output()).isEqualTo(1);
    List<String> errors = quiet.output().lines().filter(l -> l.startsWith("deepdream: error:")).toList();
    assertThat(errors).as(quiet.output()).hasSize(1);
    assertThat(errors.get(0)).startsWith("deepdream: error: out of memory (Java heap space)").contains("-Xmx");
    assertThat(quiet.output()).doesNotContain("\tat ").doesNotContain("Exception in thread");

    Run verbose = run("layers", photo.toString(), "--verbose");
    assertThat(verbose.code()).isEqualTo(1);
    assertThat(verbose.output()).contains("deepdream: error: out of memory").contains("java.lang.OutOfMemoryError")
        .contains("\tat ");
  }
}
