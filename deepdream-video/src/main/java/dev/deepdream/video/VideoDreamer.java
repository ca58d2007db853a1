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
   * Checks the job (ffmpeg, the input, the output, the settings against the model) and counts
   * its frames, without writing anything.
   */
  public Plan plan(VideoJob job) throws IOException {
    Ffmpeg ffmpeg = Ffmpeg.find();
    VideoOutput output = VideoOutput.of(job.output());
    if (Files.exists(job.input()) && Files.exists(job.output()) && Files.isSameFile(job.input(), job.output())) {
      throw new BadOptionException("output " + job.output() + " is the input; refusing to overwrite it");
    }
    if (output.exists() && !job.force()) {
      throw new BadOptionException("output " + job.output() + " already exists (use --force to overwrite it)");
    }
    Path outDir = job.output().toAbsolutePath().getParent();
    if (outDir == null || !Files.isDirectory(outDir)) {
      throw new BadOptionException("output folder " + outDir + " does not exist");
    }
    VideoInfo info = VideoInfo.probe(ffmpeg, job.input());
    int[] size = DeepDream.workingSize(info.width(), info.height(), job.config());
    VideoSettings v = job.video();
    Clip clip = new Clip(job.input(), info, v.start(), v.end(), v.every(), size[0], size[1]);
    // A render without a seed keeps the one it started with, so that it can continue.
    Long seed = job.config().seed() != null ? job.config().seed() : WorkFolder.recordedSeed(job.workFolder());
    if (seed == null) {
      seed = new SecureRandom().nextLong();
    }
    // Frames are decoded at the working size already; every frame uses the same seed.
    DreamConfig perFrame = dreamer.resolve(job.config().toBuilder().maxDim(null).seed(seed).build());
    dreamer.validate(size[0], size[1], perFrame);
    return new Plan(ffmpeg, clip, clip.countFrames(ffmpeg), output, perFrame);
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
    Clip clip = plan.clip();
    int total = plan.frames();
    WorkFolder work = WorkFolder.open(job.workFolder(), record(job, plan), job.force());
    DreamConfig config = plan.config();
    FrameCarry carry = new FrameCarry(job.video().temporal(), job.video().flow(), job.video().blend());
    int done = work.finished(total);
    listener.onStart(total, done);
    long dreamedMillis = 0;
    try (FrameReader reader = clip.open(plan.ffmpeg())) {
      Picture prevRaw = null;
      Picture prevDream = null;
      double settled = 0;
      if (done > 0) {
        reader.skip(done - 1);
        prevRaw = reader.next();
        prevDream = work.readFrame(done);
        settled = work.settledStrength(done);
      }
      for (int number = done + 1; number <= total; number++) {
        long t0 = System.currentTimeMillis();
        Picture raw = reader.next();
        if (raw == null) {
          throw new VideoException(job.input() + " ended after " + (number - 1) + " of " + total + " frames");
        }
        FrameCarry.Start start = carry.start(raw, prevRaw, prevDream, settled);
        Picture dreamed = dreamFrame(start.init(), config, number, listener);
        if (prevRaw == null || start.sceneCut()) {
          // Settle a fresh start: dream the frame on its own carried dream, as a still clip would.
          for (int pass = 0; pass < job.video().warmupPasses(); pass++) {
            dreamed = dreamFrame(FrameCarry.mix(raw, dreamed, job.video().blend()), config, number, listener);
          }
          settled = FrameCarry.detailRms(dreamed, raw);
        }
        work.writeFrame(number, dreamed, settled);
        if (job.preview() != null) {
          ImageFiles.write(dreamed, job.preview(), Map.of("frame", Integer.toString(number)), 0.92f);
        }
        long ms = System.currentTimeMillis() - t0;
        dreamedMillis += ms;
        listener.onFrame(new FrameProgress(number, total, ms, dreamedMillis, number - done, start.reliable(),
            start.sceneCut(), dreamed));
        prevRaw = raw;
        prevDream = dreamed;
      }
    }
    listener.onEncoding();
    plan.output().write(plan.ffmpeg(), work.dir(), total, clip);
    if (job.keepFrames() == null) {
      work.delete();
    }
    return new VideoResult(job.output(), total, done, clip.width(), clip.height(), clip.outputRate(), config,
        job.video(), work.dir(), System.currentTimeMillis() - started);
  }

  private Picture dreamFrame(Picture init, DreamConfig config, int number, VideoListener listener)
      throws IOException {
    return dreamer.dream(init, config, new DreamListener() {
      @Override
      public void onStep(DreamProgress p) {
        listener.onStep(number, p);
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
    r.put("input", job.input().toAbsolutePath().toString());
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
