package dev.deepdream.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.dream.DreamProgress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The arithmetic of a render's ETA: the warm-up frame is not a frame like the others. No model needed. */
@Tag("fast")
class FramePaceTest {
  /** A step of a two-octave dream {@code elapsed} ms in, {@code work} of it done. */
  private static DreamProgress step(long elapsed, double work) {
    return new DreamProgress(0, 1, 2, 5, 10, 1f, 240, 320, elapsed, work, 0, () -> null);
  }

  @Test
  void afterTheWarmUpTheEtaIsTheWarmUpPassesPaceNotTheFirstFrames() {
    // The first frame of a 60-frame clip: a first dream that pays for the engine's first use (20 s),
    // then 11 warm-up passes of 2.6 s; every later frame takes 2.6 s.
    FramePace pace = new FramePace();
    for (int pass = 0; pass < 11; pass++) {
      pace.warmupPass(2_600);
    }
    pace.frame(20_000);
    long eta = new FrameProgress(1, 60, 48_600, pace.frameMillis(), 1, 0, false, null).etaMillis();
    long actual = 59 * 2_600;
    assertThat(eta).isEqualTo(actual);
    // What the first frame's own time gave (its passes left out): 7.7 times the time left.
    assertThat(20_000L * 59).isGreaterThan(7 * actual);
  }

  @Test
  void laterFramesArePacedByTheFramesAfterTheFirst() {
    FramePace pace = new FramePace();
    pace.warmupPass(1_000);
    pace.frame(9_000);
    pace.frame(2_000);
    assertThat(pace.frameMillis()).isEqualTo(2_000);
    pace.frame(3_000);
    assertThat(pace.frameMillis()).isEqualTo(2_500);
    assertThat(new FrameProgress(3, 10, 3_000, pace.frameMillis(), 3, 1, false, null).etaMillis())
        .isEqualTo(7 * 2_500);
    // A later scene's warm-up passes do not change a pace measured on whole frames.
    pace.warmupPass(10_000);
    assertThat(pace.frameMillis()).isEqualTo(2_500);
  }

  @Test
  void withoutWarmUpOrASecondFrameTheFirstFrameIsAllThereIs() {
    FramePace pace = new FramePace();
    assertThat(pace.frameMillis()).isEqualTo(-1);
    assertThat(new FrameProgress(1, 10, 0, pace.frameMillis(), 1, 1, false, null).etaMillis()).isEqualTo(-1);
    pace.frame(4_000);
    assertThat(pace.frameMillis()).isEqualTo(4_000);
  }

  @Test
  void duringTheWarmUpTheEtaCountsThePassesToComeAndEveryFrameLeft() {
    FramePace pace = new FramePace();
    // Pass 1 of 12, nothing timed yet: this dream's own projection (3 s in, a third done: 9 s) stands for each.
    DreamProgress first = step(3_000, 1 / 3.0);
    assertThat(first.etaMillis()).isEqualTo(6_000);
    assertThat(pace.etaMillis(1, 60, 1, 12, first)).isEqualTo(6_000 + 9_000L * (11 + 59));
    // Pass 3 of 12 with two passes of 2 s timed: this dream's rest, 9 more passes and 59 frames of 2 s.
    pace.warmupPass(2_000);
    pace.warmupPass(2_000);
    DreamProgress third = step(1_000, 0.5);
    assertThat(pace.etaMillis(1, 60, 3, 12, third)).isEqualTo(1_000 + 2_000L * (9 + 59));
    // Before a dream's first work nothing can be told.
    assertThat(pace.etaMillis(1, 60, 3, 12, step(0, 0))).isEqualTo(-1);
  }
}
