package dev.deepdream.dream;

/** Hears about each step of a dream, and can ask for it to stop. */
public interface DreamListener {
  /** Called after every step. */
  void onStep(DreamProgress progress);

  /** Checked between steps; returning true stops the dream with {@link DreamCancelledException}. */
  default boolean isCancelled() {
    return false;
  }

  /**
   * Called after every octave and when the dream is stopped, with what it takes to continue
   * it later ({@link DeepDream#dream(dev.deepdream.image.Picture, DreamConfig, DreamListener, DreamCheckpoint)}).
   */
  default void onCheckpoint(DreamCheckpoint checkpoint) {}

  /** A listener that ignores everything. */
  static DreamListener none() {
    return p -> {};
  }
}
