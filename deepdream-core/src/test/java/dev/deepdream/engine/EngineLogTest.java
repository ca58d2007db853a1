package dev.deepdream.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The engine's log threshold is really the one libc10 reads; CPU flags hash in a fixed order. */
@Tag("fast")
class EngineLogTest {
  private static int level() {
    NativeLibrary.addSearchPath("c10", LibUtils.getLibtorchPath());
    return NativeLibrary.getInstance("c10").getGlobalVariableAddress("FLAGS_caffe2_log_level").getInt(0);
  }

  @Test
  void warningsAreHiddenAndShownAgainThroughLibc10sOwnThreshold() {
    try {
      assertThat(EngineLog.showWarnings(false)).isTrue();
      assertThat(level()).isEqualTo(2); // ERROR: c10 drops WARNING (1) and below
      assertThat(EngineLog.showWarnings(true)).isTrue();
      assertThat(level()).isEqualTo(1);
    } finally {
      EngineLog.showWarnings(true);
    }
  }

  @Test
  void cpuFlagsIterateSortedWhateverTheirOrderSoTheKeyIsStableAcrossRuns() {
    CpuInfo cpu = new CpuInfo("x", "", Set.of("sse2", "avx512f", "avx2", "fma", "aes"), 2);
    assertThat(cpu.flags()).containsExactly("aes", "avx2", "avx512f", "fma", "sse2");
    assertThat(cpu.notableFlags()).containsExactly("avx2", "fma", "avx512f");
  }
}
