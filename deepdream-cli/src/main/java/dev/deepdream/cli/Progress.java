package dev.deepdream.cli;

import dev.deepdream.dream.DreamProgress;
import dev.deepdream.model.ModelStore;
import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows progress on stderr: a progress bar with ETA on a terminal, plain lines otherwise (logs,
 * pipes, tests).
 */
final class Progress implements ModelStore.Listener, AutoCloseable {
  private final PrintWriter err;
  private final boolean terminal;
  private ProgressBar bar;
  private String barTask;
  private long lastLine;

  Progress(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** True when stderr is a terminal that can show a live bar. */
  static boolean stderrIsTerminal() {
    return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public void message(String text) {
    closeBar();
    err.println(text);
    err.flush();
  }

  @Override
  public void progress(String task, long done, long total) {
    if (terminal) {
      if (bar == null || !task.equals(barTask)) {
        closeBar();
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(total, 0))
            .setUnit(" MB", 1 << 20).setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        barTask = task;
      }
      bar.stepTo(done);
      return;
    }
    long now = System.currentTimeMillis();
    if (now - lastLine >= 2000 || done == total) {
      lastLine = now;
      err.printf("%s: %d of %s MB%n", task, done >> 20, total < 0 ? "?" : Long.toString(total >> 20));
      err.flush();
    }
  }

  /** The bar of a dream counts its work in thousandths, so that its ETA weighs the larger octaves right. */
  private static final int WORK_UNITS = 1000;

  /** One dream step. */
  void step(DreamProgress p) {
    if (terminal) {
      if (bar == null || !"dream".equals(barTask)) {
        closeBar();
        bar = new ProgressBarBuilder().setTaskName("dreaming").setInitialMax(WORK_UNITS)
            .setStyle(ProgressBarStyle.ASCII).hideEta().setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        barTask = "dream";
      }
      String octave = p.octaveCount() > 1 ? "octave " + (p.octaveIndex() + 1) + "/" + p.octaveCount() + " " : "";
      bar.setExtraMessage(String.format(" %s%dx%d step %d/%d loss %.4f ETA %s", octave, p.width(), p.height(),
          p.step(), p.stepsPerOctave(), p.loss(), formatDuration(p.etaMillis())));
      bar.stepTo(Math.round(p.fraction() * WORK_UNITS));
      return;
    }
    boolean octaveEnd = p.step() == p.stepsPerOctave();
    long now = System.currentTimeMillis();
    if (octaveEnd || p.done() == 1 || now - lastLine >= 5000) {
      lastLine = now;
      err.printf("octave %d/%d (%dx%d) step %d/%d loss %.4f  %d%% ETA %s%n", p.octaveIndex() + 1, p.octaveCount(),
          p.width(), p.height(), p.step(), p.stepsPerOctave(), p.loss(), Math.round(100 * p.fraction()),
          formatDuration(p.etaMillis()));
      err.flush();
    }
  }

  static String formatDuration(long millis) {
    if (millis < 0) {
      return "?";
    }
    Duration d = Duration.ofMillis(millis);
    return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
        : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
  }

  /** Ends the live bar (before the command prints its result, so the bar is not drawn again after it). */
  void finish() {
    closeBar();
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
      barTask = null;
    }
  }

  @Override
  public void close() {
    closeBar();
  }
}
