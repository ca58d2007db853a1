package dev.deepdream.video;

import dev.deepdream.dream.DreamProgress;

/**
 * How long a frame takes in a run, for its ETA. A run's first frame is left out of the pace: it
 * pays for the engine's first use (memory, compiled code) and, when it starts afresh, for its
 * warm-up passes, so counting it made the first ETAs several times too long. Until a second frame
 * is done, a warm-up pass after the first stands for a frame (both are one dream of the frame's
 * size); the first frame's own time is the last resort (a resumed run, or one without warm-up).
 */
final class FramePace {
  private long steadyMillis;
  private int steadyFrames;
  private long passMillis;
  private int passes;
  private long firstMillis = -1;

  /** A warm-up pass (a dream of a fresh frame after its first) took {@code millis}. */
  void warmupPass(long millis) {
    passMillis += millis;
    passes++;
  }

  /** A frame was dreamed in {@code millis}, its warm-up passes left out. */
  void frame(long millis) {
    if (firstMillis < 0) {
      firstMillis = millis;
      return;
    }
    steadyMillis += millis;
    steadyFrames++;
  }

  /** The expected time of a frame to come: the mean of the steady frames, else of the warm-up passes; -1 if unknown. */
  long frameMillis() {
    if (steadyFrames > 0) {
      return steadyMillis / steadyFrames;
    }
    if (passes > 0) {
      return passMillis / passes;
    }
    return firstMillis;
  }

  /**
   * Milliseconds left in the run at a step of dream {@code pass} of {@code passes} of frame
   * {@code number} of {@code total}: the rest of this dream by its own pace, then the frame's
   * passes still to come and the frames after it, each a {@link #frameMillis()}, or while nothing
   * is timed yet this dream's projected length. -1 before the dream can tell.
   */
  long etaMillis(int number, int total, int pass, int passes, DreamProgress step) {
    long rest = step.etaMillis();
    if (rest < 0) {
      return -1;
    }
    long frame = frameMillis();
    if (frame < 0) {
      frame = step.elapsedMillis() + rest;
    }
    return rest + frame * ((long) (passes - pass) + (total - number));
  }
}
