package dev.deepdream.video;

import dev.deepdream.dream.DreamProgress;

/**
 * A step of one of a frame's dreams as a listener sees it. A fresh start (the first frame, a new
 * scene) is dreamed {@code passes} times, its warm-up; other frames once.
 *
 * @param number the frame's 1-based number in the clip
 * @param total the last frame this run dreams
 * @param pass 1-based number of this dream of the frame
 * @param passes dreams of this frame: 1, or 1 plus the warm-up passes for a fresh start
 * @param etaMillis estimated milliseconds left in the run (this dream's rest, the frame's passes
 *     to come and the frames after it), -1 before any pace is known
 * @param dream the dream's own step
 */
public record FrameStep(int number, int total, int pass, int passes, long etaMillis, DreamProgress dream) {

  /** Whether this dream is one of a fresh start's warm-up (the frame is dreamed more than once). */
  public boolean warmup() {
    return passes > 1;
  }

  /** Fraction of this frame's work done, 0..1: its dreams so far and this one's share. */
  public double frameFraction() {
    return (pass - 1 + dream.fraction()) / passes;
  }
}
