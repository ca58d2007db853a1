package dev.deepdream.web;

import dev.deepdream.batch.Manifest;
import dev.deepdream.batch.ManifestEntry;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch job's pictures one by one, so the page can show a finished batch's dreams side by side:
 * the list (from the batch's manifest: each picture's latest line, in the order they were dreamed),
 * each dream as its PNG, and each dream's thumbnail (cached in the job's {@code thumbs/}).
 */
final class BatchPictures {
  private final JobQueue queue;
  private final JobStore store;
  private final Thumbnails thumbnails;

  BatchPictures(JobQueue queue, JobStore store, Thumbnails thumbnails) {
    this.queue = queue;
    this.store = store;
    this.thumbnails = thumbnails;
  }

  /**
   * {@code GET /api/jobs/{id}/pictures}: {@code [{"n", "relative", "status" (done, failed),
   * "seconds", "error", "image", "thumbnail"}]}, the addresses only for a dream; 409 for a photo or
   * video job.
   */
  void list(Context ctx) throws IOException {
    Job j = batch(ctx);
    if (j == null) {
      return;
    }
    Path inputs = store.batchInputs(j.id());
    List<Map<String, Object>> out = new ArrayList<>();
    List<ManifestEntry> entries = entries(j);
    for (int i = 0; i < entries.size(); i++) {
      ManifestEntry e = entries.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      String base = "/api/jobs/" + j.id() + "/pictures/" + (i + 1);
      m.put("n", i + 1);
      m.put("relative", e.relative());
      m.put("status", e.status());
      m.put("seconds", e.seconds());
      m.put("error", BatchZip.withoutFolderText(e.error(), inputs));
      m.put("image", e.done() ? base : null);
      m.put("thumbnail", e.done() ? base + "/thumbnail" : null);
      out.add(m);
    }
    Replies.json(ctx, 200, out);
  }

  /** {@code GET /api/jobs/{id}/pictures/{n}}: the n-th picture's dream, a PNG; 404 when it has none. */
  void picture(Context ctx) throws IOException {
    Job j = batch(ctx);
    Path dream = j == null ? null : dream(ctx, j);
    if (dream != null) {
      ctx.contentType("image/png");
      ctx.result(Files.readAllBytes(dream));
    }
  }

  /** {@code GET /api/jobs/{id}/pictures/{n}/thumbnail}: a small JPEG of the n-th picture's dream. */
  void thumbnail(Context ctx) throws IOException {
    Job j = batch(ctx);
    Path dream = j == null ? null : dream(ctx, j);
    if (dream == null) {
      return;
    }
    byte[] jpeg = thumbnails.of(dream, store.dir(j.id()).resolve("thumbs").resolve(key(dream) + ".jpg"));
    if (jpeg == null) {
      Replies.error(ctx, 404, "picture " + ctx.pathParam("n") + " of job " + j.id() + " cannot be read");
      return;
    }
    JobRoutes.jpeg(ctx, jpeg, j.status().finished());
  }

  /** The path's batch job; null (answered 409) for another kind. */
  private Job batch(Context ctx) {
    Job j = JobRoutes.find(queue, ctx);
    if (j.kind() != Job.Kind.BATCH) {
      Replies.error(ctx, 409, "job " + j.id() + " is not a batch; only a batch has pictures");
      return null;
    }
    return j;
  }

  /** Each picture's latest manifest line, in the order the pictures were first dreamed. */
  private List<ManifestEntry> entries(Job j) throws IOException {
    return new ArrayList<>(Manifest.in(store.batchOutputs(j.id())).read().values());
  }

  /** The dream of the path's n-th picture; null (answered 404) when there is no such picture or no dream of it. */
  private Path dream(Context ctx, Job j) throws IOException {
    List<ManifestEntry> entries = entries(j);
    String n = ctx.pathParam("n");
    int i = n.matches("[0-9]{1,6}") ? Integer.parseInt(n) - 1 : -1;
    Path outputs = store.batchOutputs(j.id()).toAbsolutePath().normalize();
    if (i >= 0 && i < entries.size() && entries.get(i).done()) {
      // The manifest is the server's own; still, nothing outside the job's outputs is served.
      Path p = outputs.resolve(entries.get(i).output()).normalize();
      if (p.startsWith(outputs) && Files.isRegularFile(p)) {
        return p;
      }
    }
    Replies.error(ctx, 404, "job " + j.id() + " has no dreamed picture " + n);
    return null;
  }

  /** A file name for a dream's thumbnail: its path's hash, as the path is the user's. */
  private static String key(Path dream) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(dream.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
