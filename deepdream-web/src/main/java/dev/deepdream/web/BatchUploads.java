package dev.deepdream.web;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.settings.SettingsCodec;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Batch jobs as they arrive: the zip unpacked safely, its pictures' work counted, then queued. */
final class BatchUploads {
  private final ServerSettings.BatchLimits limits;
  private final ServerSettings.PhotoLimits photo;
  private final long maxCompute;
  private final JobStore store;
  private final JobQueue queue;
  private final DeepDream dreamer;
  private final JobForm form;

  /**
   * @param photo the limits of each picture in the zip
   * @param maxCompute the most pixel-steps a job (all its pictures) may need ({@link ComputeBudget})
   */
  BatchUploads(ServerSettings.BatchLimits limits, ServerSettings.PhotoLimits photo, long maxCompute, JobStore store,
      JobQueue queue, DeepDream dreamer, JobForm form) {
    this.limits = limits;
    this.photo = photo;
    this.maxCompute = maxCompute;
    this.store = store;
    this.queue = queue;
    this.dreamer = dreamer;
    this.form = form;
  }

  /**
   * {@code POST /api/jobs/batch}: a zip of photos (file part {@code zip}) and the dream settings as
   * for a photo. The zip is unpacked here, safely ({@link BatchZip}), into the job's
   * {@code inputs/} folder, and the pictures' work counted against the compute budget, so a bad
   * zip, one over the limits or over the budget is refused (nothing kept) before it is queued.
   */
  void create(Context ctx) throws Exception {
    long limit = limits.maxUploadBytes();
    if (!UploadLimits.accepts(ctx, limit, "zip", " for a batch zip")) {
      return;
    }
    UploadedFile upload = ctx.uploadedFile("zip");
    if (upload == null || upload.size() == 0) {
      Replies.error(ctx, 400, "no zip: send a .zip of photos in field 'zip'");
      return;
    }
    if (!UploadLimits.withinLimit(ctx, upload, limit, " for a batch zip")) {
      return;
    }
    Map<String, byte[]> uploads = new LinkedHashMap<>();
    DreamConfig config = SettingsCodec.decode(form.settings(ctx, uploads, Job.Kind.BATCH),
        form.uploadedImages(uploads));
    String id = JobStore.newId();
    Path dir = Files.createDirectories(store.dir(id));
    Job job;
    try {
      Path zip = dir.resolve("upload.zip");
      List<String> names;
      try {
        try (InputStream in = upload.content()) {
          Files.copy(in, zip);
        }
        names = BatchZip.unpack(zip, store.batchInputs(id), limits, photo.maxUploadBytes());
      } finally {
        Files.deleteIfExists(zip);
      }
      long needed = 0;
      int[] first = null;
      for (String name : names) {
        int[] size = ImageFiles.headerSize(store.batchInputs(id).resolve(name)); // hostile headers bounded
        if (size == null || (long) size[0] * size[1] > photo.maxPixels()) {
          continue; // it will be recorded as failed, with the decoder's reason
        }
        first = first == null ? size : first;
        long steps = ComputeBudget.pixelSteps(size[0], size[1], config);
        needed = needed > Long.MAX_VALUE - steps ? Long.MAX_VALUE : needed + steps;
      }
      ComputeBudget.checkBatch(needed, names.size(), maxCompute);
      if (first != null) {
        dreamer.validate(first[0], first[1], config); // the layers and the size, as for a photo
      }
      job = new Job(id, Job.Kind.BATCH, System.currentTimeMillis(), SettingsCodec.encode(config), Map.of(),
          "inputs");
      form.saveImages(job, uploads);
      job.items = names.size();
      queue.submit(job);
    } catch (Exception | Error e) {
      store.delete(id);
      throw e;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", "queued");
    body.put("kind", Job.Kind.BATCH.id());
    body.put("items", job.items);
    Replies.json(ctx, 202, body);
  }

}
