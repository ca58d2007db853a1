package dev.deepdream.web;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.settings.SettingsCodec;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Batch jobs as they arrive: the zip unpacked safely, its pictures' work counted, then queued. */
final class BatchUploads {
  private final WebServer.Settings settings;
  private final JobStore store;
  private final JobRunner runner;
  private final DeepDream dreamer;
  private final JobForm form;

  BatchUploads(WebServer.Settings settings, JobStore store, JobRunner runner, DeepDream dreamer, JobForm form) {
    this.settings = settings;
    this.store = store;
    this.runner = runner;
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
    long limit = settings.maxBatchBytes();
    if (!JobForm.accepts(ctx, limit, "zip", " for a batch zip")) {
      return;
    }
    UploadedFile upload = ctx.uploadedFile("zip");
    if (upload == null || upload.size() == 0) {
      WebServer.error(ctx, 400, "no zip: send a .zip of photos in field 'zip'");
      return;
    }
    if (!JobForm.withinLimit(ctx, upload, limit, " for a batch zip")) {
      return;
    }
    Map<String, byte[]> uploads = new LinkedHashMap<>();
    DreamConfig config = SettingsCodec.decode(form.settings(ctx, uploads, Job.Kind.BATCH),
        form.uploadedImages(uploads));
    String id = WebServer.newId();
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
      form.saveImages(job, uploads);
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
    WebServer.json(ctx, 202, body);
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
}
