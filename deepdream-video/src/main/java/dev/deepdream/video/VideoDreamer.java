package dev.deepdream.video;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.DreamProgress;
import dev.deepdream.dream.Version;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.io.Sha256;
import dev.deepdream.settings.SettingsCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dreams a video clip frame by frame with a {@link DeepDream}, carrying the dream from frame to
 * frame ({@link FrameCarry}), and writes it with the input's frame rate and sound. Every finished
 * frame is kept in the render's work folder, so a stopped render continues where it stopped and
 * ends with the frames an uninterrupted one gives (the carried state is the previous raw frame,
 * decoded again, and the previous dreamed frame, read back from its lossless PNG).
 *
 * <pre>{@code
 * try (DeepDream dd = new DeepDream(ModelStore.standard(ModelStore.Listener.silent()))) {
 *   VideoJob job = new VideoJob(Path.of("in.mp4"), Path.of("out.mp4"),
 *       Presets.builder("video").seed(1L).build(), VideoSettings.defaults(), null, null, false);
 *   VideoResult r = new VideoDreamer(dd).render(job, VideoListener.none());
 * }
 * }</pre>
 */
public final class VideoDreamer {
  private final DeepDream dreamer;

  /** A video dreamer dreaming with {@code dreamer}. */
  public VideoDreamer(DeepDream dreamer) {
    this.dreamer = dreamer;
  }

  /** What a render would do, checked without dreaming: the clip, its frame count and the per-frame settings. */
  public record Plan(Ffmpeg ffmpeg, Clip clip, int frames, VideoOutput output, DreamConfig config) {}

  /**
   * Checks the job ({@link JobCheck}, then the settings against the model) and counts its frames,
   * without writing anything.
   */
  public Plan plan(VideoJob job) throws IOException {
    return plan(job, 0);
  }

  /**
   * {@link #plan(VideoJob)} with the frame count already known (a Spark driver counted it once
   * for all its executors), so the clip is not decoded again to count it.
   *
   * @param knownFrames the job's frame count, or 0 to count it
   */
  public Plan plan(VideoJob job, int knownFrames) throws IOException {
    JobCheck checked = JobCheck.of(job);
    Clip clip = checked.clip();
    // A render without a seed keeps the one it started with, so that it can continue.
    Long seed = job.config().seed() != null ? job.config().seed() : WorkFolder.recordedSeed(job.workFolder());
    if (seed == null) {
      seed = new SecureRandom().nextLong();
    }
    // Frames are decoded at the working size already; every frame uses the same seed.
    DreamConfig perFrame = dreamer.resolve(job.config().toBuilder().maxDim(null).seed(seed).build());
    dreamer.validate(clip.width(), clip.height(), perFrame);
    Ffmpeg ffmpeg = checked.ffmpeg();
    return new Plan(ffmpeg, clip, knownFrames > 0 ? knownFrames : clip.countFrames(ffmpeg), checked.output(),
        perFrame);
  }

  /**
   * Renders {@code job}, continuing a stopped render of the same job.
   *
   * @throws VideoException for a missing ffmpeg or a video it cannot read or write
   * @throws BadOptionException for settings that cannot work, or an output that exists
   * @throws dev.deepdream.dream.DreamCancelledException when the listener stops it (frames so far are kept)
   */
  public VideoResult render(VideoJob job, VideoListener listener) throws IOException {
    long started = System.currentTimeMillis();
    Plan plan = plan(job);
    prepare(job, plan);
    int done = dreamFrames(job, plan, 1, plan.frames(), 0, listener);
    VideoResult r = encode(job, plan, listener);
    return new VideoResult(r.output(), r.frames(), done, r.width(), r.height(), r.rate(), r.config(), r.video(),
        r.workFolder(), System.currentTimeMillis() - started);
  }

  /**
   * Creates the job's work folder, or checks that the one there belongs to this render (with
   * {@code job.force()}, clears one of another render), before frames are dreamed into it. Run it
   * once, before any {@link #dreamFrames} of the render's pieces.
   *
   * @return how many frames from the first on are already done
   */
  public int prepare(VideoJob job, Plan plan) throws IOException {
    return WorkFolder.open(job.workFolder(), record(job, plan), job.force()).finished(1, plan.frames());
  }

  /**
   * Dreams frames {@code first..last} (1-based, of {@code plan}) into the job's work folder, as
   * one piece of a render that others may dream in parallel (a Spark executor, another machine):
   * the piece starts {@code warmupFrames} frames early from a fresh start, dreaming those and
   * keeping them apart, so the carried detail has settled in strength by its first frame. Only a
   * piece that starts at frame 1 or at a scene cut ({@link #sceneCuts}) with no warm-up gives
   * exactly the frames of a whole render: elsewhere the carried pattern depends on where it
   * started, so {@link #encode} fades from the previous piece's frames to this piece's warm-up
   * frames over the overlap, instead of switching pattern from one frame to the next. Frames already in the
   * folder are kept: a stopped piece continues after its last finished frame, so a retried or
   * duplicated piece ends with the same frames (each written whole, by an atomic rename).
   *
   * @return how many of the piece's frames were done before
   */
  public int dreamFrames(VideoJob job, Plan plan, int first, int last, int warmupFrames, VideoListener listener)
      throws IOException {
    int total = plan.frames();
    if (first < 1 || last > total || first > last || warmupFrames < 0) {
      throw new BadOptionException("frames " + first + ".." + last + " (warm-up " + warmupFrames
          + ") are not a piece of a " + total + "-frame clip");
    }
    WorkFolder work = WorkFolder.open(job.workFolder(), record(job, plan), false);
    DreamConfig config = plan.config();
    FrameCarry carry = job.video().carry();
    int done = work.finished(first, last);
    listener.onStart(total, first - 1 + done);
    int resumeAt = first + done;
    if (resumeAt > last) {
      return done;
    }
    // Continue after this piece's last finished frame (on disk), or start fresh, early by the warm-up frames.
    boolean fromDisk = done > 0;
    int begin = fromDisk ? resumeAt : Math.max(1, first - warmupFrames);
    FramePace pace = new FramePace();
    try (FrameReader reader = plan.clip().open(plan.ffmpeg())) {
      Picture prevRaw = null;
      Picture prevDream = null;
      double settled = 0;
      if (fromDisk) {
        reader.skip(resumeAt - 2);
        prevRaw = reader.next();
        prevDream = work.readFrame(resumeAt - 1);
        settled = work.settledStrength(resumeAt - 1);
      } else {
        reader.skip(begin - 1);
      }
      for (int number = begin; number <= last; number++) {
        long t0 = System.currentTimeMillis();
        Picture raw = reader.next();
        if (raw == null) {
          throw new VideoException(job.input() + " ended after " + (number - 1) + " of " + total + " frames");
        }
        FrameCarry.Start start = prevRaw == null ? FrameCarry.Start.fresh(raw)
            : carry.start(raw, prevRaw, prevDream, settled);
        boolean fresh = prevRaw == null || start.sceneCut();
        int passes = fresh ? 1 + job.video().warmupPasses() : 1;
        Picture dreamed = dreamFrame(start.init(), config, new Dreaming(number, last, 1, passes, pace), listener);
        long warmupMillis = 0;
        if (fresh) {
          // Settle a fresh start: dream the frame on its own carried dream, as a still clip would.
          for (int pass = 2; pass <= passes; pass++) {
            long p0 = System.currentTimeMillis();
            dreamed = dreamFrame(carry.settle(raw, dreamed), config, new Dreaming(number, last, pass, passes, pace),
                listener);
            long passMillis = System.currentTimeMillis() - p0;
            pace.warmupPass(passMillis);
            warmupMillis += passMillis;
          }
          settled = Pixels.detailRms(dreamed, raw);
        }
        prevRaw = raw;
        prevDream = dreamed;
        if (number < first) {
          // A warm-up frame: kept apart, to fade from the previous piece's frames into this one's.
          work.writeOverlap(number, dreamed);
          pace.frame(System.currentTimeMillis() - t0 - warmupMillis);
          continue;
        }
        work.writeFrame(number, dreamed, settled);
        if (job.preview() != null) {
          ImageFiles.write(dreamed, job.preview(), Map.of("frame", Integer.toString(number)), 0.92f);
        }
        long ms = System.currentTimeMillis() - t0;
        // The ETA's pace leaves out warm-up passes and the run's first frame (FramePace).
        pace.frame(ms - warmupMillis);
        listener.onFrame(new FrameProgress(number, last, ms, pace.frameMillis(), number - resumeAt + 1,
            start.reliable(), start.sceneCut(), dreamed));
      }
    }
    return done;
  }

  /**
   * The frames (1-based) where the job's carry starts afresh ({@link FrameCarry#sceneCuts}: a flow
   * render's new scenes), where a render can be split into pieces that join seamlessly.
   */
  public List<Integer> sceneCuts(VideoJob job, Plan plan) throws IOException {
    return job.video().carry().sceneCuts(plan.clip(), plan.ffmpeg());
  }

  /**
   * Writes the output from the dreamed frames in the job's work folder (all of them must be
   * there), fading across the overlaps of pieces that started inside a shot, then deletes the
   * folder unless the job keeps its frames.
   */
  public VideoResult encode(VideoJob job, Plan plan, VideoListener listener) throws IOException {
    long started = System.currentTimeMillis();
    Path dir = job.workFolder();
    int total = plan.frames();
    for (int i = 1; i <= total; i++) {
      if (!Files.isRegularFile(dir.resolve(FrameFiles.name(i)))) {
        throw new VideoException("frame " + i + " of " + total + " is missing in " + dir + "; dream it first");
      }
    }
    WorkFolder.joinOverlaps(dir);
    listener.onEncoding();
    plan.output().write(plan.ffmpeg(), dir, total, plan.clip());
    if (job.keepFrames() == null) {
      WorkFolder.delete(dir);
    }
    return new VideoResult(job.output(), total, 0, plan.clip().width(), plan.clip().height(),
        plan.clip().outputRate(), plan.config(), job.video(), dir, System.currentTimeMillis() - started);
  }

  /** Which dream of which frame is running, for its listener's steps. */
  private record Dreaming(int number, int total, int pass, int passes, FramePace pace) {}

  private Picture dreamFrame(Picture init, DreamConfig config, Dreaming d, VideoListener listener)
      throws IOException {
    return dreamer.dream(init, config, new DreamListener() {
      @Override
      public void onStep(DreamProgress p) {
        listener.onStep(new FrameStep(d.number(), d.total(), d.pass(), d.passes(),
            d.pace().etaMillis(d.number(), d.total(), d.pass(), d.passes(), p), p));
      }

      @Override
      public boolean isCancelled() {
        return listener.isCancelled();
      }
    }).picture();
  }

  /** What makes two renders the same: the input's content, the frames taken, every setting and the program. */
  private static Map<String, String> record(VideoJob job, Plan plan) throws IOException {
    Map<String, String> r = new LinkedHashMap<>();
    r.put(RenderRecords.INPUT, job.input().toAbsolutePath().toString());
    r.put("input_sha256", Sha256.hex(job.input()));
    r.put("size", plan.clip().width() + "x" + plan.clip().height());
    r.put("frames", Integer.toString(plan.frames()));
    r.put("rate", plan.clip().outputRate());
    r.putAll(SettingsCodec.encode(plan.config()));
    r.putAll(VideoParams.encode(job.video()));
    r.put("software", "deepdream " + Version.get());
    return r;
  }
}
