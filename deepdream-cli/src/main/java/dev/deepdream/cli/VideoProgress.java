package dev.deepdream.cli;

import dev.deepdream.dream.DreamProgress;
import dev.deepdream.video.FrameProgress;
import dev.deepdream.video.FrameStep;
import dev.deepdream.video.VideoListener;
import dev.deepdream.video.VideoSettings;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A video render's progress on stderr through {@link Progress}: on a terminal one bar over the
 * whole clip; otherwise a line for each finished frame and, while a frame takes long (the first
 * frame's warm-up passes above all), its dream's step progress at most every {@link #LINE_MILLIS}.
 * A heartbeat says the latest state again whenever nothing was said for {@link #HEARTBEAT_MILLIS}
 * (the model loading, a slow step on a busy machine), so a user never waits in silence.
 */
final class VideoProgress implements VideoListener, AutoCloseable {
  /** Plain lines while a frame is dreamed come at most this often. */
  static final long LINE_MILLIS = 5_000;

  /**
   * The heartbeat speaks after this long without a line: later than {@link #LINE_MILLIS}, so it
   * only fills in when no step came (its check every half second keeps the gaps under 10 s).
   */
  static final long HEARTBEAT_MILLIS = 8_000;

  /** The bar counts frames in thousandths, so that a long warm-up frame moves it too. */
  private static final long UNITS = 1000;

  private final Progress progress;
  private final LongSupplier clock;
  private final int warmupPasses;
  private final String carry;
  private final String output;
  private ScheduledExecutorService heartbeat;
  private String status;
  private long statusAt;
  private long lastLine;
  private int passes = 1;
  private boolean stepShown;

  /**
   * @param video the render's video settings (its carry and warm-up are told before the first frame)
   * @param output what the render writes, named when it is encoded
   * @param clock milliseconds now (a test's own clock)
   */
  VideoProgress(Progress progress, VideoSettings video, String output, LongSupplier clock) {
    this.progress = progress;
    this.warmupPasses = video.warmupPasses();
    this.carry = video.temporal().id();
    this.output = output;
    this.clock = clock;
    this.lastLine = clock.getAsLong();
  }

  /** A video's progress with its heartbeat running (a daemon thread, checking every half second). */
  static VideoProgress started(Progress progress, VideoSettings video, String output) {
    VideoProgress v = new VideoProgress(progress, video, output, System::currentTimeMillis);
    v.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "video-progress");
      t.setDaemon(true);
      return t;
    });
    v.heartbeat.scheduleAtFixedRate(v::tick, 500, 500, TimeUnit.MILLISECONDS);
    return v;
  }

  /** Says {@code line} now, and keeps it as the state the heartbeat repeats until something else happens. */
  synchronized void stage(String line) {
    say(line);
    setStatus(line);
  }

  @Override
  public synchronized void onStart(int total, int done) {
    String warmup = warmupPasses > 0 ? ", the first frame dreamed " + (1 + warmupPasses) + " times to warm up" : "";
    stage(done == 0 ? "video: " + total + " frames, " + carry + " carry" + warmup
        : "video: continuing after frame " + done + " of " + total);
    setStatus("frame " + (done + 1) + "/" + total + "  starting (the model loads on its first frame)");
  }

  @Override
  public synchronized void onStep(FrameStep s) {
    passes = s.passes();
    String where = where(s);
    setStatus(where + "  ETA " + Progress.formatDuration(s.etaMillis()));
    if (progress.bar("video", Math.round((s.number() - 1 + s.frameFraction()) * UNITS), (long) s.total() * UNITS,
        " frames", UNITS, " " + where, s.etaMillis())) {
      return;
    }
    // The run's first step at once (the dream has started), then one line every few seconds.
    if (!stepShown || clock.getAsLong() - lastLine >= LINE_MILLIS) {
      stepShown = true;
      say(status);
    }
  }

  @Override
  public synchronized void onFrame(FrameProgress p) {
    String warmup = passes > 1 ? " (" + passes + " passes: warm-up)" : "";
    String line = String.format("frame %d/%d  %.1f s%s%s  ETA %s", p.number(), p.total(), p.frameMillis() / 1000.0,
        warmup, p.sceneCut() ? "  (new scene)" : "", Progress.formatDuration(p.etaMillis()));
    passes = 1;
    if (!progress.bar("video", p.number() * UNITS, (long) p.total() * UNITS, " frames", UNITS,
        " frame " + p.number() + "/" + p.total() + " took " + String.format("%.1f s", p.frameMillis() / 1000.0),
        p.etaMillis())) {
      say(line);
    }
    setStatus(p.number() < p.total() ? "frame " + (p.number() + 1) + "/" + p.total() + "  starting" : line);
  }

  @Override
  public synchronized void onEncoding() {
    stage("video: writing " + output);
  }

  /** The heartbeat: says the latest state again if nothing was said for {@link #HEARTBEAT_MILLIS}. */
  synchronized void tick() {
    long now = clock.getAsLong();
    if (status == null || now - lastLine < HEARTBEAT_MILLIS || progress.barShown()) {
      return;
    }
    say(status + "  (still working: " + (now - statusAt) / 1000 + " s)");
  }

  /** "frame 1/60  warm-up pass 3/12  octave 2/2 (320x240) step 5/10": where a step is. */
  static String where(FrameStep s) {
    DreamProgress d = s.dream();
    StringBuilder b = new StringBuilder("frame ").append(s.number()).append('/').append(s.total());
    if (s.warmup()) {
      b.append("  warm-up pass ").append(s.pass()).append('/').append(s.passes());
    }
    b.append("  ");
    if (d.octaveCount() > 1) {
      b.append("octave ").append(d.octaveIndex() + 1).append('/').append(d.octaveCount()).append(' ');
    }
    return b.append('(').append(d.width()).append('x').append(d.height()).append(") step ").append(d.step())
        .append('/').append(d.stepsPerOctave()).toString();
  }

  private void say(String line) {
    progress.message(line);
    lastLine = clock.getAsLong();
  }

  private void setStatus(String line) {
    status = line;
    statusAt = clock.getAsLong();
  }

  @Override
  public void close() {
    if (heartbeat != null) {
      heartbeat.shutdownNow();
    }
  }
}
