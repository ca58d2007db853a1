package dev.deepdream.web;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamProgress;
import dev.deepdream.visualize.AtlasChannel;
import dev.deepdream.visualize.AtlasFolder;
import dev.deepdream.visualize.AtlasPlan;
import dev.deepdream.visualize.AtlasRunner;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Draws an atlas job's channels into its atlas with core's {@link AtlasRunner}, as {@code deepdream
 * atlas -o DIR --layers L --channels C --seed S} does: the same seed per channel (derived from S),
 * the same manifest, so channels already drawn with the same settings (by an earlier job, the CLI,
 * or this job before the server stopped) are skipped and only what is missing is drawn. A channel
 * that cannot be drawn is recorded as failed and the rest go on; the job is done when at least one
 * channel is drawn (now or before), failed when none could be.
 */
final class AtlasRun implements JobRun {
  private final JobRecorder recorder;
  private final JobEvents events;
  private final DeepDream dreamer;
  private final Atlases atlases;

  AtlasRun(JobRecorder recorder, JobEvents events, DeepDream dreamer, Atlases atlases) {
    this.recorder = recorder;
    this.events = events;
    this.dreamer = dreamer;
    this.atlases = atlases;
  }

  @Override
  public void run(Job job, BooleanSupplier stopping) throws IOException {
    AtlasSettings.Drawing d;
    AtlasFolder folder;
    long seed;
    synchronized (job) {
      if (job.cancelRequested) {
        recorder.finish(job, Job.Status.CANCELLED, null);
        return;
      }
      d = AtlasSettings.Drawing.of(job.params);
      folder = new AtlasFolder(atlases.dir(d.atlas()));
      // Fixed before the first channel: a run continued after a restart draws the same pictures.
      seed = folder.manifest().batchSeed(d.seed());
      job.params.put(AtlasSettings.SEED, Long.toString(seed));
      job.seed = Long.toString(seed);
      recorder.running(job);
    }
    events.progress(job);
    AtlasPlan plan = new AtlasPlan(d.base(), seed, d.channels(dreamer.store()));
    int total = plan.channels().size();
    synchronized (job) {
      job.items = total;
      job.itemsDone = 0;
      job.skipped = 0;
      job.failures.clear();
    }
    AtlasRunner.Summary summary = new AtlasRunner(dreamer, folder).run(plan, false,
        new ChannelEvents(job, total, stopping));
    synchronized (job) {
      job.skipped = summary.skipped();
      job.itemsDone = total;
    }
    if (summary.drawn() + summary.skipped() == 0) {
      Map.Entry<String, String> first = summary.failed().entrySet().iterator().next();
      recorder.finish(job, Job.Status.FAILED, "none of the " + total + " channels could be drawn; " + first.getKey()
          + ": " + first.getValue());
      return;
    }
    recorder.finish(job, Job.Status.DONE, null);
  }

  /** Without this server's folders: a failure names the atlas by its name (another model's atlas there, say). */
  @Override
  public String errorText(Job job, String message) {
    return atlases.withoutFolder(AtlasSettings.atlas(job), message);
  }

  /**
   * An atlas's progress as the job's record and events, as a batch's: the channels drawn before
   * count first, then an {@code item} event as each channel starts and ends (with the overall ETA:
   * the mean time of the channels drawn so far times those left), {@code progress} and
   * {@code preview} events while it draws. Stops the run (between steps) when the job is cancelled
   * or the server stops.
   */
  private final class ChannelEvents implements AtlasRunner.Listener {
    private final Job job;
    private final int total;
    private final BooleanSupplier stopping;
    private int drawn;
    private double drawnSeconds;
    private long channelStart;

    ChannelEvents(Job job, int total, BooleanSupplier stopping) {
      this.job = job;
      this.total = total;
      this.stopping = stopping;
    }

    @Override
    public boolean isCancelled() {
      return job.cancelRequested || stopping.getAsBoolean();
    }

    @Override
    public void starting(AtlasChannel ch, int index, int toDraw) {
      channelStart = System.nanoTime();
      int before = total - toDraw;
      synchronized (job) {
        job.skipped = before;
        job.item = before + index + 1;
        job.itemName = ch.key();
        job.itemsDone = before + index;
        job.progress = Math.max(job.progress, (double) job.itemsDone / total);
      }
      events.item(job, itemEvent(ch, "running", null, null));
    }

    @Override
    public void step(AtlasChannel ch, DreamProgress p) {
      Map<String, Object> state;
      synchronized (job) {
        job.progress = Math.max(job.progress, Math.min(1.0, (job.item - 1 + p.fraction()) / total));
        job.loss = p.loss();
        long current = Math.max(0, p.etaMillis());
        // Until a channel is drawn, this one's pace stands for the others'.
        long perChannel = drawn > 0 ? Math.round(drawnSeconds / drawn * 1000)
            : Math.round((System.nanoTime() - channelStart) / 1e6 + current);
        job.etaMillis = current + perChannel * (total - job.item);
        state = job.toMap();
      }
      events.step(job, state, p, ch.key());
    }

    @Override
    public void finished(AtlasChannel ch, double seconds, String error) {
      synchronized (job) {
        if (error == null) {
          drawn++;
          drawnSeconds += seconds;
        } else {
          Map<String, String> f = new LinkedHashMap<>();
          f.put("relative", ch.key());
          f.put("error", error);
          job.failures.add(f);
        }
        job.itemsDone++;
        job.progress = Math.max(job.progress, (double) job.itemsDone / total);
        int left = total - job.item;
        job.etaMillis = left == 0 ? Long.valueOf(0) : drawn == 0 ? null : Math.round(drawnSeconds / drawn * left * 1000);
      }
      recorder.saveQuietly(job); // the gallery shows how far it got, even after a crash
      events.item(job, itemEvent(ch, error == null ? "done" : "failed", error, seconds));
      events.progress(job);
    }

    private Map<String, Object> itemEvent(AtlasChannel ch, String status, String error, Double seconds) {
      Map<String, Object> m = new LinkedHashMap<>();
      synchronized (job) {
        m.put("item", job.item);
        m.put("items", total);
        m.put("relative", ch.key());
        m.put("status", status);
        m.put("error", error);
        m.put("seconds", seconds);
        m.put("eta_ms", job.etaMillis);
        m.put("failed", job.failures.size());
      }
      return m;
    }
  }
}
