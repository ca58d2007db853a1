package dev.deepdream.web;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.LayerNames;
import dev.deepdream.image.ImageException;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.ImageRef;
import dev.deepdream.image.Picture;
import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.KnownModels;
import dev.deepdream.model.ModelFormatException;
import dev.deepdream.model.ModelInfo;
import dev.deepdream.model.ModelStore;
import dev.deepdream.settings.DreamParams;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.Param;
import dev.deepdream.settings.SettingsCodec;
import dev.deepdream.video.Ffmpeg;
import dev.deepdream.video.VideoDreamer;
import dev.deepdream.video.VideoException;
import dev.deepdream.video.VideoInfo;
import dev.deepdream.video.VideoJob;
import dev.deepdream.video.VideoParams;
import dev.deepdream.video.VideoSettings;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The local web UI and its JSON API (see the README): upload a photo, dream with a live preview
 * over server-sent events, cancel, download, and a gallery of past dreams that survives restarts;
 * or upload a short video clip, watch each dreamed frame, and download the MP4; or upload a zip of
 * photos, dreamed one by one, and download the zip of the dreams.
 */
public final class WebServer implements AutoCloseable {
  /**
   * Server settings.
   *
   * @param maxUploadBytes the largest photo (and guide or mask picture) a job may upload
   * @param allowHosts extra {@code Host} names the server answers to ({@code --allow-host})
   * @param token the access token for {@code /api}; null: none on loopback, a generated one beyond
   * @param maxCompute the most pixel-steps one job may need ({@link ComputeBudget}); a video's frames count together
   * @param maxDataBytes the data folder's size limit ({@link DataLimit})
   * @param log where refusals and pruning are reported, one line each
   * @param maxVideoBytes the largest video clip a job may upload ({@code --max-video-size})
   * @param maxVideoFrames the most frames a video job may dream ({@code --max-video-frames})
   * @param maxBatchBytes the largest zip a batch job may upload ({@code --max-batch-size})
   * @param maxBatchFiles the most pictures a batch job's zip may hold ({@code --max-batch-files})
   * @param maxBatchUnpackedBytes the most bytes a batch job's pictures may unpack to ({@code --max-batch-unpacked})
   */
  public record Settings(String host, int port, Path dataDir, long maxUploadBytes, long maxPixels, int queueCapacity,
      int previewEvery, List<String> allowHosts, String token, long maxCompute, long maxDataBytes,
      Consumer<String> log, long maxVideoBytes, int maxVideoFrames, long maxBatchBytes, int maxBatchFiles,
      long maxBatchUnpackedBytes) {
    /** 200 MiB: a few minutes of phone video. */
    public static final long DEFAULT_MAX_VIDEO_BYTES = 200L << 20;
    /** 600 frames: 20 s at 30 fps (or more with {@code every}). */
    public static final int DEFAULT_MAX_VIDEO_FRAMES = 600;
    /** 200 MiB of zipped photos. */
    public static final long DEFAULT_MAX_BATCH_BYTES = 200L << 20;
    /** 200 pictures in one zip. */
    public static final int DEFAULT_MAX_BATCH_FILES = 200;
    /** 1 GiB: what a zip's pictures may unpack to, counted as they are unpacked (zip bombs). */
    public static final long DEFAULT_MAX_BATCH_UNPACKED = 1L << 30;

    /** Checks the token's characters: it travels in a URL and a cookie. */
    public Settings {
      allowHosts = List.copyOf(allowHosts);
      if (token != null && !token.matches("[A-Za-z0-9._~-]{8,200}")) {
        throw new IllegalArgumentException("the token must be 8 to 200 characters of A-Z, a-z, 0-9, '.', '_', '~' "
            + "and '-'");
      }
      if (maxVideoBytes < 1 || maxVideoFrames < 1) {
        throw new IllegalArgumentException("the video limits must be positive");
      }
      if (maxBatchBytes < 1 || maxBatchFiles < 1 || maxBatchUnpackedBytes < 1) {
        throw new IllegalArgumentException("the batch limits must be positive");
      }
    }

    /** The settings before the access checks' and the video options (their defaults). */
    public Settings(String host, int port, Path dataDir, long maxUploadBytes, long maxPixels, int queueCapacity,
        int previewEvery) {
      this(host, port, dataDir, maxUploadBytes, maxPixels, queueCapacity, previewEvery, List.of(), null,
          ComputeBudget.DEFAULT, DataLimit.DEFAULT, System.err::println, DEFAULT_MAX_VIDEO_BYTES,
          DEFAULT_MAX_VIDEO_FRAMES, DEFAULT_MAX_BATCH_BYTES, DEFAULT_MAX_BATCH_FILES, DEFAULT_MAX_BATCH_UNPACKED);
    }

    public static Settings defaults(Path dataDir) {
      return new Settings("127.0.0.1", 8080, dataDir, 50L << 20, 50_000_000L, 8, 5);
    }

    public Settings withPort(int p) {
      return new Settings(host, p, dataDir, maxUploadBytes, maxPixels, queueCapacity, previewEvery, allowHosts, token,
          maxCompute, maxDataBytes, log, maxVideoBytes, maxVideoFrames, maxBatchBytes, maxBatchFiles,
          maxBatchUnpackedBytes);
    }

    public Settings withHost(String h) {
      return new Settings(h, port, dataDir, maxUploadBytes, maxPixels, queueCapacity, previewEvery, allowHosts, token,
          maxCompute, maxDataBytes, log, maxVideoBytes, maxVideoFrames, maxBatchBytes, maxBatchFiles,
          maxBatchUnpackedBytes);
    }

    public Settings withQueue(int q) {
      return new Settings(host, port, dataDir, maxUploadBytes, maxPixels, q, previewEvery, allowHosts, token,
          maxCompute, maxDataBytes, log, maxVideoBytes, maxVideoFrames, maxBatchBytes, maxBatchFiles,
          maxBatchUnpackedBytes);
    }

    public Settings withPreviewEvery(int n) {
      return new Settings(host, port, dataDir, maxUploadBytes, maxPixels, queueCapacity, n, allowHosts, token,
          maxCompute, maxDataBytes, log, maxVideoBytes, maxVideoFrames, maxBatchBytes, maxBatchFiles,
          maxBatchUnpackedBytes);
    }

    public Settings withAllowHosts(List<String> hosts) {
      return new Settings(host, port, dataDir, maxUploadBytes, maxPixels, queueCapacity, previewEvery, hosts, token,
          maxCompute, maxDataBytes, log, maxVideoBytes, maxVideoFrames, maxBatchBytes, maxBatchFiles,
          maxBatchUnpackedBytes);
    }

    /** An access token (null: none, unless bound beyond loopback, which generates one). */
    public Settings withToken(String t) {
      return new Settings(host, port, dataDir, maxUploadBytes, maxPixels, queueCapacity, previewEvery, allowHosts, t,
          maxCompute, maxDataBytes, log, maxVideoBytes, maxVideoFrames, maxBatchBytes, maxBatchFiles,
          maxBatchUnpackedBytes);
    }

    public Settings withMaxCompute(long pixelSteps) {
      return new Settings(host, port, dataDir, maxUploadBytes, maxPixels, queueCapacity, previewEvery, allowHosts,
          token, pixelSteps, maxDataBytes, log, maxVideoBytes, maxVideoFrames, maxBatchBytes, maxBatchFiles,
          maxBatchUnpackedBytes);
    }

    public Settings withMaxData(long bytes) {
      return new Settings(host, port, dataDir, maxUploadBytes, maxPixels, queueCapacity, previewEvery, allowHosts,
          token, maxCompute, bytes, log, maxVideoBytes, maxVideoFrames, maxBatchBytes, maxBatchFiles,
          maxBatchUnpackedBytes);
    }

    public Settings withLog(Consumer<String> l) {
      return new Settings(host, port, dataDir, maxUploadBytes, maxPixels, queueCapacity, previewEvery, allowHosts,
          token, maxCompute, maxDataBytes, l, maxVideoBytes, maxVideoFrames, maxBatchBytes, maxBatchFiles,
          maxBatchUnpackedBytes);
    }

    /** The largest video clip a job may upload. */
    public Settings withMaxVideoBytes(long bytes) {
      return withMediaLimits(bytes, maxVideoFrames, maxBatchBytes, maxBatchFiles, maxBatchUnpackedBytes);
    }

    /** The most frames a video job may dream. */
    public Settings withMaxVideoFrames(int frames) {
      return withMediaLimits(maxVideoBytes, frames, maxBatchBytes, maxBatchFiles, maxBatchUnpackedBytes);
    }

    /** The largest zip a batch job may upload. */
    public Settings withMaxBatchBytes(long bytes) {
      return withMediaLimits(maxVideoBytes, maxVideoFrames, bytes, maxBatchFiles, maxBatchUnpackedBytes);
    }

    /** The most pictures a batch job's zip may hold. */
    public Settings withMaxBatchFiles(int files) {
      return withMediaLimits(maxVideoBytes, maxVideoFrames, maxBatchBytes, files, maxBatchUnpackedBytes);
    }

    /** The most bytes a batch job's pictures may unpack to. */
    public Settings withMaxBatchUnpackedBytes(long bytes) {
      return withMediaLimits(maxVideoBytes, maxVideoFrames, maxBatchBytes, maxBatchFiles, bytes);
    }

    /** These settings with other video and batch limits (the one copy the five limits' setters share). */
    private Settings withMediaLimits(long videoBytes, int videoFrames, long batchBytes, int batchFiles,
        long batchUnpackedBytes) {
      return new Settings(host, port, dataDir, maxUploadBytes, maxPixels, queueCapacity, previewEvery, allowHosts,
          token, maxCompute, maxDataBytes, log, videoBytes, videoFrames, batchBytes, batchFiles, batchUnpackedBytes);
    }

    /** Parses a compute budget as {@code --max-compute} takes it: 10g (gigapixel-steps), 500m, a count. */
    public static long parseCompute(String text) {
      return ComputeBudget.parse(text);
    }
  }

  /** An unknown job id in a path. */
  static final class NoSuchJobException extends RuntimeException {
    NoSuchJobException(String message) {
      super(message);
    }
  }

  private static final Gson GSON = new GsonBuilder().serializeNulls().create();
  private static final SecureRandom RANDOM = new SecureRandom();
  /** The preset a video job dreams with when the form names none (as {@code deepdream video} does). */
  static final String VIDEO_PRESET = "video";
  private final Settings settings;
  private final DeepDream dreamer;
  private final VideoDreamer videoDreamer;
  private final JobStore store;
  private final JobRunner runner;
  private final Javalin app;
  /** The token in force (given, or generated for a bind beyond loopback), or null. */
  private final String token;

  /** Starts the server (and its job runner) on the settings' host and port (0: a free one). */
  public WebServer(Settings settings, ModelStore models) throws IOException {
    this.settings = settings;
    // Beyond loopback anyone on the network can connect: then a token is not optional.
    this.token = settings.token() != null ? settings.token()
        : HostNames.isLoopback(settings.host()) ? null : AccessGuard.newToken();
    AccessGuard guard = new AccessGuard(settings.host(), settings.allowHosts(), token, settings.log());
    this.dreamer = new DeepDream(models);
    this.videoDreamer = new VideoDreamer(dreamer);
    this.store = new JobStore(settings.dataDir());
    this.runner = new JobRunner(store, dreamer, settings.queueCapacity(), settings.previewEvery());
    runner.maxPixels(settings.maxPixels());
    DataLimit dataLimit = new DataLimit(settings.dataDir(), settings.maxDataBytes(), settings.log());
    runner.afterEachJob(job -> pruneQuietly(dataLimit, job));
    pruneQuietly(dataLimit, null); // the limit may have been lowered since the last run
    Path uploads = settings.dataDir().resolve("uploads-tmp");
    Files.createDirectories(uploads);
    // Each endpoint checks its own limit (a photo's, a video's) before it reads the form; these are the outer bounds.
    long largest = Math.max(settings.maxUploadBytes(), Math.max(settings.maxVideoBytes(), settings.maxBatchBytes()));
    this.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.staticFiles.add("/web", Location.CLASSPATH);
      config.http.maxRequestSize = largest + (1 << 20);
      config.jetty.multipartConfig.cacheDirectory(uploads.toString());
      config.jetty.multipartConfig.maxFileSize(largest + (1 << 20), SizeUnit.BYTES);
      config.jetty.multipartConfig.maxTotalRequestSize(largest + (2 << 20), SizeUnit.BYTES);
      config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
    });
    app.before(guard::check);
    routes();
    app.start(settings.host(), settings.port());
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  /** The token in force, or null when the API needs none (loopback without {@code --token}). */
  public String token() {
    return token;
  }

  /**
   * The address to open: with the token when there is one ({@code http://HOST:PORT/?token=...}).
   * For a wildcard bind, the loopback address (this machine's other addresses work too).
   */
  public String url() {
    String host = HostNames.isWildcard(settings.host()) ? "127.0.0.1" : HostNames.inUrl(settings.host());
    return "http://" + host + ":" + port() + "/" + (token == null ? "" : "?token=" + token);
  }

  private void pruneQuietly(DataLimit limit, Job finished) {
    try {
      limit.prune(runner.all(), store, runner::delete, finished);
    } catch (IOException | RuntimeException e) {
      settings.log().accept("deepdream serve: could not prune the data folder: " + e);
    }
  }

  private void routes() {
    app.exception(AccessGuard.Refusal.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
    app.exception(BadOptionException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    app.exception(ImageException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    app.exception(JobRunner.QueueFullException.class, (e, ctx) -> error(ctx, 429, e.getMessage()));
    app.exception(NoSuchJobException.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
    // A damaged or missing model says what to do about it (e.g. 'deepdream models fetch NAME --force'), as the CLI does.
    app.exception(ModelFormatException.class, (e, ctx) -> error(ctx, 503, e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> error(ctx, 500, e.getClass().getSimpleName() + ": " + e.getMessage()));
    app.error(404, ctx -> {
      if (ctx.path().startsWith("/api/") && ctx.result() == null) {
        error(ctx, 404, "no such endpoint or job");
      }
    });
    app.post("/api/jobs", this::create);
    app.post("/api/jobs/video", this::createVideo);
    app.post("/api/jobs/batch", this::createBatch);
    app.get("/api/jobs", ctx -> json(ctx, 200, runner.all().stream().map(Job::toMap).toList()));
    app.get("/api/jobs/{id}", ctx -> json(ctx, 200, job(ctx).toMap()));
    app.get("/api/jobs/{id}/result", this::result);
    app.get("/api/jobs/{id}/frame", this::frame);
    app.get("/api/jobs/{id}/input", ctx -> {
      Job j = job(ctx);
      if (j.kind() == Job.Kind.BATCH) {
        error(ctx, 409, "job " + j.id() + " is a batch; its pictures are not served one by one");
        return;
      }
      ctx.contentType(Files.probeContentType(store.input(j)) == null ? "application/octet-stream"
          : Files.probeContentType(store.input(j)));
      ctx.result(Files.newInputStream(store.input(j)));
    });
    app.post("/api/jobs/{id}/cancel", ctx -> {
      Job j = job(ctx);
      if (!runner.cancel(j)) {
        error(ctx, 409, "job " + j.id() + " has already " + j.status().id());
        return;
      }
      json(ctx, 202, j.toMap());
    });
    app.delete("/api/jobs/{id}", ctx -> {
      Job j = job(ctx);
      if (!runner.delete(j)) {
        error(ctx, 409, "job " + j.id() + " is running; cancel it first");
        return;
      }
      json(ctx, 200, Map.of("id", j.id(), "deleted", true));
    });
    app.sse("/api/jobs/{id}/events", client -> {
      Job j = runner.get(client.ctx().pathParam("id"));
      if (j == null) {
        client.sendEvent("error", GSON.toJson(Map.of("error", "no such job")));
        client.close();
        return;
      }
      client.keepAlive();
      var sink = runner.subscribe(j, (event, data) -> {
        if (client.terminated()) {
          throw new IllegalStateException("closed");
        }
        client.sendEvent(event, data);
        if (event.equals("end")) {
          client.close();
        }
      });
      client.onClose(() -> runner.unsubscribe(j, sink));
    });
    app.get("/api/models", ctx -> json(ctx, 200, models()));
    app.get("/api/params", ctx -> json(ctx, 200, params()));
    app.get("/api/video-params", ctx -> json(ctx, 200, videoParams(settings)));
    app.get("/api/batch-limits", ctx -> json(ctx, 200, batchLimits(settings)));
    app.get("/api/presets", ctx -> {
      List<Map<String, String>> list = new ArrayList<>();
      for (dev.deepdream.dream.Presets.Preset p : dev.deepdream.dream.Presets.all().values()) {
        list.add(Map.of("name", p.name(), "looks", p.looks(), "settings", dev.deepdream.dream.Presets.describe(p.name())));
      }
      json(ctx, 200, list);
    });
    app.get("/api/models/{name}/layers", ctx -> {
      String name = ctx.pathParam("name");
      Map<String, Object> m = models().stream().filter(x -> x.get("name").equals(name)).findFirst().orElse(null);
      if (m == null) {
        error(ctx, 404, "no model " + name);
        return;
      }
      json(ctx, 200, m.get("layers"));
    });
  }

  private Job job(Context ctx) {
    String id = ctx.pathParam("id");
    Job j = id.matches("[a-z0-9]{8,40}") ? runner.get(id) : null;
    if (j == null) {
      throw new NoSuchJobException("no job " + id);
    }
    return j;
  }

  private void create(Context ctx) throws Exception {
    if (ctx.contentLength() > settings.maxUploadBytes() + (1 << 20)) {
      error(ctx, 413, "upload too large: at most " + (settings.maxUploadBytes() >> 20) + " MB");
      return;
    }
    if (ctx.contentType() == null || !ctx.contentType().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      error(ctx, 400, "send the image as multipart/form-data with field 'image'");
      return;
    }
    byte[] bytes;
    String fromJob = ctx.formParam("from_job");
    UploadedFile upload = ctx.uploadedFile("image");
    if (upload != null) {
      if (upload.size() > settings.maxUploadBytes()) {
        error(ctx, 413, "upload too large: " + (upload.size() >> 20) + " MB, at most " + (settings.maxUploadBytes() >> 20)
            + " MB");
        return;
      }
      try (InputStream in = upload.content()) {
        bytes = in.readAllBytes();
      }
    } else if (fromJob != null && runner.get(fromJob) != null && runner.get(fromJob).kind() == Job.Kind.PHOTO) {
      bytes = Files.readAllBytes(store.input(runner.get(fromJob)));
    } else {
      error(ctx, 400, "no image: send a file in field 'image' (or 'from_job' with an earlier job's id)");
      return;
    }
    Map<String, byte[]> uploads = new LinkedHashMap<>();
    DreamConfig config = SettingsCodec.decode(settings(ctx, uploads, Job.Kind.PHOTO), uploadedImages(uploads));
    Picture picture = ImageFiles.decode(bytes, "the upload", settings.maxPixels());
    String format = sniffFormat(bytes);
    ComputeBudget.check(picture.width(), picture.height(), config, settings.maxCompute());
    dreamer.validate(picture.width(), picture.height(), config);
    String id = newId();
    // The record holds the settings as the codec writes them: decoding it gives this same config.
    Job job = new Job(id, System.currentTimeMillis(), SettingsCodec.encode(config), "input." + format);
    Files.createDirectories(store.dir(id));
    Files.write(store.input(job), bytes);
    saveImages(job, uploads);
    job.width = picture.width();
    job.height = picture.height();
    try {
      runner.submit(job);
    } catch (JobRunner.QueueFullException e) {
      store.delete(id);
      throw e;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", "queued");
    json(ctx, 202, body);
  }

  /** The job's guide and mask pictures, kept in its folder under their hash. */
  private void saveImages(Job job, Map<String, byte[]> uploads) throws IOException {
    for (byte[] image : uploads.values()) {
      String file = ImageRef.of(image, "upload", settings.maxPixels()).sha256() + "." + sniffFormat(image);
      if (!job.images.contains(file)) {
        Files.write(store.dir(job.id()).resolve(file), image);
        job.images.add(file);
      }
    }
  }

  /**
   * {@code POST /api/jobs/video}: a clip (file part {@code video}, or {@code from_job} with an
   * earlier video job's id), the dream settings as for a photo (the {@value #VIDEO_PRESET} preset
   * when none is named) and the video settings of {@link VideoParams#ALL}. The clip is checked
   * and its frames counted here ({@link VideoDreamer#plan}), so a bad clip, one over the frame
   * limit or over the compute budget is refused before it is queued.
   */
  private void createVideo(Context ctx) throws Exception {
    long limit = settings.maxVideoBytes();
    if (ctx.contentLength() > limit + (1 << 20)) {
      error(ctx, 413, "upload too large: at most " + sizeText(limit) + " for a video");
      return;
    }
    if (ctx.contentType() == null || !ctx.contentType().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      error(ctx, 400, "send the video as multipart/form-data with field 'video'");
      return;
    }
    Ffmpeg ffmpeg;
    try {
      ffmpeg = Ffmpeg.find();
    } catch (VideoException e) {
      error(ctx, 503, e.getMessage()); // the server's trouble, not the caller's
      return;
    }
    UploadedFile upload = ctx.uploadedFile("video");
    String fromJob = ctx.formParam("from_job");
    Job source = upload == null && fromJob != null ? runner.get(fromJob) : null;
    if (upload != null && upload.size() > limit) {
      error(ctx, 413, "upload too large: " + sizeText(upload.size()) + ", at most " + sizeText(limit)
          + " for a video");
      return;
    }
    if (upload == null && (source == null || source.kind() != Job.Kind.VIDEO)) {
      error(ctx, 400, "no video: send a clip in field 'video' (or 'from_job' with an earlier video job's id)");
      return;
    }
    Map<String, byte[]> uploads = new LinkedHashMap<>();
    Map<String, List<String>> text = settings(ctx, uploads, Job.Kind.VIDEO);
    text.putIfAbsent("preset", List.of(VIDEO_PRESET));
    DreamConfig config = SettingsCodec.decode(text, uploadedImages(uploads));
    VideoSettings video = VideoParams.decode(videoSettings(ctx));
    String id = newId();
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
        String picture = sniffFormat(head(input));
        if (!picture.equals("img") && !picture.equals("gif")) {
          m += " (it is a " + picture.toUpperCase(Locale.ROOT) + " picture: dream it as a photo)";
        }
        throw new BadOptionException(m);
      }
      if (plan.frames() > settings.maxVideoFrames()) {
        throw new BadOptionException(tooManyFrames(Integer.toString(plan.frames()), video));
      }
      ComputeBudget.checkVideo(plan.clip().width(), plan.clip().height(), plan.config(), plan.frames(),
          video.warmupPasses(), settings.maxCompute());
      saveImages(job, uploads);
      job.width = plan.clip().width();
      job.height = plan.clip().height();
      job.frames = plan.frames();
      runner.submit(job);
    } catch (Exception | Error e) {
      store.delete(id);
      throw e;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", "queued");
    body.put("kind", Job.Kind.VIDEO.id());
    body.put("frames", job.frames);
    json(ctx, 202, body);
  }

  /**
   * {@code POST /api/jobs/batch}: a zip of photos (file part {@code zip}) and the dream settings as
   * for a photo. The zip is unpacked here, safely ({@link BatchZip}), into the job's
   * {@code inputs/} folder, and the pictures' work counted against the compute budget, so a bad
   * zip, one over the limits or over the budget is refused (nothing kept) before it is queued.
   */
  private void createBatch(Context ctx) throws Exception {
    long limit = settings.maxBatchBytes();
    if (ctx.contentLength() > limit + (1 << 20)) {
      error(ctx, 413, "upload too large: at most " + sizeText(limit) + " for a batch zip");
      return;
    }
    if (ctx.contentType() == null || !ctx.contentType().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      error(ctx, 400, "send the zip as multipart/form-data with field 'zip'");
      return;
    }
    UploadedFile upload = ctx.uploadedFile("zip");
    if (upload == null || upload.size() == 0) {
      error(ctx, 400, "no zip: send a .zip of photos in field 'zip'");
      return;
    }
    if (upload.size() > limit) {
      error(ctx, 413, "upload too large: " + sizeText(upload.size()) + ", at most " + sizeText(limit)
          + " for a batch zip");
      return;
    }
    Map<String, byte[]> uploads = new LinkedHashMap<>();
    DreamConfig config = SettingsCodec.decode(settings(ctx, uploads, Job.Kind.BATCH), uploadedImages(uploads));
    String id = newId();
    Path dir = Files.createDirectories(store.dir(id));
    Job job;
    try {
      Path zip = dir.resolve("upload.zip");
      List<String> names;
      try {
        try (InputStream in = upload.content()) {
          Files.copy(in, zip);
        }
        names = BatchZip.unpack(zip, store.batchInputs(id), new BatchZip.Limits(settings.maxBatchFiles(),
            settings.maxBatchUnpackedBytes(), settings.maxUploadBytes()));
      } finally {
        Files.deleteIfExists(zip);
      }
      long needed = 0;
      int[] first = null;
      for (String name : names) {
        int[] size = pictureSize(store.batchInputs(id).resolve(name));
        if (size == null || (long) size[0] * size[1] > settings.maxPixels()) {
          continue; // it will be recorded as failed, with the decoder's reason
        }
        first = first == null ? size : first;
        long steps = ComputeBudget.pixelSteps(size[0], size[1], config);
        needed = needed > Long.MAX_VALUE - steps ? Long.MAX_VALUE : needed + steps;
      }
      ComputeBudget.checkBatch(needed, names.size(), settings.maxCompute());
      if (first != null) {
        dreamer.validate(first[0], first[1], config); // the layers and the size, as for a photo
      }
      job = new Job(id, Job.Kind.BATCH, System.currentTimeMillis(), SettingsCodec.encode(config), Map.of(),
          "inputs");
      saveImages(job, uploads);
      job.items = names.size();
      runner.submit(job);
    } catch (Exception | Error e) {
      store.delete(id);
      throw e;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", "queued");
    body.put("kind", Job.Kind.BATCH.id());
    body.put("items", job.items);
    json(ctx, 202, body);
  }

  /** A picture's width and height from its header, or null when it has none a reader knows. */
  static int[] pictureSize(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        return null;
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        return w > 0 && h > 0 ? new int[] {w, h} : null;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Writes an uploaded clip into the job's folder as {@code input.EXT}, the extension from its first bytes. */
  private static Path saveClip(UploadedFile upload, Path dir) throws IOException {
    try (InputStream in = upload.content()) {
      byte[] head = in.readNBytes(16);
      Path file = dir.resolve("input." + sniffVideo(head));
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
    if (estimate > settings.maxVideoFrames() * 1.1 + 10) {
      throw new BadOptionException(tooManyFrames("about " + Math.round(estimate), video));
    }
  }

  private String tooManyFrames(String count, VideoSettings video) {
    String part = video.start() == 0 && video.end() == null ? "the whole clip"
        : "from " + video.start() + " s to " + (video.end() == null ? "the end" : video.end() + " s");
    return "the clip has " + count + " frames to dream (" + part + (video.every() > 1 ? ", one frame in "
        + video.every() : "") + "), over this server's limit of " + settings.maxVideoFrames()
        + " frames (--max-video-frames); dream a part of it (start, end) or every n-th frame (every)";
  }

  /** The video settings of the form, by their names in {@link VideoParams#ALL}. */
  private static Map<String, String> videoSettings(Context ctx) {
    Map<String, String> out = new LinkedHashMap<>();
    for (VideoParams.VideoParam p : VideoParams.ALL) {
      List<String> given = ctx.formParams(p.name()).stream().filter(v -> !v.isBlank()).toList();
      if (given.size() > 1) {
        throw new BadOptionException(p.name() + " is given " + given.size() + " times");
      }
      if (!given.isEmpty()) {
        out.put(p.name(), given.get(0));
      }
    }
    return out;
  }

  /**
   * The form's settings as the codec's text: a text field per setting (named as in
   * {@link DreamParams#ALL}); a picture setting is a file part of that name (masks: several, each
   * paired in order with the text field {@code mask}'s values, its objectives, blank for none).
   * Uploaded pictures go into {@code uploads} under the reference the text uses. A video job's form
   * also holds the clip (file part {@code video}, instead of {@code image}) and the video settings.
   */
  private Map<String, List<String>> settings(Context ctx, Map<String, byte[]> uploads, Job.Kind kind)
      throws IOException {
    boolean isVideo = kind == Job.Kind.VIDEO;
    String upload = switch (kind) {
      case VIDEO -> "video";
      case BATCH -> "zip";
      case PHOTO -> "image";
    };
    // Javalin lists file parts among the form's names too (with no text values).
    for (String field : ctx.formParamMap().keySet()) {
      boolean file = !ctx.uploadedFiles(field).isEmpty();
      Param p = DreamParams.get(field);
      boolean known = file ? field.equals(upload) || (p != null && p.kind() == Param.Kind.IMAGE)
          : (field.equals("from_job") && kind != Job.Kind.BATCH) || p != null
              || (isVideo && VideoParams.names().contains(field));
      if (!known) {
        List<String> names = new ArrayList<>(DreamParams.ALL.stream().map(Param::name).toList());
        if (isVideo) {
          names.addAll(VideoParams.names());
        }
        throw new BadOptionException("unknown " + (file ? "file '" : "setting '") + field + "' (settings: "
            + String.join(", ", names) + ")");
      }
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Param p : DreamParams.ALL) {
      List<String> text = ctx.formParams(p.name());
      if (p.kind() != Param.Kind.IMAGE) {
        List<String> given = text.stream().filter(v -> !v.isBlank()).toList();
        if (!given.isEmpty()) {
          out.put(p.name(), given);
        }
        continue;
      }
      // Blank objectives are kept here: they hold their mask's place in the pairing.
      List<UploadedFile> files = ctx.uploadedFiles(p.name()).stream().filter(f -> f.size() > 0).toList();
      if (!p.objectivePerPicture() && text.stream().anyMatch(v -> !v.isBlank())) {
        throw new BadOptionException(p.name() + " is a picture: send it as a file part named " + p.name());
      }
      if (text.size() > files.size() && text.stream().skip(files.size()).anyMatch(v -> !v.isBlank())) {
        throw new BadOptionException(p.name() + " has " + text.size() + " text values for " + files.size()
            + " pictures: send each picture as a file part named " + p.name());
      }
      List<String> refs = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        UploadedFile f = files.get(i);
        if (f.size() > settings.maxUploadBytes()) {
          throw new BadOptionException(p.name() + " image too large: at most " + (settings.maxUploadBytes() >> 20) + " MB");
        }
        byte[] b;
        try (InputStream in = f.content()) {
          b = in.readAllBytes();
        }
        String ref = "upload:" + p.name() + ":" + i;
        uploads.put(ref, b);
        String objective = i < text.size() ? text.get(i).trim().replaceFirst("^=", "") : "";
        refs.add(objective.isBlank() ? ref : ref + "=" + objective);
      }
      if (!refs.isEmpty()) {
        out.put(p.name(), refs);
      }
    }
    return out;
  }

  /** Resolves the references {@link #settings} made to the uploaded pictures, checking each like the photo. */
  private ImageSource uploadedImages(Map<String, byte[]> uploads) {
    return (param, text) -> {
      byte[] b = uploads.get(text);
      if (b == null) {
        throw new BadOptionException(param + " must be uploaded as a file");
      }
      return ImageRef.of(b, "the " + param + " image", settings.maxPixels());
    };
  }

  private void result(Context ctx) throws IOException {
    Job j = job(ctx);
    Path p = store.result(j);
    if (j.status() != Job.Status.DONE || !Files.exists(p)) {
      error(ctx, 409, "job " + j.id() + " has no result (status " + j.status().id() + ")");
      return;
    }
    if (j.kind() == Job.Kind.BATCH) {
      ctx.header("Content-Disposition", "attachment; filename=\"deepdream-" + j.id() + ".zip\"");
      ctx.contentType("application/zip");
      ctx.result(Files.newInputStream(p));
      return;
    }
    if (j.kind() == Job.Kind.VIDEO) {
      ctx.header("Content-Disposition", "attachment; filename=\"deepdream-" + j.id() + ".mp4\"");
      // Seekable: a <video> element asks for byte ranges.
      ctx.writeSeekableStream(Files.newInputStream(p), "video/mp4", Files.size(p));
      return;
    }
    ctx.contentType("image/png");
    ctx.header("Content-Disposition", "attachment; filename=\"deepdream-" + j.id() + ".png\"");
    ctx.result(Files.newInputStream(p));
  }

  /** {@code GET /api/jobs/{id}/frame}: a video job's latest dreamed frame, as a PNG. */
  private void frame(Context ctx) throws IOException {
    Job j = job(ctx);
    if (j.kind() != Job.Kind.VIDEO) {
      error(ctx, 409, "job " + j.id() + " is a " + (j.kind() == Job.Kind.BATCH ? "batch" : "photo dream")
          + "; only video jobs have frames");
      return;
    }
    Path p = store.lastFrame(j.id());
    InputStream in;
    try {
      in = Files.newInputStream(p); // replaced atomically by each new frame: an open one stays whole
    } catch (java.nio.file.NoSuchFileException e) {
      error(ctx, 404, "job " + j.id() + " has no dreamed frame yet (status " + j.status().id() + ")");
      return;
    }
    ctx.header("Cache-Control", "no-store");
    ctx.contentType("image/png");
    ctx.result(in);
  }

  /**
   * The video settings as the page builds its controls from them ({@link VideoParams#ALL}), with
   * the preset a video dreams with when none is chosen and this server's video limits.
   */
  static Map<String, Object> videoParams(Settings s) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (VideoParams.VideoParam p : VideoParams.ALL) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("label", p.label());
      m.put("help", p.help());
      m.put("default", p.defaultText());
      // A label like flow|blend|off lists the choices.
      m.put("choices", p.label().contains("|") ? List.of(p.label().split("\\|")) : null);
      list.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("params", list);
    out.put("default_preset", VIDEO_PRESET);
    out.put("max_frames", s.maxVideoFrames());
    out.put("max_upload_bytes", s.maxVideoBytes());
    return out;
  }

  /** This server's batch limits, for the page's Batch tab. */
  static Map<String, Object> batchLimits(Settings s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("max_files", s.maxBatchFiles());
    out.put("max_upload_bytes", s.maxBatchBytes());
    out.put("max_unpacked_bytes", s.maxBatchUnpackedBytes());
    return out;
  }

  /** Every dream setting as the page builds its controls from it: the codec's declarations. */
  static List<Map<String, Object>> params() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Param p : DreamParams.ALL) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
      m.put("group", p.group());
      m.put("help", p.help());
      m.put("default", p.defaultText());
      if (p.range() != null) {
        m.put("min", p.range().min());
        m.put("max", p.range().max());
        m.put("integer", p.range().integer());
      }
      m.put("choices", p.choices());
      m.put("repeatable", p.repeatable());
      m.put("objective_per_picture", p.objectivePerPicture());
      m.put("requires", p.requires());
      out.add(m);
    }
    return out;
  }

  /** The known and cached models, each with its dreamable layers and a hint of what each depth gives. */
  private List<Map<String, Object>> models() throws IOException {
    ModelStore ms = dreamer.store();
    List<String> names = new ArrayList<>(KnownModels.names());
    for (ModelStore.Entry e : ms.list()) {
      if (!names.contains(e.name())) {
        names.add(e.name());
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (String n : names) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", n);
      boolean cached = ms.isCached(n);
      m.put("cached", cached);
      ModelInfo info = cached ? ms.info(n) : KnownModels.info(n);
      ModelInfo known = KnownModels.info(n);
      ModelInfo shown = known != null ? known : info;
      m.put("description", shown.description());
      m.put("default_layers", shown.defaultLayers());
      m.put("source", info.source());
      m.put("quantized", info.quantized());
      m.put("imagenet_up_to", info.imagenetUpTo());
      List<Map<String, String>> layers = new ArrayList<>();
      if (cached) {
        KerasGraph g = ms.graph(n);
        List<String> dreamable = LayerNames.dreamable(g, shown);
        for (int i = 0; i < dreamable.size(); i++) {
          Map<String, String> l = new LinkedHashMap<>();
          l.put("name", dreamable.get(i));
          double depth = (double) i / Math.max(1, dreamable.size() - 1);
          l.put("hint", depth < 0.3 ? "shallow: strokes, edges and textures"
              : depth < 0.6 ? "middle: patterns, eyes, swirls" : "deep: object parts, animals, buildings");
          layers.add(l);
        }
      }
      m.put("layers", layers);
      out.add(m);
    }
    return out;
  }

  static String sniffFormat(byte[] b) {
    if (b.length > 3 && (b[0] & 0xff) == 0x89 && b[1] == 'P') {
      return "png";
    }
    if (b.length > 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) {
      return "jpg";
    }
    if (b.length > 2 && b[0] == 'G' && b[1] == 'I') {
      return "gif";
    }
    if (b.length > 2 && b[0] == 'B' && b[1] == 'M') {
      return "bmp";
    }
    if (b.length > 12 && b[8] == 'W' && b[9] == 'E') {
      return "webp";
    }
    return "img";
  }

  /** A video file's extension from its first bytes (ffmpeg reads it by its content either way). */
  static String sniffVideo(byte[] b) {
    if (b.length >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
      return b[8] == 'q' && b[9] == 't' ? "mov" : "mp4";
    }
    if (b.length >= 4 && (b[0] & 0xff) == 0x1A && (b[1] & 0xff) == 0x45 && (b[2] & 0xff) == 0xDF
        && (b[3] & 0xff) == 0xA3) {
      return "mkv";
    }
    if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'A' && b[9] == 'V'
        && b[10] == 'I') {
      return "avi";
    }
    if (b.length >= 4 && b[0] == 'O' && b[1] == 'g' && b[2] == 'g' && b[3] == 'S') {
      return "ogv";
    }
    if (b.length > 2 && b[0] == 'G' && b[1] == 'I') {
      return "gif";
    }
    return "video";
  }

  /** Bytes as people read them in a message: 200 MB, 1.5 MB, 98 kB (powers of 1024). */
  static String sizeText(long bytes) {
    if (bytes < 1 << 20) {
      return Math.max(1, Math.round(bytes / 1024.0)) + " kB";
    }
    double mb = bytes / (double) (1 << 20);
    return (mb == Math.rint(mb) || mb >= 100 ? Long.toString(Math.round(mb))
        : String.format(Locale.ROOT, "%.1f", mb)) + " MB";
  }

  private static String newId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return Long.toString(System.currentTimeMillis(), 36) + HexFormat.of().formatHex(b);
  }

  private static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(GSON.toJson(body));
  }

  private static void error(Context ctx, int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("status", status);
    json(ctx, status, body);
  }

  @Override
  public void close() {
    app.stop();
    runner.close();
    dreamer.close();
  }
}
