package dev.deepdream.batch;

import dev.deepdream.dream.DreamProgress;

/**
 * A batch's time left: the mean time of the pictures dreamed so far times those left (skipped
 * pictures cost nothing); during a picture, its own time left plus the rest, with its pace
 * standing for the others' until one is done. The CLI's and the web's batch progress share it.
 */
public final class BatchEta {
  private int dreamed;
  private double dreamSeconds;

  /** Counts a finished picture's time (a skipped one cost none). */
  public void finished(BatchOutcome outcome) {
    if (outcome.status() != BatchOutcome.Status.SKIPPED) {
      dreamed++;
      dreamSeconds += outcome.seconds();
    }
  }

  /** Milliseconds for {@code left} more pictures; 0 when none is left, -1 before any was dreamed. */
  public long millisFor(int left) {
    if (left == 0) {
      return 0;
    }
    return dreamed == 0 ? -1 : Math.round(dreamSeconds / dreamed * left * 1000);
  }

  /**
   * Milliseconds left while a picture is dreamed: its own time left (from its progress) and
   * {@code left} more pictures after it; {@code elapsedMillis} is the time this picture took so far.
   */
  public long millisDuring(DreamProgress p, double elapsedMillis, int left) {
    long current = p.etaMillis() < 0 ? 0 : p.etaMillis();
    long perItem = dreamed > 0 ? Math.round(dreamSeconds / dreamed * 1000) : Math.round(elapsedMillis + current);
    return current + perItem * left;
  }
}
