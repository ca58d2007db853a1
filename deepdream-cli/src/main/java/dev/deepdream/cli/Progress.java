package dev.deepdream.cli;

import dev.deepdream.dream.DreamProgress;
import dev.deepdream.model.ModelStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows progress on stderr: a progress bar with ETA on a terminal, plain lines otherwise (logs,
 * pipes, tests). Safe to call from more than one thread (a video's heartbeat, {@link VideoProgress}).
 */
final class Progress implements ModelStore.Listener, AutoCloseable {
  private final PrintWriter err;
  private final boolean terminal;
  private ProgressBar bar;
  private String barTask;
  private long lastLine;
  private volatile long barEta = -1;
  private volatile long barEtaAt;

  Progress(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** True when stderr is a terminal that can show a live bar. */
  static boolean stderrIsTerminal() {
    return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public synchronized void message(String text) {
    closeBar();
    err.println(text);
    err.flush();
  }

  @Override
  public synchronized void progress(String task, long done, long total) {
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
  synchronized void step(DreamProgress p) {
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

  /**
   * On a terminal, shows {@code done} of {@code max} on the bar named {@code task} (a new bar when
   * the task changes), counted in {@code unit}s of {@code unitSize}, with {@code extra} after it and
   * {@code etaMillis} as its ETA (the bar's own would count every unit alike); false, showing
   * nothing, when stderr is not a terminal, so the caller prints lines instead.
   */
  synchronized boolean bar(String task, long done, long max, String unit, long unitSize, String extra,
      long etaMillis) {
    if (!terminal) {
      return false;
    }
    if (bar == null || !task.equals(barTask)) {
      closeBar();
      bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(unit, unitSize)
          .setStyle(ProgressBarStyle.ASCII).setEtaFunction(s -> barEta < 0 ? Optional.empty()
              : Optional.of(Duration.ofMillis(Math.max(0, barEta - (System.currentTimeMillis() - barEtaAt)))))
          .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
      barTask = task;
    }
    // Counted down between steps when the bar redraws itself.
    barEta = etaMillis;
    barEtaAt = System.currentTimeMillis();
    bar.maxHint(max);
    bar.setExtraMessage(extra);
    bar.stepTo(done);
    return true;
  }

  /** Whether a live bar is on the terminal (it redraws itself, so it needs no other sign of life). */
  synchronized boolean barShown() {
    return bar != null;
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
  synchronized void finish() {
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
  public synchronized void close() {
    closeBar();
  }
}
