package dev.deepdream.web;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.model.ModelStore;
import dev.deepdream.video.VideoDreamer;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The local web UI and its JSON API (see the README): upload a photo, dream with a live preview
 * over server-sent events, cancel, download, and a gallery of past dreams (with thumbnails) that
 * survives restarts;
 * or upload a short video clip, watch each dreamed frame, and download the MP4; or upload a zip of
 * photos, dreamed one by one, and download the zip of the dreams; or browse the server's atlases of
 * channels and draw one. This class puts the parts together (see the package's description) and
 * holds the route table.
 */
public final class WebServer implements AutoCloseable {
  private final ServerSettings settings;
  private final DeepDream dreamer;
  private final JobQueue queue;
  private final Javalin app;
  /** The token in force (given, or generated for a bind beyond loopback), or null. */
  private final String token;

  /** Starts the server (and its job queue) on the settings' host and port (0: a free one). */
  public WebServer(ServerSettings settings, ModelStore models) throws IOException {
    this.settings = settings;
    ServerSettings.Listen listen = settings.listen();
    // Beyond loopback anyone on the network can connect: then a token is not optional.
    this.token = listen.token() != null ? listen.token()
        : HostNames.isLoopback(listen.host()) ? null : AccessGuard.newToken();
    AccessGuard guard = new AccessGuard(listen.host(), listen.allowHosts(), token, settings.log());
    this.dreamer = new DeepDream(models);
    VideoDreamer videoDreamer = new VideoDreamer(dreamer);
    JobStore store = new JobStore(settings.dataDir());
    JobEvents events = new JobEvents(settings.queue().previewEvery());
    JobRecorder recorder = new JobRecorder(store, events);
    Atlases atlases = new Atlases(settings.dataDir());
    this.queue = new JobQueue(store, recorder, Map.of(
        Job.Kind.PHOTO, new PhotoRun(store, recorder, events, dreamer),
        Job.Kind.VIDEO, new VideoRun(store, recorder, events, videoDreamer),
        Job.Kind.BATCH, new BatchRun(store, recorder, events, dreamer, settings.photo().maxPixels()),
        Job.Kind.ATLAS, new AtlasRun(recorder, events, dreamer, atlases)),
        settings.queue().capacity());
    DataLimit dataLimit = new DataLimit(settings.dataDir(), settings.queue().maxDataBytes(), settings.log());
    queue.afterEachJob(job -> dataLimit.pruneQuietly(queue, store, job));
    dataLimit.pruneQuietly(queue, store, null); // the limit may have been lowered since the last run
    Path uploads = settings.dataDir().resolve("uploads-tmp");
    Files.createDirectories(uploads);
    // Each endpoint checks its own limit (a photo's, a video's) before it reads the form; these are the outer bounds.
    long largest = Math.max(settings.photo().maxUploadBytes(),
        Math.max(settings.video().maxUploadBytes(), settings.batch().maxUploadBytes()));
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
    ErrorReplies.install(app);
    long maxCompute = settings.queue().maxCompute();
    JobForm form = new JobForm(settings.photo(), store);
    Thumbnails thumbnails = new Thumbnails(store, atlases, settings.photo().maxPixels());
    routes(new PhotoUploads(settings.photo(), maxCompute, store, queue, dreamer, form),
        new VideoUploads(settings.video(), maxCompute, store, queue, videoDreamer, form),
        new BatchUploads(settings.batch(), settings.photo(), maxCompute, store, queue, dreamer, form),
        new JobRoutes(queue, store, events, thumbnails), new BatchPictures(queue, store, thumbnails),
        new Catalog(dreamer, settings.video(), settings.batch()));
    atlasRoutes(new AtlasRequests(maxCompute, store, queue, dreamer, atlases), new AtlasRoutes(atlases));
    app.start(listen.host(), listen.port());
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
    String host = settings.listen().host();
    host = HostNames.isWildcard(host) ? "127.0.0.1" : HostNames.inUrl(host);
    return "http://" + host + ":" + port() + "/" + (token == null ? "" : "?token=" + token);
  }

  /** The API's routes; an Error a handler throws is answered as JSON too ({@link ErrorReplies#guarded}). */
  private void routes(PhotoUploads photos, VideoUploads videos, BatchUploads batches, JobRoutes jobs,
      BatchPictures pictures, Catalog catalog) {
    app.post("/api/jobs", ErrorReplies.guarded(photos::create));
    app.post("/api/jobs/video", ErrorReplies.guarded(videos::create));
    app.post("/api/jobs/batch", ErrorReplies.guarded(batches::create));
    app.get("/api/jobs", ErrorReplies.guarded(jobs::list));
    app.get("/api/jobs/{id}", ErrorReplies.guarded(jobs::show));
    app.get("/api/jobs/{id}/result", ErrorReplies.guarded(jobs::result));
    app.get("/api/jobs/{id}/frame", ErrorReplies.guarded(jobs::frame));
    app.get("/api/jobs/{id}/thumbnail", ErrorReplies.guarded(jobs::thumbnail));
    app.get("/api/jobs/{id}/pictures", ErrorReplies.guarded(pictures::list));
    app.get("/api/jobs/{id}/pictures/{n}", ErrorReplies.guarded(pictures::picture));
    app.get("/api/jobs/{id}/pictures/{n}/thumbnail", ErrorReplies.guarded(pictures::thumbnail));
    app.get("/api/jobs/{id}/input", ErrorReplies.guarded(jobs::input));
    app.post("/api/jobs/{id}/cancel", ErrorReplies.guarded(jobs::cancel));
    app.delete("/api/jobs/{id}", ErrorReplies.guarded(jobs::delete));
    app.sse("/api/jobs/{id}/events", jobs::events);
    app.get("/api/models", ErrorReplies.guarded(catalog::models));
    app.get("/api/engine", ErrorReplies.guarded(catalog::engine));
    app.get("/api/params", ErrorReplies.guarded(catalog::params));
    app.get("/api/video-params", ErrorReplies.guarded(catalog::videoParams));
    app.get("/api/batch-limits", ErrorReplies.guarded(catalog::batchLimits));
    app.get("/api/atlas-params", ErrorReplies.guarded(catalog::atlasParams));
    app.get("/api/presets", ErrorReplies.guarded(catalog::presets));
    app.get("/api/models/{name}/layers", ErrorReplies.guarded(catalog::layers));
  }

  /** The atlases' routes: draw one (a job like the others), list them, one atlas, a channel's picture. */
  private void atlasRoutes(AtlasRequests requests, AtlasRoutes atlases) {
    app.post("/api/atlases", ErrorReplies.guarded(requests::create));
    app.get("/api/atlases", ErrorReplies.guarded(atlases::list));
    app.get("/api/atlases/{name}", ErrorReplies.guarded(atlases::show));
    app.get("/api/atlases/{name}/{layer}/{file}", ErrorReplies.guarded(atlases::picture));
  }

  @Override
  public void close() {
    app.stop();
    queue.close();
    dreamer.close();
  }
}
