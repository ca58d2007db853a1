package dev.deepdream.video;

import dev.deepdream.dream.DreamProgress;

/** Hears about a render: each frame's steps and each finished frame; can stop it (it resumes later). */
public interface VideoListener {
  /** Called once the clip is known, before the first frame ({@code done} frames were finished before). */
  default void onStart(int total, int done) {}

  /** Called after every step of frame {@code number}'s dreams (by {@link #onStep(FrameStep)} unless overridden). */
  default void onStep(int number, DreamProgress progress) {}

  /**
   * Called after every step of a frame's dreams, with which dream it is (a fresh start's warm-up
   * dreams it several times) and the run's ETA; by default calls {@link #onStep(int, DreamProgress)}.
   */
  default void onStep(FrameStep step) {
    onStep(step.number(), step.dream());
  }

  /** Called when a frame is written. */
  default void onFrame(FrameProgress progress) {}

  /** Called when the frames are done and the output is being encoded. */
  default void onEncoding() {}

  /** Checked between steps; true stops the render with the frames so far kept. */
  default boolean isCancelled() {
    return false;
  }

  /** A listener that ignores everything. */
  static VideoListener none() {
    return new VideoListener() {};
  }
}
