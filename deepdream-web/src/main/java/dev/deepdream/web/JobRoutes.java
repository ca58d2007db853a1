package dev.deepdream.web;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The API of the jobs once they are queued: the list, one job, its result, a video's latest
 * frame, its thumbnail, the upload, cancel, delete, and its event stream.
 */
final class JobRoutes {
  /** An unknown job id in a path. */
  static final class NoSuchJobException extends RuntimeException {
    NoSuchJobException(String message) {
      super(message);
    }
  }

  private final JobQueue queue;
  private final JobStore store;
  private final JobEvents events;
  private final Thumbnails thumbnails;

  JobRoutes(JobQueue queue, JobStore store, JobEvents events, Thumbnails thumbnails) {
    this.queue = queue;
    this.store = store;
    this.events = events;
    this.thumbnails = thumbnails;
  }

  /** {@code GET /api/jobs}: all jobs, newest first. */
  void list(Context ctx) {
    Replies.json(ctx, 200, queue.all().stream().map(Job::toMap).toList());
  }

  /** {@code GET /api/jobs/{id}}. */
  void show(Context ctx) {
    Replies.json(ctx, 200, job(ctx).toMap());
  }

  /**
   * {@code GET /api/jobs/{id}/result}: the PNG, a video's MP4 or a batch's zip; 409 until done, and
   * for an atlas (its pictures are its atlas's, {@link AtlasRoutes}).
   */
  void result(Context ctx) throws IOException {
    Job j = job(ctx);
    Path p = store.result(j);
    if (p == null) {
      Replies.error(ctx, 409, "job " + j.id() + " is " + j.kind().noun + "; it has no file of its own (its pictures: "
          + "GET /api/atlases/" + AtlasSettings.atlas(j) + ")");
      return;
    }
    if (j.status() != Job.Status.DONE || !Files.exists(p)) {
      Replies.error(ctx, 409, "job " + j.id() + " has no result (status " + j.status().id() + ")");
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
  void frame(Context ctx) throws IOException {
    Job j = job(ctx);
    if (j.kind() != Job.Kind.VIDEO) {
      Replies.error(ctx, 409, "job " + j.id() + " is " + j.kind().noun + "; only video jobs have frames");
      return;
    }
    Path p = store.lastFrame(j.id());
    InputStream in;
    try {
      in = Files.newInputStream(p); // replaced atomically by each new frame: an open one stays whole
    } catch (NoSuchFileException e) {
      Replies.error(ctx, 404, "job " + j.id() + " has no dreamed frame yet (status " + j.status().id() + ")");
      return;
    }
    ctx.header("Cache-Control", "no-store");
    ctx.contentType("image/png");
    ctx.result(in);
  }

  /**
   * {@code GET /api/jobs/{id}/thumbnail}: a small JPEG of the job ({@link Thumbnails}); 404 while it
   * has no picture.
   */
  void thumbnail(Context ctx) throws IOException {
    Job j = job(ctx);
    boolean finished = j.status().finished();
    byte[] jpeg = thumbnails.get(j);
    if (jpeg == null) {
      Replies.error(ctx, 404, "job " + j.id() + " has no picture yet (status " + j.status().id() + ")");
      return;
    }
    jpeg(ctx, jpeg, finished);
  }

  /** A thumbnail's answer: a finished job's no longer changes, so the browser may keep it. */
  static void jpeg(Context ctx, byte[] jpeg, boolean lasting) {
    ctx.header("Cache-Control", lasting ? "private, max-age=86400" : "no-cache");
    ctx.contentType("image/jpeg");
    ctx.result(jpeg);
  }

  /** {@code GET /api/jobs/{id}/input}: the uploaded photo or clip; a batch's pictures are not served, an atlas has none. */
  void input(Context ctx) throws IOException {
    Job j = job(ctx);
    if (!j.kind().servesInput) {
      Replies.error(ctx, 409, "job " + j.id() + " is " + j.kind().noun + "; only a photo's or a video's upload is "
          + "served");
      return;
    }
    ctx.contentType(Files.probeContentType(store.input(j)) == null ? "application/octet-stream"
        : Files.probeContentType(store.input(j)));
    ctx.result(Files.newInputStream(store.input(j)));
  }

  /** {@code POST /api/jobs/{id}/cancel}: 202, or 409 when it has already finished. */
  void cancel(Context ctx) throws IOException {
    Job j = job(ctx);
    if (!queue.cancel(j)) {
      Replies.error(ctx, 409, "job " + j.id() + " has already " + j.status().id());
      return;
    }
    Replies.json(ctx, 202, j.toMap());
  }

  /** {@code DELETE /api/jobs/{id}}: 200, or 409 while it runs. */
  void delete(Context ctx) throws IOException {
    Job j = job(ctx);
    if (!queue.delete(j)) {
      Replies.error(ctx, 409, "job " + j.id() + " is running; cancel it first");
      return;
    }
    Replies.json(ctx, 200, Map.of("id", j.id(), "deleted", true));
  }

  /** {@code GET /api/jobs/{id}/events}: the job's server-sent events ({@link JobEvents}) until its end. */
  void events(SseClient client) {
    Job j = queue.get(client.ctx().pathParam("id"));
    if (j == null) {
      client.sendEvent("error", Replies.toJson(Map.of("error", "no such job")));
      client.close();
      return;
    }
    client.keepAlive();
    var sink = events.subscribe(j, (event, data) -> {
      if (client.terminated()) {
        throw new IllegalStateException("closed");
      }
      client.sendEvent(event, data);
      if (event.equals("end")) {
        client.close();
      }
    });
    client.onClose(() -> events.unsubscribe(j, sink));
  }

  private Job job(Context ctx) {
    return find(queue, ctx);
  }

  /** The job of the path's {@code id}, or {@link NoSuchJobException} (a 404). */
  static Job find(JobQueue queue, Context ctx) {
    String id = ctx.pathParam("id");
    Job j = id.matches(JobStore.ID) ? queue.get(id) : null;
    if (j == null) {
      throw new NoSuchJobException("no job " + id);
    }
    return j;
  }
}
