package dev.deepdream.cli;

import dev.deepdream.batch.BatchEta;
import dev.deepdream.batch.BatchItem;
import dev.deepdream.batch.BatchOutcome;
import dev.deepdream.batch.BatchSink;
import dev.deepdream.dream.DreamProgress;
import java.io.PrintWriter;

/**
 * A batch's progress on stderr: "item i/n" as each input starts, the dream's own step progress,
 * and when each finishes its status and the overall ETA (the mean time of the inputs dreamed so
 * far times those left; skipped inputs cost nothing).
 */
final class BatchProgress implements BatchSink {
  private final Progress progress;
  private final PrintWriter err;
  private int index;
  private int total;
  private final BatchEta eta = new BatchEta();

  BatchProgress(Progress progress, PrintWriter err) {
    this.progress = progress;
    this.err = err;
  }

  @Override
  public void starting(BatchItem item, int index, int total) {
    this.index = index;
    this.total = total;
  }

  @Override
  public void step(BatchItem item, DreamProgress p) {
    if (p.done() == 1) {
      progress.message("item " + (index + 1) + "/" + total + " " + item.relativePath());
    }
    progress.step(p);
  }

  @Override
  public void accept(BatchOutcome o) {
    eta.finished(o);
    String left = Progress.formatDuration(eta.millisFor(total - index - 1));
    String what = switch (o.status()) {
      case DONE -> String.format("done in %.1f s", o.seconds());
      case SKIPPED -> "skipped (done before)";
      case FAILED -> "failed: " + o.error();
    };
    progress.message("item " + (index + 1) + "/" + total + " " + o.item().relativePath() + ": " + what
        + "  overall ETA " + left);
    err.flush();
  }
}
