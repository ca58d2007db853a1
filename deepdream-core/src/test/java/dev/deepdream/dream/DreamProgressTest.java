package dev.deepdream.dream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Progress and ETA weigh each step by its octave's pixels: later, larger octaves cost more. */
@Tag("fast")
class DreamProgressTest {
  private static DreamProgress after(int octaveIndex, int step, double work, double workAtStart, long elapsed) {
    return new DreamProgress(octaveIndex, octaveIndex, 2, step, 10, 0f, 1, 1, elapsed, work, workAtStart, () -> null);
  }

  @Test
  void theEtaCountsTheLargerOctavesStillToCome() {
    // Octaves of 100x100 and 200x200 px: the first is a fifth of the work.
    double[] before = Dreamer.workBefore(new int[][] {{100, 100}, {200, 200}});
    assertThat(before).containsExactly(0, 0.2, 1);
    // The first octave's 10 steps took 1 s: 4 s remain, not the 1 s a count of steps would say.
    DreamProgress p = after(0, 10, before[1], 0, 1000);
    assertThat(p.fraction()).isCloseTo(0.2, within(1e-12));
    assertThat(p.etaMillis()).isEqualTo(4000);
    assertThat((double) p.done() / p.total()).isEqualTo(0.5); // the steps, which the old ETA followed
    // A resumed run measures its pace from where it resumed.
    DreamProgress resumed = after(1, 5, 0.6, 0.2, 2000);
    assertThat(resumed.etaMillis()).isEqualTo(2000);
    assertThat(after(0, 0, 0, 0, 0).etaMillis()).isEqualTo(-1);
  }
}
