package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.dream.LossGradient;
import dev.deepdream.dream.Objective;
import dev.deepdream.image.FloatImage;
import dev.deepdream.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One NDManager scope per step: engine memory stays flat over 200 forward+backward steps. */
@Tag("model")
class EngineMemoryTest {
  @Test
  void memoryStaysFlatOver200Steps() throws Exception {
    Network net = TestModels.inceptionNetwork();
    var objective = Objective.layerMeans(Map.of("mixed3", 1.0, "mixed5", 1.0));
    FloatImage x = new FloatImage(3, 96, 128, new float[3 * 96 * 128]);
    for (int i = 0; i < 50; i++) { // warm-up: allocator pools, oneDNN caches, JIT
      x = x.plus(LossGradient.compute(net, objective, x).gradient(), 1f).clip(-1, 1);
    }
    long before = nativeKb();
    for (int i = 0; i < 200; i++) {
      LossGradient.Result r = LossGradient.compute(net, objective, x);
      x = x.plus(r.gradient(), (float) (0.01 / (r.gradient().std() + 1e-8))).clip(-1, 1);
    }
    long after = nativeKb();
    // What one step's activations take: a step that leaked them would grow by this every time.
    long stepKb = dev.deepdream.dream.TileBudget.estimateBytes(net.graph(), objective.layers(), 110) / 3 / 1024;
    System.out.printf("native memory (RSS - Java heap): %d MB before, %d MB after 200 steps; one step's "
        + "activations: %d MB%n", before >> 10, after >> 10, stepKb >> 10);
    // glibc keeps some freed memory (tens of MB); a leak of activations would be 200 x stepKb (about 2 GB).
    assertThat(after - before).as("native memory growth in kB over 200 steps").isLessThan(200 * stepKb / 4);
  }

  /** Resident memory outside the Java heap (the engine's tensors live there). */
  static long nativeKb() throws Exception {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    return rssKb() - rt.totalMemory() / 1024;
  }

  static long rssKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmRSS");
  }
}
