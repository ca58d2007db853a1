package dev.deepdream.web;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.settings.SettingsCodec;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/** Photo jobs as they arrive: the photo and settings checked, the work counted, then queued. */
final class PhotoUploads {
  private final ServerSettings.PhotoLimits limits;
  private final long maxCompute;
  private final JobStore store;
  private final JobQueue queue;
  private final DeepDream dreamer;
  private final JobForm form;

  /**
   * @param maxCompute the most pixel-steps a job may need ({@link ComputeBudget})
   */
  PhotoUploads(ServerSettings.PhotoLimits limits, long maxCompute, JobStore store, JobQueue queue, DeepDream dreamer,
      JobForm form) {
    this.limits = limits;
    this.maxCompute = maxCompute;
    this.store = store;
    this.queue = queue;
    this.dreamer = dreamer;
    this.form = form;
  }

  /**
   * {@code POST /api/jobs}: a photo (file part {@code image}, or {@code from_job} with an earlier
   * photo job's id) and the dream settings by the codec's names ({@link JobForm}). The photo is
   * decoded and the settings checked against it and the compute budget here, so a bad job is
   * refused (nothing kept) before it is queued.
   */
  void create(Context ctx) throws Exception {
    if (!UploadLimits.accepts(ctx, limits.maxUploadBytes(), "image", "")) {
      return;
    }
    byte[] bytes;
    String fromJob = ctx.formParam("from_job");
    UploadedFile upload = ctx.uploadedFile("image");
    if (upload != null) {
      if (!UploadLimits.withinLimit(ctx, upload, limits.maxUploadBytes(), "")) {
        return;
      }
      try (InputStream in = upload.content()) {
        bytes = in.readAllBytes();
      }
    } else if (fromJob != null && queue.get(fromJob) != null && queue.get(fromJob).kind() == Job.Kind.PHOTO) {
      bytes = Files.readAllBytes(store.input(queue.get(fromJob)));
    } else {
      Replies.error(ctx, 400, "no image: send a file in field 'image' (or 'from_job' with an earlier job's id)");
      return;
    }
    Map<String, byte[]> uploads = new LinkedHashMap<>();
    DreamConfig config = SettingsCodec.decode(form.settings(ctx, uploads, Job.Kind.PHOTO),
        form.uploadedImages(uploads));
    Picture picture = ImageFiles.decode(bytes, "the upload", limits.maxPixels());
    String format = FileFormats.picture(bytes);
    ComputeBudget.check(picture.width(), picture.height(), config, maxCompute);
    dreamer.validate(picture.width(), picture.height(), config);
    String id = JobStore.newId();
    // The record holds the settings as the codec writes them: decoding it gives this same config.
    Job job = new Job(id, System.currentTimeMillis(), SettingsCodec.encode(config), "input." + format);
    Files.createDirectories(store.dir(id));
    Files.write(store.input(job), bytes);
    form.saveImages(job, uploads);
    job.width = picture.width();
    job.height = picture.height();
    try {
      queue.submit(job);
    } catch (JobQueue.QueueFullException e) {
      store.delete(id);
      throw e;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", "queued");
    Replies.json(ctx, 202, body);
  }
}
