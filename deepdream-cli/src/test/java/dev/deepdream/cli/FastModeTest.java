package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.dream.LossGradient;
import dev.deepdream.dream.ObjectiveParser;
import dev.deepdream.image.FloatImage;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fast mode (oneDNN bf16 math, process-wide) keeps the gradient's direction. */
@Tag("model")
class FastModeTest {
  @TempDir
  Path tmp;

  @Test
  void bf16GradientHasCosineAtLeast095ToFp32() throws Exception {
    Path image = Path.of("examples/chelsea.png").toAbsolutePath();
    Path grad = tmp.resolve("bf16.grad");
    List<String> cmd = new ArrayList<>(Benchmark.javaCommand());
    cmd.addAll(List.of("bench", "--worker", "--precision", "bf16", "--steps", "1", "--no-runs", "--image",
        image.toString(), "--gradient-out", grad.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("ONEDNN_DEFAULT_FPMATH_MODE", "BF16");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("\"fpmath_env\":\"BF16\"");
    float[] fast = Benchmark.readFloats(grad);
    // Both gradients are CHW planes of the same image.
    float[] exact = LossGradient.compute(TestModels.inceptionNetwork(), ObjectiveParser.parse("mixed3 + mixed5"),
        ImageFiles.read(image).toFloat(-1, 1)).gradient().data();
    assertThat(fast).hasSameSizeAs(exact);
    double cos = FloatImage.cosine(fast, exact);
    System.out.println("bf16 vs fp32 gradient cosine: " + cos);
    assertThat(cos).isGreaterThanOrEqualTo(0.95);
    assertThat(Files.size(grad)).isEqualTo(4L * exact.length);
  }
}
