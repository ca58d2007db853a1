package dev.deepdream.web;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamCheckpoint;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.DreamProgress;
import dev.deepdream.dream.DreamResult;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.settings.SettingsCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Dreams a photo job into its PNG, with progress and previews as it goes. It saves a checkpoint
 * after every octave (and when the server stops, after the current step), and a run stopped by the
 * server continues from it when the server starts again, to the pixels an uninterrupted run gives.
 */
final class PhotoRun implements JobRun {
  private final JobStore store;
  private final JobRecorder recorder;
  private final JobEvents events;
  private final DeepDream dreamer;

  PhotoRun(JobStore store, JobRecorder recorder, JobEvents events, DeepDream dreamer) {
    this.store = store;
    this.recorder = recorder;
    this.events = events;
    this.dreamer = dreamer;
  }

  @Override
  public void run(Job job, BooleanSupplier stopping) throws IOException {
    Picture input;
    DreamConfig config;
    DreamCheckpoint resume;
    synchronized (job) {
      if (job.cancelRequested) {
        recorder.finish(job, Job.Status.CANCELLED, null);
        return;
      }
      input = ImageFiles.read(store.input(job));
      config = JobRun.settingsWithFixedSeed(job, store);
      resume = loadCheckpoint(job);
      recorder.running(job);
    }
    events.progress(job);
    DreamResult result = dreamer.dream(input, config, new DreamListener() {
      @Override
      public void onStep(DreamProgress p) {
        synchronized (job) {
          job.progress = p.fraction();
          job.loss = p.loss();
          job.etaMillis = p.etaMillis();
        }
        events.step(job, job.toMap(), p, null);
      }

      @Override
      public boolean isCancelled() {
        return job.cancelRequested || stopping.getAsBoolean();
      }

      @Override
      public void onCheckpoint(DreamCheckpoint checkpoint) {
        if (job.cancelRequested) {
          return; // a cancelled job will not continue
        }
        try {
          checkpoint.save(store.checkpoint(job.id));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot save the checkpoint of job " + job.id, e);
        }
      }
    }, resume);
    ImageFiles.write(result.picture(), store.result(job.id), SettingsCodec.record(result), 0.92f);
    Files.deleteIfExists(store.checkpoint(job.id));
    synchronized (job) {
      job.seed = Long.toString(result.seed());
      job.width = result.picture().width();
      job.height = result.picture().height();
    }
    recorder.finish(job, Job.Status.DONE, null);
  }

  /** The job's checkpoint, or null to start from the beginning (a damaged one is set aside, not fatal). */
  private DreamCheckpoint loadCheckpoint(Job job) {
    Path file = store.checkpoint(job.id);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return DreamCheckpoint.load(file);
    } catch (IOException e) {
      System.err.println("deepdream: job " + job.id + ": " + e.getMessage() + "; starting it again from the beginning");
      return null;
    }
  }
}
