package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.dream.DreamProgress;
import dev.deepdream.video.FrameProgress;
import dev.deepdream.video.FrameStep;
import dev.deepdream.video.VideoSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A video's plain progress lines on a clock of the test's own: nobody waits in silence through the warm-up. */
@Tag("fast")
class VideoProgressTest {
  private final StringWriter err = new StringWriter();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final VideoProgress video = new VideoProgress(new Progress(new PrintWriter(err, true), false),
      VideoSettings.defaults(), "out.mp4", now::get);

  private List<String> lines() {
    return err.toString().lines().toList();
  }

  /** Step {@code step} of 10 in octave 2 of 2 of dream {@code pass} of frame 1's 12. */
  private static FrameStep warmup(int pass, int step) {
    DreamProgress d = new DreamProgress(0, 1, 2, step, 10, 1f, 240, 320, 100L * step, 0.4 + 0.06 * step, 0,
        () -> null);
    return new FrameStep(1, 60, pass, 12, 150_000, d);
  }

  @Test
  void theWarmUpShowsItsPassAndStepsAtOnceAndThenEveryFewSeconds() {
    video.stage("video: clip.mp4: loading inception_v3 and counting the frames");
    video.onStart(60, 0);
    assertThat(lines()).containsExactly("video: clip.mp4: loading inception_v3 and counting the frames",
        "video: 60 frames, flow carry, the first frame dreamed 12 times to warm up");
    // Loading the model says nothing itself: the heartbeat speaks after 8 s of silence, not before.
    now.addAndGet(7_000);
    video.tick();
    assertThat(lines()).hasSize(2);
    now.addAndGet(1_000);
    video.tick();
    assertThat(lines().get(2))
        .isEqualTo("frame 1/60  starting (the model loads on its first frame)  (still working: 8 s)");

    // The first step at once; later ones no more often than every 5 s.
    now.addAndGet(500);
    video.onStep(warmup(1, 1));
    assertThat(lines().get(3)).isEqualTo("frame 1/60  warm-up pass 1/12  octave 2/2 (320x240) step 1/10  ETA 2m30s");
    for (int pass = 1; pass <= 12; pass++) {
      for (int step = 1; step <= 10; step++) {
        now.addAndGet(100);
        video.onStep(warmup(pass, step));
        video.tick();
      }
    }
    // 12 passes of 10 steps at 0.1 s: 12 s, so lines at 5 s and 10 s after the first.
    assertThat(lines()).hasSize(6);
    assertThat(lines().get(4)).startsWith("frame 1/60  warm-up pass 5/12  octave 2/2 (320x240) step ");
    assertThat(lines().get(5)).startsWith("frame 1/60  warm-up pass 10/12  ");

    video.onFrame(new FrameProgress(1, 60, 12_500, 1_000, 1, 0, false, null));
    assertThat(lines().get(6)).isEqualTo("frame 1/60  12.5 s (12 passes: warm-up)  ETA 0m59s");
    // A frame's steps after the warm-up are no line of their own while frames come quickly.
    now.addAndGet(1_000);
    video.onStep(new FrameStep(2, 60, 1, 1, 58_000, warmup(1, 10).dream()));
    video.onFrame(new FrameProgress(2, 60, 1_000, 1_000, 2, 1, false, null));
    assertThat(lines()).hasSize(8);
    assertThat(lines().get(7)).isEqualTo("frame 2/60  1.0 s  ETA 0m58s");
  }

  @Test
  void aStepSlowerThanTheLinesIsSaidAgainWithHowLongItHasRun() {
    video.onStart(60, 0);
    now.addAndGet(100);
    video.onStep(warmup(1, 1));
    for (int s = 0; s < 40; s++) {
      now.addAndGet(500);
      video.tick();
    }
    List<String> l = lines();
    assertThat(l).hasSize(4);
    assertThat(l.get(2)).endsWith("step 1/10  ETA 2m30s  (still working: 8 s)");
    assertThat(l.get(3)).endsWith("(still working: 16 s)");
  }
}
