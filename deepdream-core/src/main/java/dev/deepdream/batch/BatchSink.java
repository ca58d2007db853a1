package dev.deepdream.batch;

import dev.deepdream.dream.DreamProgress;
import java.io.IOException;

/**
 * Receives a batch as it goes: each outcome as soon as its input is finished (a manifest, a
 * progress display, a Spark task's results), and optionally where the batch stands.
 */
@FunctionalInterface
public interface BatchSink {
  /** An input is finished (done, skipped or failed). */
  void accept(BatchOutcome outcome) throws IOException;

  /** Input {@code index} (0-based) of {@code total} is about to be looked at. */
  default void starting(BatchItem item, int index, int total) {}

  /** A step of the current input's dream. */
  default void step(BatchItem item, DreamProgress progress) {}

  /**
   * Checked between the current dream's steps; true stops it, and the batch, with
   * {@link dev.deepdream.dream.DreamCancelledException} (finished inputs stay recorded).
   */
  default boolean isCancelled() {
    return false;
  }

  /** Sends everything to both sinks, this one first. */
  default BatchSink andThen(BatchSink next) {
    BatchSink first = this;
    return new BatchSink() {
      @Override
      public void accept(BatchOutcome outcome) throws IOException {
        first.accept(outcome);
        next.accept(outcome);
      }

      @Override
      public void starting(BatchItem item, int index, int total) {
        first.starting(item, index, total);
        next.starting(item, index, total);
      }

      @Override
      public void step(BatchItem item, DreamProgress progress) {
        first.step(item, progress);
        next.step(item, progress);
      }

      @Override
      public boolean isCancelled() {
        return first.isCancelled() || next.isCancelled();
      }
    };
  }
}
