package dev.deepdream.web;

import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamProgress;
import dev.deepdream.io.AtomicFiles;
import dev.deepdream.video.FrameProgress;
import dev.deepdream.video.VideoDreamer;
import dev.deepdream.video.VideoJob;
import dev.deepdream.video.VideoListener;
import dev.deepdream.video.VideoParams;
import dev.deepdream.video.VideoResult;
import dev.deepdream.video.VideoSettings;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Dreams a video job's clip frame by frame into its MP4. The frames go to the job's work folder
 * as they finish; a run stopped by the server's shutdown continues after the last of them when
 * the server starts again (the render's record in that folder, seed included, is the same).
 */
final class VideoRun implements JobRun {
  private final JobStore store;
  private final JobRecorder recorder;
  private final JobEvents events;
  private final VideoDreamer videoDreamer;

  VideoRun(JobStore store, JobRecorder recorder, JobEvents events, VideoDreamer videoDreamer) {
    this.store = store;
    this.recorder = recorder;
    this.events = events;
    this.videoDreamer = videoDreamer;
  }

  @Override
  public void run(Job job, BooleanSupplier stopping) throws IOException {
    DreamConfig config;
    VideoSettings video;
    synchronized (job) {
      if (job.cancelRequested) {
        recorder.finish(job, Job.Status.CANCELLED, null);
        return;
      }
      config = JobRun.settingsWithFixedSeed(job, store);
      video = VideoParams.decode(job.video);
      recorder.running(job);
    }
    events.progress(job);
    // force: a render record of an older program version starts over rather than failing the job.
    VideoJob render = new VideoJob(store.input(job), store.videoResult(job.id), config, video, store.frames(job.id),
        store.lastFrame(job.id), true);
    VideoResult result = videoDreamer.render(render, new VideoListener() {
      @Override
      public void onStart(int total, int done) {
        synchronized (job) {
          job.frames = total;
          job.framesDone = done;
          job.resumedFrom = done;
          job.frame = Math.min(total, done + 1);
          job.progress = (double) done / total;
        }
        recorder.saveQuietly(job);
        events.progress(job);
      }

      @Override
      public void onStep(int number, DreamProgress p) {
        Map<String, Object> m;
        synchronized (job) {
          job.frame = number;
          // Warm-up passes dream the first frame again: the fraction never runs backwards.
          job.progress = Math.max(job.progress, Math.min(1.0, (number - 1 + p.fraction()) / job.frames));
          job.loss = p.loss();
          m = job.toMap();
        }
        m.put("octave", p.octaveIndex() + 1);
        m.put("octaves", p.octaveCount());
        m.put("step", p.step());
        m.put("steps", p.stepsPerOctave());
        events.progress(job, m);
      }

      @Override
      public void onFrame(FrameProgress p) {
        synchronized (job) {
          job.framesDone = p.number();
          job.frame = p.number();
          job.frameMillis = p.frameMillis();
          job.etaMillis = p.etaMillis() < 0 ? null : p.etaMillis();
          job.progress = Math.max(job.progress, (double) p.number() / p.total());
        }
        recorder.saveQuietly(job); // the gallery shows how far it got, even after a crash
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("frame", p.number());
        frame.put("frames", p.total());
        frame.put("frame_ms", p.frameMillis());
        frame.put("eta_ms", p.etaMillis() < 0 ? null : p.etaMillis());
        frame.put("scene_cut", p.sceneCut());
        // The number makes each frame's address new to the browser's cache; the server serves the latest.
        frame.put("image", "/api/jobs/" + job.id + "/frame?n=" + p.number());
        events.frame(job, frame);
        events.progress(job);
      }

      @Override
      public void onEncoding() {
        Map<String, Object> m = job.toMap();
        m.put("encoding", true);
        events.progress(job, m);
      }

      @Override
      public boolean isCancelled() {
        return job.cancelRequested || stopping.getAsBoolean();
      }
    });
    // The MP4 holds them now; the last frame stays as the job's picture.
    AtomicFiles.deleteTree(store.frames(job.id));
    synchronized (job) {
      job.seed = Long.toString(result.config().seed());
      job.width = result.width();
      job.height = result.height();
      job.frames = result.frames();
      job.framesDone = result.frames();
    }
    recorder.finish(job, Job.Status.DONE, null);
  }

  /** Stopping interrupts the worker, which stops an ffmpeg it waits for (counting or encoding). */
  @Override
  public boolean interruptedByStop() {
    return true;
  }

  /** A cancelled or failed job's frames. */
  @Override
  public void discard(Job job) {
    try {
      AtomicFiles.deleteTree(store.frames(job.id));
    } catch (IOException | RuntimeException e) {
      System.err.println("deepdream: job " + job.id + ": could not delete its frames: " + e.getMessage());
    }
  }

  /** Without this server's folders: ffmpeg names the files it reads. */
  @Override
  public String errorText(Job job, String message) {
    return store.withoutFolder(job, message);
  }
}
