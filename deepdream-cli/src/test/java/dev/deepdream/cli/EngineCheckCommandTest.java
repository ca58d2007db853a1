package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.engine.EngineCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees of the engine check: the plan in doctor, the error when no plan is right, no engine noise. */
@Tag("model")
class EngineCheckCommandTest {
  @TempDir
  Path tmp;

  @Test
  void withEveryPlanWrongTheDreamStopsWithOneLineNamingTheCheckAndWritesNothing() {
    Path out = tmp.resolve("out.png");
    System.setProperty(EngineCheck.FAULT_PROPERTY, "all");
    Cli r;
    try {
      r = Cli.run("dream", "examples/coffee.png", "-o", out.toString(), "--model", "mobilenet_v2", "--mode", "simple",
          "--steps", "1", "--max-dim", "200");
    } finally {
      System.clearProperty(EngineCheck.FAULT_PROPERTY);
    }
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errorLines().lines()).hasSize(1).first().asString()
        .startsWith("deepdream: error: engine check failed: no execution plan computes mobilenet_v2")
        .contains("channels-first refused: ");
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  void doctorShowsTheCpuEachPlanTriedAndThePlanChosen() {
    Cli r = Cli.run("doctor");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("cpu: +\\S.*\\d+ cores")
        .contains("engine check (inception_v3")
        .containsPattern("  channels-first: mean error [0-9.e+-]+, max activation error [0-9.e+-]+, gradient cosine")
        .containsPattern("  channels-last[^\\n]*gradient cosine")
        .containsPattern("plan: channels-\\S+");
  }

  @Test
  void theEnginesOwnWarningsStayOffStderrUnlessVerbose() throws Exception {
    // Small tiles reach convolutions PyTorch computes without oneDNN; there it looks for NNPACK and,
    // on CPUs it does not support (seen on an AVX-512 Zen 5), warns on the process's stderr.
    String quiet = childStderr("--seed", "1");
    assertThat(quiet).contains("octave 5/5").doesNotContain("NNPACK").doesNotContainPattern("(?m)^\\[W\\d");
    String verbose = childStderr("--seed", "1", "--verbose");
    assertThat(verbose).contains("octave 5/5"); // (on the Zen 5 EPYC, 300+ NNPACK lines; EngineLogTest checks the switch)
  }

  /** A dream in a JVM of its own (native warnings go to the process's stderr, not to picocli's writer). */
  private String childStderr(String... more) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(Benchmark.javaCommand());
    cmd.addAll(java.util.List.of("dream", "examples/chelsea.png", "-o", tmp.resolve("a.png").toString(), "--force",
        "--max-dim", "200", "--steps", "1", "--tile-size", "96"));
    cmd.addAll(java.util.List.of(more));
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().close();
    String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(err).isZero();
    return err;
  }
}
