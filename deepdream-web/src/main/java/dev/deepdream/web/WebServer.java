package dev.deepdream.web;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.LayerNames;
import dev.deepdream.engine.EngineReport;
import dev.deepdream.image.ImageException;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.KnownModels;
import dev.deepdream.model.ModelFormatException;
import dev.deepdream.model.ModelInfo;
import dev.deepdream.model.ModelStore;
import dev.deepdream.settings.DreamParams;
import dev.deepdream.settings.Param;
import dev.deepdream.settings.SettingsCodec;
import dev.deepdream.video.VideoDreamer;
import dev.deepdream.video.VideoParams;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

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

    /** Loopback, port 8080, 50 MiB uploads, 50 megapixels, 8 waiting jobs, a preview every 5 steps. */
    public static Settings defaults(Path dataDir) {
      return new Settings("127.0.0.1", 8080, dataDir, 50L << 20, 50_000_000L, 8, 5);
    }

    /** The port (0: a free one). */
    public Settings withPort(int p) {
      return edit(b -> b.port = p);
    }

    /** The host or address to bind. */
    public Settings withHost(String h) {
      return edit(b -> b.host = h);
    }

    /** How many jobs may wait. */
    public Settings withQueue(int q) {
      return edit(b -> b.queueCapacity = q);
    }

    /** A preview every {@code n} steps. */
    public Settings withPreviewEvery(int n) {
      return edit(b -> b.previewEvery = n);
    }

    /** Extra {@code Host} names the server answers to. */
    public Settings withAllowHosts(List<String> hosts) {
      return edit(b -> b.allowHosts = hosts);
    }

    /** An access token (null: none, unless bound beyond loopback, which generates one). */
    public Settings withToken(String t) {
      return edit(b -> b.token = t);
    }

    /** The most pixel-steps one job may need. */
    public Settings withMaxCompute(long pixelSteps) {
      return edit(b -> b.maxCompute = pixelSteps);
    }

    /** The most bytes the data folder may hold. */
    public Settings withMaxData(long bytes) {
      return edit(b -> b.maxDataBytes = bytes);
    }

    /** Where refusals and pruning are reported. */
    public Settings withLog(Consumer<String> l) {
      return edit(b -> b.log = l);
    }

    /** The largest video clip a job may upload. */
    public Settings withMaxVideoBytes(long bytes) {
      return edit(b -> b.maxVideoBytes = bytes);
    }

    /** The most frames a video job may dream. */
    public Settings withMaxVideoFrames(int frames) {
      return edit(b -> b.maxVideoFrames = frames);
    }

    /** The largest zip a batch job may upload. */
    public Settings withMaxBatchBytes(long bytes) {
      return edit(b -> b.maxBatchBytes = bytes);
    }

    /** The most pictures a batch job's zip may hold. */
    public Settings withMaxBatchFiles(int files) {
      return edit(b -> b.maxBatchFiles = files);
    }

    /** The most bytes a batch job's pictures may unpack to. */
    public Settings withMaxBatchUnpackedBytes(long bytes) {
      return edit(b -> b.maxBatchUnpackedBytes = bytes);
    }

    /** These settings with {@code change} made to a copy (the one place that spells every field). */
    private Settings edit(Consumer<Copy> change) {
      Copy b = new Copy(this);
      change.accept(b);
      return new Settings(b.host, b.port, b.dataDir, b.maxUploadBytes, b.maxPixels, b.queueCapacity, b.previewEvery,
          b.allowHosts, b.token, b.maxCompute, b.maxDataBytes, b.log, b.maxVideoBytes, b.maxVideoFrames,
          b.maxBatchBytes, b.maxBatchFiles, b.maxBatchUnpackedBytes);
    }

    /** A mutable copy of the fields, for {@link #edit}. */
    private static final class Copy {
      String host;
      int port;
      Path dataDir;
      long maxUploadBytes;
      long maxPixels;
      int queueCapacity;
      int previewEvery;
      List<String> allowHosts;
      String token;
      long maxCompute;
      long maxDataBytes;
      Consumer<String> log;
      long maxVideoBytes;
      int maxVideoFrames;
      long maxBatchBytes;
      int maxBatchFiles;
      long maxBatchUnpackedBytes;

      Copy(Settings s) {
        host = s.host;
        port = s.port;
        dataDir = s.dataDir;
        maxUploadBytes = s.maxUploadBytes;
        maxPixels = s.maxPixels;
        queueCapacity = s.queueCapacity;
        previewEvery = s.previewEvery;
        allowHosts = s.allowHosts;
        token = s.token;
        maxCompute = s.maxCompute;
        maxDataBytes = s.maxDataBytes;
        log = s.log;
        maxVideoBytes = s.maxVideoBytes;
        maxVideoFrames = s.maxVideoFrames;
        maxBatchBytes = s.maxBatchBytes;
        maxBatchFiles = s.maxBatchFiles;
        maxBatchUnpackedBytes = s.maxBatchUnpackedBytes;
      }
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
  private final JobStore store;
  private final JobRunner runner;
  private final JobForm form;
  private final VideoUploads videos;
  private final BatchUploads batches;
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
    this.store = new JobStore(settings.dataDir());
    this.runner = new JobRunner(store, dreamer, settings.queueCapacity(), settings.previewEvery());
    this.form = new JobForm(settings, store);
    this.videos = new VideoUploads(settings, store, runner, new VideoDreamer(dreamer), form);
    this.batches = new BatchUploads(settings, store, runner, dreamer, form);
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
    app.post("/api/jobs/video", videos::create);
    app.post("/api/jobs/batch", batches::create);
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
    app.get("/api/engine", ctx -> json(ctx, 200, engine()));
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
    if (!JobForm.accepts(ctx, settings.maxUploadBytes(), "image", "")) {
      return;
    }
    byte[] bytes;
    String fromJob = ctx.formParam("from_job");
    UploadedFile upload = ctx.uploadedFile("image");
    if (upload != null) {
      if (!JobForm.withinLimit(ctx, upload, settings.maxUploadBytes(), "")) {
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
    DreamConfig config = SettingsCodec.decode(form.settings(ctx, uploads, Job.Kind.PHOTO),
        form.uploadedImages(uploads));
    Picture picture = ImageFiles.decode(bytes, "the upload", settings.maxPixels());
    String format = sniffFormat(bytes);
    ComputeBudget.check(picture.width(), picture.height(), config, settings.maxCompute());
    dreamer.validate(picture.width(), picture.height(), config);
    String id = newId();
    // The record holds the settings as the codec writes them: decoding it gives this same config.
    Job job = new Job(id, System.currentTimeMillis(), SettingsCodec.encode(config), "input." + format);
    Files.createDirectories(store.dir(id));
    Files.write(store.input(job), bytes);
    form.saveImages(job, uploads);
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
  /** The engine check of the default model: the CPU, each plan tried and the plan chosen (never runs a check). */
  private Map<String, Object> engine() {
    String model = KnownModels.DEFAULT;
    EngineReport r = dreamer.checkedEngine(model);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", model);
    m.put("checked", r != null);
    if (r != null) {
      m.put("engine", r.key().engine());
      m.put("cpu", r.cpu());
      m.put("plan", r.passed() ? r.chosen().name() : null);
      m.put("checked_at", r.checkedAt());
      m.put("seconds", r.seconds());
      m.put("lines", r.describe());
    }
    return m;
  }

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

  /** A picture's extension from its first bytes ("img" when none is known). */
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

  /** Bytes as people read them in a message: 200 MB, 1.5 MB, 98 kB (powers of 1024). */
  static String sizeText(long bytes) {
    if (bytes < 1 << 20) {
      return Math.max(1, Math.round(bytes / 1024.0)) + " kB";
    }
    double mb = bytes / (double) (1 << 20);
    return (mb == Math.rint(mb) || mb >= 100 ? Long.toString(Math.round(mb))
        : String.format(Locale.ROOT, "%.1f", mb)) + " MB";
  }

  /** A new job id: the time in base 36 and 8 random bytes, so ids sort by age and cannot be guessed. */
  static String newId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return Long.toString(System.currentTimeMillis(), 36) + HexFormat.of().formatHex(b);
  }

  /** Replies {@code body} as JSON with {@code status}. */
  static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(GSON.toJson(body));
  }

  /** Replies {@code {"error": message, "status": status}}. */
  static void error(Context ctx, int status, String message) {
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
