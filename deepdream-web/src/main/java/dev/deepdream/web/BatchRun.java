package dev.deepdream.web;

import dev.deepdream.batch.BatchInputs;
import dev.deepdream.batch.BatchEta;
import dev.deepdream.batch.BatchItem;
import dev.deepdream.batch.BatchOutcome;
import dev.deepdream.batch.BatchRunner;
import dev.deepdream.batch.BatchSink;
import dev.deepdream.batch.BatchSummary;
import dev.deepdream.batch.FolderTarget;
import dev.deepdream.batch.Manifest;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamCancelledException;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Dreams a batch job's pictures one by one with core's {@link BatchRunner} into its outputs
 * folder, as {@code deepdream batch inputs -o outputs --seed S} does: the same derived seed per
 * picture, the same manifest. A picture that cannot be dreamed is recorded as failed and the rest
 * go on. A run stopped by the server's shutdown is queued again, and the next run skips the
 * pictures its manifest says are done. At the end the outputs and the manifest are zipped into
 * the result; the job is done when at least one picture was dreamed (its failures listed),
 * failed when none was.
 */
final class BatchRun implements JobRun {
  private final JobStore store;
  private final JobRecorder recorder;
  private final JobEvents events;
  private final DeepDream dreamer;
  private final long maxPixels;

  /**
   * @param maxPixels the largest picture, in pixels (the server's photo limit)
   */
  BatchRun(JobStore store, JobRecorder recorder, JobEvents events, DeepDream dreamer, long maxPixels) {
    this.store = store;
    this.recorder = recorder;
    this.events = events;
    this.dreamer = dreamer;
    this.maxPixels = maxPixels;
  }

  @Override
  public void run(Job job, BooleanSupplier stopping) throws IOException {
    DreamConfig config;
    Path inputs = store.batchInputs(job.id).toAbsolutePath();
    Path outputs = store.batchOutputs(job.id).toAbsolutePath();
    long batchSeed;
    synchronized (job) {
      if (job.cancelRequested) {
        recorder.finish(job, Job.Status.CANCELLED, null);
        return;
      }
      config = JobRun.settingsWithFixedSeed(job, store);
      batchSeed = Manifest.in(outputs).batchSeed(job.params.get("seed"));
      job.seed = Long.toString(batchSeed);
      recorder.running(job);
    }
    List<BatchItem> items = new ArrayList<>();
    for (BatchInputs.Input in : BatchInputs.expand(List.of(inputs.toString()), null)) {
      items.add(BatchItem.of(in.path(), in.relative(), batchSeed));
    }
    synchronized (job) {
      job.items = items.size();
      job.itemsDone = 0;
      job.skipped = 0;
      job.failures.clear();
    }
    events.progress(job);
    Files.createDirectories(outputs);
    BatchSummary summary;
    try (Manifest manifest = Manifest.in(outputs)) {
      BatchRunner batch = new BatchRunner(dreamer, config, new FolderTarget(outputs, "png", 0.92f), manifest.read(),
          false, maxPixels);
      summary = batch.run(items, manifest.sink().andThen(new BatchEvents(job, inputs, stopping)));
    }
    BatchZip.pack(outputs, inputs, store.batchResult(job.id));
    if (summary.done() + summary.skipped() == 0) {
      BatchOutcome first = summary.failed().get(0);
      recorder.finish(job, Job.Status.FAILED, "none of the " + items.size() + " pictures could be dreamed; "
          + first.item().relativePath() + ": " + BatchZip.withoutFolderText(first.error(), inputs));
      return;
    }
    recorder.finish(job, Job.Status.DONE, null);
  }

  /** Without this server's folders: a picture's error names it by its path in the zip. */
  @Override
  public String errorText(Job job, String message) {
    return store.withoutFolder(job, message);
  }

  /**
   * A batch's progress as the job's record and events: an {@code item} event as each picture starts
   * and ends (with its status, and the overall ETA: the mean time of the pictures dreamed so far
   * times those left, as {@code deepdream batch} prints it), {@code progress} and {@code preview}
   * events while it dreams. Stops the batch (between steps) when the job is cancelled or the
   * server stops.
   */
  private final class BatchEvents implements BatchSink {
    private final Job job;
    private final Path inputs;
    private final BooleanSupplier stopping;
    private final BatchEta eta = new BatchEta();
    private long itemStart;

    BatchEvents(Job job, Path inputs, BooleanSupplier stopping) {
      this.job = job;
      this.inputs = inputs;
      this.stopping = stopping;
    }

    @Override
    public boolean isCancelled() {
      return job.cancelRequested || stopping.getAsBoolean();
    }

    /** Before an input starts: a stop asked between two inputs ends the batch there. */
    private void stopIfAsked() {
      if (isCancelled()) {
        throw new DreamCancelledException();
      }
    }

    @Override
    public void starting(BatchItem item, int index, int total) {
      stopIfAsked();
      itemStart = System.nanoTime();
      synchronized (job) {
        job.item = index + 1;
        job.itemName = item.relativePath();
        job.progress = Math.max(job.progress, (double) index / total);
      }
      events.item(job, itemEvent(item, index, total, "running", null, null));
    }

    @Override
    public void step(BatchItem item, DreamProgress p) {
      Map<String, Object> m;
      synchronized (job) {
        int index = job.item - 1;
        int left = job.items - index - 1;
        job.progress = Math.max(job.progress, Math.min(1.0, (index + p.fraction()) / job.items));
        job.loss = p.loss();
        job.etaMillis = eta.millisDuring(p, (System.nanoTime() - itemStart) / 1e6, left);
        m = job.toMap();
      }
      events.step(job, m, p, item.relativePath());
    }

    @Override
    public void accept(BatchOutcome o) {
      String error = BatchZip.withoutFolderText(o.error(), inputs);
      int index;
      int total;
      synchronized (job) {
        index = job.item - 1;
        total = job.items;
        eta.finished(o);
        job.itemsDone++;
        if (o.status() == BatchOutcome.Status.SKIPPED) {
          job.skipped++;
        } else if (o.status() == BatchOutcome.Status.FAILED) {
          Map<String, String> f = new LinkedHashMap<>();
          f.put("relative", o.item().relativePath());
          f.put("error", error);
          job.failures.add(f);
        }
        job.progress = Math.max(job.progress, (double) job.itemsDone / total);
        long left = eta.millisFor(total - index - 1);
        job.etaMillis = left < 0 ? null : left;
      }
      recorder.saveQuietly(job); // the gallery shows how far it got, even after a crash
      events.item(job, itemEvent(o.item(), index, total, o.status().id(), error, o.seconds()));
      events.progress(job);
    }

    private Map<String, Object> itemEvent(BatchItem item, int index, int total, String status, String error,
        Double seconds) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("item", index + 1);
      m.put("items", total);
      m.put("relative", item.relativePath());
      m.put("status", status);
      m.put("error", error);
      m.put("seconds", seconds);
      synchronized (job) {
        m.put("eta_ms", job.etaMillis);
        m.put("failed", job.failures.size());
      }
      return m;
    }
  }
}
