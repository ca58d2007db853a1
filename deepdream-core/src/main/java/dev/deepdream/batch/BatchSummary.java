package dev.deepdream.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Counts of a batch's outcomes, and the failed ones. */
public final class BatchSummary {
  private int done;
  private int skipped;
  private final List<BatchOutcome> failed = new ArrayList<>();

  /** Counts one outcome. */
  public void add(BatchOutcome o) {
    switch (o.status()) {
      case DONE -> done++;
      case SKIPPED -> skipped++;
      case FAILED -> failed.add(o);
    }
  }

  /** Inputs dreamed. */
  public int done() {
    return done;
  }

  /** Inputs an earlier run had finished. */
  public int skipped() {
    return skipped;
  }

  /** The failed inputs' outcomes, in order. */
  public List<BatchOutcome> failed() {
    return Collections.unmodifiableList(failed);
  }

  /** "3 done, 1 skipped, 1 failed". */
  @Override
  public String toString() {
    return done + " done, " + skipped + " skipped, " + failed.size() + " failed";
  }
}
