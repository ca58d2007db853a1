package dev.deepdream.web;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.settings.SettingsCodec;
import dev.deepdream.video.Ffmpeg;
import dev.deepdream.video.VideoDreamer;
import dev.deepdream.video.VideoException;
import dev.deepdream.video.VideoInfo;
import dev.deepdream.video.VideoJob;
import dev.deepdream.video.VideoParams;
import dev.deepdream.video.VideoSettings;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Video jobs as they arrive: the clip checked, its frames counted and limited, then queued. */
final class VideoUploads {
  /** The preset a video job dreams with when the form names none (as {@code deepdream video} does). */
  static final String DEFAULT_PRESET = VideoParams.DREAM_PRESET;
  private final ServerSettings.VideoLimits limits;
  private final long maxCompute;
  private final JobStore store;
  private final JobQueue queue;
  private final VideoDreamer videoDreamer;
  private final JobForm form;

  /**
   * @param maxCompute the most pixel-steps a job may need ({@link ComputeBudget})
   */
  VideoUploads(ServerSettings.VideoLimits limits, long maxCompute, JobStore store, JobQueue queue,
      VideoDreamer videoDreamer, JobForm form) {
    this.limits = limits;
    this.maxCompute = maxCompute;
    this.store = store;
    this.queue = queue;
    this.videoDreamer = videoDreamer;
    this.form = form;
  }

  /**
   * {@code POST /api/jobs/video}: a clip (file part {@code video}, or {@code from_job} with an
   * earlier video job's id), the dream settings as for a photo (the
   * {@value #DEFAULT_PRESET} preset when none is named) and the video settings of
   * {@link VideoParams#ALL}. The clip is checked and its frames counted here
   * ({@link VideoDreamer#plan}), so a bad clip, one over the frame limit or over the compute
   * budget is refused before it is queued.
   */
  void create(Context ctx) throws Exception {
    long limit = limits.maxUploadBytes();
    if (!UploadLimits.accepts(ctx, limit, "video", " for a video")) {
      return;
    }
    Ffmpeg ffmpeg;
    try {
      ffmpeg = Ffmpeg.find();
    } catch (VideoException e) {
      Replies.error(ctx, 503, e.getMessage()); // the server's trouble, not the caller's
      return;
    }
    UploadedFile upload = ctx.uploadedFile("video");
    String fromJob = ctx.formParam("from_job");
    Job source = upload == null && fromJob != null ? queue.get(fromJob) : null;
    if (!UploadLimits.withinLimit(ctx, upload, limit, " for a video")) {
      return;
    }
    if (upload == null && (source == null || source.kind() != Job.Kind.VIDEO)) {
      Replies.error(ctx, 400,
          "no video: send a clip in field 'video' (or 'from_job' with an earlier video job's id)");
      return;
    }
    Map<String, byte[]> uploads = new LinkedHashMap<>();
    Map<String, List<String>> text = form.settings(ctx, uploads, Job.Kind.VIDEO);
    text.putIfAbsent("preset", List.of(DEFAULT_PRESET));
    DreamConfig config = SettingsCodec.decode(text, form.uploadedImages(uploads));
    VideoSettings video = VideoParams.decode(JobForm.videoSettings(ctx));
    String id = JobStore.newId();
    Path dir = Files.createDirectories(store.dir(id));
    Job job;
    try {
      Path input = upload != null ? saveClip(upload, dir)
          : Files.copy(store.input(source), dir.resolve(source.inputFile));
      job = new Job(id, Job.Kind.VIDEO, System.currentTimeMillis(), SettingsCodec.encode(config),
          VideoParams.encode(video), input.getFileName().toString());
      VideoDreamer.Plan plan;
      try {
        refuseLongClip(ffmpeg, input, video); // before counting the frames of an hour of video
        plan = videoDreamer.plan(new VideoJob(input, store.videoResult(id), config, video, store.frames(id),
            store.lastFrame(id), false));
      } catch (VideoException e) {
        // One line for the user, without this server's folders.
        String m = e.getMessage().replace(input.toAbsolutePath().toString(), "the upload")
            .replace(input.toString(), "the upload");
        m = m.lines().findFirst().orElse(m);
        String picture = FileFormats.picture(head(input));
        if (!picture.equals("img") && !picture.equals("gif")) {
          m += " (it is a " + picture.toUpperCase(Locale.ROOT) + " picture: dream it as a photo)";
        }
        throw new BadOptionException(m);
      }
      if (plan.frames() > limits.maxFrames()) {
        throw new BadOptionException(tooManyFrames(Integer.toString(plan.frames()), video));
      }
      ComputeBudget.checkVideo(plan.clip().width(), plan.clip().height(), plan.config(), plan.frames(),
          video.warmupPasses(), maxCompute);
      form.saveImages(job, uploads);
      job.width = plan.clip().width();
      job.height = plan.clip().height();
      job.frames = plan.frames();
      queue.submit(job);
    } catch (Exception | Error e) {
      store.delete(id);
      throw e;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", "queued");
    body.put("kind", Job.Kind.VIDEO.id());
    body.put("frames", job.frames);
    Replies.json(ctx, 202, body);
  }

  private static Path saveClip(UploadedFile upload, Path dir) throws IOException {
    try (InputStream in = upload.content()) {
      byte[] head = in.readNBytes(16);
      Path file = dir.resolve("input." + FileFormats.video(head));
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(head);
        in.transferTo(out);
      }
      return file;
    }
  }

  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(16);
    }
  }

  /**
   * Refuses a clip whose frame count, estimated from its duration and frame rate, is well over the
   * limit, before the exact count decodes it all (the exact count is checked after).
   */
  private void refuseLongClip(Ffmpeg ffmpeg, Path input, VideoSettings video) throws IOException {
    VideoInfo info = VideoInfo.probe(ffmpeg, input);
    double end = video.end() == null ? info.seconds() : Math.min(video.end(), info.seconds());
    double estimate = Math.max(0, end - video.start()) * info.fps() / video.every();
    if (estimate > limits.maxFrames() * 1.1 + 10) {
      throw new BadOptionException(tooManyFrames("about " + Math.round(estimate), video));
    }
  }

  private String tooManyFrames(String count, VideoSettings video) {
    String part = video.start() == 0 && video.end() == null ? "the whole clip"
        : "from " + video.start() + " s to " + (video.end() == null ? "the end" : video.end() + " s");
    return "the clip has " + count + " frames to dream (" + part + (video.every() > 1 ? ", one frame in "
        + video.every() : "") + "), over this server's limit of " + limits.maxFrames()
        + " frames (--max-video-frames); dream a part of it (start, end) or every n-th frame (every)";
  }
}
