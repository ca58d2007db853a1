package dev.deepdream.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.model.ExecutionPlan;
import dev.deepdream.model.KnownModels;
import dev.deepdream.model.Layout;
import dev.deepdream.model.LoadedModel;
import dev.deepdream.model.Network;
import dev.deepdream.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine check on any CPU: faults injected into plans (whatever this machine's own kernels
 * do) are refused, a machine with no right plan gets the error, and a changed key redoes the
 * check. MobileNetV2 keeps these fast; InceptionV3's check runs in every reference test.
 */
@Tag("model")
class EngineCheckTest {
  @TempDir
  Path home;

  private final List<String> log = new ArrayList<>();

  private static LoadedModel model() {
    return TestModels.load(KnownModels.MOBILENET_V2);
  }

  @Test
  void aWrongPlanIsRefusedAndARightOneChosen() throws Exception {
    LoadedModel m = model();
    try (Network net = m.build()) {
      EngineReport r = EngineChecks.ensure(home, m, net, EngineKey.of(net),
          EngineCheck.Options.defaults().withFaults(Set.of("channels-last")), log::add);
      List<PlanResult> channelsLast = r.plans().stream().filter(p -> p.plan().layout() == Layout.CHANNELS_LAST).toList();
      assertThat(channelsLast).isNotEmpty().allSatisfy(p -> {
        assertThat(p.passed()).isFalse();
        assertThat(p.verdict()).startsWith("refused: ");
        assertThat(p.meanError()).isGreaterThan(1e-4); // the fault scales the first convolution by 1.02
      });
      assertThat(r.passed()).isTrue();
      assertThat(r.chosen().layout()).isEqualTo(Layout.CHANNELS_FIRST);
      assertThat(net.plan()).isEqualTo(r.chosen());
      PlanResult chosen = r.chosenResult();
      assertThat(chosen.gradientCosine()).isGreaterThanOrEqualTo(0.9999);
      assertThat(chosen.meanError()).isLessThanOrEqualTo(1e-4);
      assertThat(chosen.stepSeconds()).isPositive();
      // The lone convolutions were run against the reference and the faulty one was found.
      assertThat(log).anyMatch(l -> l.contains("wrong convolutions Conv1"));
      assertThat(r.describe()).anyMatch(l -> l.startsWith("CPU: ")).anyMatch(l -> l.startsWith("plan: channels-first"));
    }
  }

  @Test
  void withEveryPlanWrongNothingDreamsAndTheErrorNamesTheCheck() throws Exception {
    LoadedModel m = model();
    try (Network net = m.build()) {
      assertThatThrownBy(() -> EngineChecks.ensure(home, m, net, EngineKey.of(net),
          EngineCheck.Options.defaults().withFaults(Set.of("all")), log::add))
          .isInstanceOf(EngineCheckException.class)
          .hasMessageStartingWith("engine check failed: no execution plan computes mobilenet_v2")
          .hasMessageContaining("channels-last refused: ").hasMessageContaining("channels-first refused: ")
          .hasMessageContaining("deepdream doctor");
      assertThat(net.plan().faultLayer()).isNull();
    }
  }

  @Test
  void aStoredVerdictIsReusedUntilTheEngineOrTheCpuChanges() throws Exception {
    LoadedModel m = model();
    try (Network net = m.build()) {
      EngineKey key = EngineKey.of(net);
      EngineCheck.Options quick = EngineCheck.Options.defaults();
      EngineReport first = EngineChecks.ensure(home, m, net, key, quick, log::add);
      Path file = EngineChecks.file(home, m.info().name());
      assertThat(file).isRegularFile();
      assertThat(EngineChecks.stored(home, m.info().name())).isEqualTo(first);
      assertThat(checks()).isEqualTo(1);

      net.use(ExecutionPlan.CHANNELS_FIRST);
      EngineReport again = EngineChecks.ensure(home, m, net, key, quick, log::add);
      assertThat(checks()).as("same key: the stored verdict").isEqualTo(1);
      assertThat(again).isEqualTo(first);
      assertThat(net.plan()).isEqualTo(first.chosen());

      EngineReport newEngine = EngineChecks.ensure(home, m, net, key.withEngine("PyTorch 9.9.9"), quick, log::add);
      assertThat(checks()).isEqualTo(2);
      assertThat(log).anyMatch(l -> l.contains("changed: engine"));
      assertThat(newEngine.key().engine()).isEqualTo("PyTorch 9.9.9");
      assertThat(EngineChecks.stored(home, m.info().name()).key()).isEqualTo(newEngine.key());

      EngineChecks.ensure(home, m, net, key.withEngine("PyTorch 9.9.9").withCpuFlags("sse2 avx2"), quick, log::add);
      assertThat(checks()).isEqualTo(3);
      assertThat(log).anyMatch(l -> l.contains("changed: CPU flags"));
      try (var files = Files.list(file.getParent())) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly(file.getFileName().toString());
      }
    }
  }

  @Test
  void aDamagedVerdictIsCheckedAgain() throws Exception {
    Path file = EngineChecks.file(home, "m");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{ not json");
    assertThat(EngineChecks.stored(home, "m")).isNull();
  }

  private long checks() {
    return log.stream().filter(l -> l.startsWith("checking the engine's kernels")).count();
  }
}
