package dev.deepdream.web;

import com.google.gson.Gson;
import dev.deepdream.batch.BatchInputs;
import dev.deepdream.batch.BatchItem;
import dev.deepdream.batch.BatchOutcome;
import dev.deepdream.batch.BatchRunner;
import dev.deepdream.batch.BatchSink;
import dev.deepdream.batch.BatchSummary;
import dev.deepdream.batch.FolderTarget;
import dev.deepdream.batch.Manifest;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamCheckpoint;
import dev.deepdream.dream.DreamCancelledException;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.DreamProgress;
import dev.deepdream.dream.DreamResult;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.io.AtomicFiles;
import dev.deepdream.image.ImageRef;
import dev.deepdream.image.Picture;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.SettingsCodec;
import dev.deepdream.video.FrameProgress;
import dev.deepdream.video.VideoDreamer;
import dev.deepdream.video.VideoJob;
import dev.deepdream.video.VideoListener;
import dev.deepdream.video.VideoParams;
import dev.deepdream.video.VideoResult;
import dev.deepdream.video.VideoSettings;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * Runs web jobs, photos and videos alike, one at a time (DJL's gradient collector is global) from
 * a bounded queue, keeps their records on disk, and tells subscribers (the server-sent event
 * streams) about progress, previews, a video's finished frames and the end of each job.
 */
public final class JobRunner implements AutoCloseable {
  /** A full queue. */
  public static final class QueueFullException extends RuntimeException {
    QueueFullException(int capacity) {
      super("the queue is full (" + capacity + " jobs waiting); try again when one has finished");
    }
  }

  private static final Gson GSON = new Gson();
  private final JobStore store;
  private final DeepDream dreamer;
  private final VideoDreamer videoDreamer;
  private final int capacity;
  private final int previewEvery;
  private final BlockingQueue<Job> queue;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<String, List<BiConsumer<String, String>>> subscribers = new LinkedHashMap<>();
  private final Thread worker;
  private volatile boolean closing;
  private volatile Consumer<Job> afterEachJob = j -> { };
  private volatile long maxPixels = ImageFiles.DEFAULT_MAX_PIXELS;

  /**
   * @param previewEvery send a preview every this many steps (and at each octave's last step)
   */
  public JobRunner(JobStore store, DeepDream dreamer, int capacity, int previewEvery) throws IOException {
    this.store = store;
    this.dreamer = dreamer;
    this.videoDreamer = new VideoDreamer(dreamer);
    this.capacity = capacity;
    this.previewEvery = previewEvery;
    this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
    for (Job j : store.loadAll()) {
      if (j.status == Job.Status.RUNNING) {
        // The server died mid-dream (a crash, kill -9): the job goes back in the queue and continues
        // from its last checkpoint (a video: after its last finished frame).
        j.status = Job.Status.QUEUED;
        store.save(j);
      }
      if (j.status == Job.Status.QUEUED && !queue.offer(j)) {
        j.status = Job.Status.FAILED;
        j.error = "the queue was full when the server restarted";
        store.save(j);
      }
      jobs.put(j.id, j);
    }
    worker = new Thread(this::work, "deepdream-jobs");
    worker.setDaemon(true);
    worker.start();
  }

  /** Called on the worker thread after each job it ran has ended (the server prunes the data folder here). */
  void afterEachJob(Consumer<Job> hook) {
    afterEachJob = hook;
  }

  /** The largest picture of a batch, in pixels (the server's photo limit). */
  void maxPixels(long pixels) {
    maxPixels = pixels;
  }

  /** Adds a job to the queue and saves it, or throws {@link QueueFullException}. */
  public synchronized void submit(Job job) throws IOException {
    if (queue.remainingCapacity() == 0) {
      throw new QueueFullException(capacity);
    }
    store.save(job);
    jobs.put(job.id, job);
    queue.add(job);
  }

  public synchronized Job get(String id) {
    return jobs.get(id);
  }

  /** All jobs, newest first. */
  public synchronized List<Job> all() {
    List<Job> out = new ArrayList<>(jobs.values());
    java.util.Collections.reverse(out);
    return out;
  }

  /** Asks a queued or running job to stop; returns false when it had already finished. */
  public boolean cancel(Job job) throws IOException {
    synchronized (job) {
      if (job.status.finished()) {
        return false;
      }
      job.cancelRequested = true;
      if (job.status == Job.Status.QUEUED && queue.remove(job)) {
        finish(job, Job.Status.CANCELLED, null);
      }
      return true;
    }
  }

  /** Deletes a finished or queued job and its files; a running one must be cancelled first. */
  public synchronized boolean delete(Job job) throws IOException {
    synchronized (job) {
      if (job.status == Job.Status.RUNNING) {
        return false;
      }
      queue.remove(job);
      jobs.remove(job.id);
      store.delete(job.id);
      return true;
    }
  }

  /**
   * Subscribes to a job's events (name, JSON data); the current state is sent at once, and an
   * "end" event when it finishes. Returns the handle to pass to {@link #unsubscribe}.
   */
  public BiConsumer<String, String> subscribe(Job job, BiConsumer<String, String> sink) {
    synchronized (subscribers) {
      subscribers.computeIfAbsent(job.id, k -> new CopyOnWriteArrayList<>()).add(sink);
    }
    sink.accept("progress", GSON.toJson(job.toMap()));
    String preview = job.lastPreview;
    if (preview != null) {
      sink.accept("preview", preview);
    }
    String frame = job.lastFrame;
    if (frame != null) {
      sink.accept("frame", frame);
    }
    if (job.status().finished()) {
      sink.accept("end", GSON.toJson(job.toMap()));
    }
    return sink;
  }

  public void unsubscribe(Job job, BiConsumer<String, String> sink) {
    synchronized (subscribers) {
      List<BiConsumer<String, String>> l = subscribers.get(job.id);
      if (l != null) {
        l.remove(sink);
      }
    }
  }

  private void publish(Job job, String event, String data) {
    List<BiConsumer<String, String>> l;
    synchronized (subscribers) {
      l = subscribers.get(job.id);
    }
    if (l != null) {
      for (BiConsumer<String, String> s : l) {
        try {
          s.accept(event, data);
        } catch (RuntimeException e) {
          l.remove(s); // a closed stream
        }
      }
    }
  }

  private void work() {
    while (!closing) {
      Job job;
      try {
        job = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      run(job);
      try {
        afterEachJob.accept(job);
      } catch (RuntimeException e) {
        // The hook's trouble must not stop the queue.
      }
    }
  }

  private void run(Job job) {
    try {
      if (job.kind == Job.Kind.VIDEO) {
        runVideo(job);
      } else if (job.kind == Job.Kind.BATCH) {
        runBatch(job);
      } else {
        runPhoto(job);
      }
    } catch (DreamCancelledException e) {
      if (closing && !job.cancelRequested) {
        // Stopping (SIGTERM): the step finished and its checkpoint (a video: its finished frames) is
        // saved; the next start continues it.
        requeueQuietly(job);
      } else {
        deleteFramesQuietly(job);
        finishQuietly(job, Job.Status.CANCELLED, null);
      }
    } catch (Exception | Error e) {
      if (job.kind == Job.Kind.VIDEO && closing && !job.cancelRequested) {
        // Stopping interrupts the worker, which stops an ffmpeg it waits for (counting or encoding):
        // not the job's fault; the next start continues it after its finished frames.
        requeueQuietly(job);
        return;
      }
      deleteFramesQuietly(job);
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (job.kind != Job.Kind.PHOTO) {
        m = m.replace(store.dir(job.id).toAbsolutePath() + java.io.File.separator, "");
      }
      finishQuietly(job, Job.Status.FAILED, m.lines().findFirst().orElse(m));
    }
  }

  /**
   * The job's dream settings, with its seed fixed first when it has none: before the first step,
   * frame or picture, so that a job continued after a restart draws the same numbers. Call it
   * holding the job's lock.
   */
  private DreamConfig settingsWithFixedSeed(Job job) throws IOException {
    if (!job.params.containsKey("seed")) {
      job.params.put("seed", Long.toString(new SecureRandom().nextLong()));
    }
    return SettingsCodec.decode(SettingsCodec.fromRecord(job.params), ImageSource.byHash(images(job)));
  }

  private void runPhoto(Job job) throws IOException {
    Picture input;
    DreamConfig config;
    DreamCheckpoint resume;
    synchronized (job) {
      if (job.cancelRequested) {
        finish(job, Job.Status.CANCELLED, null);
        return;
      }
      input = ImageFiles.read(store.input(job));
      config = settingsWithFixedSeed(job);
      resume = loadCheckpoint(job);
      job.status = Job.Status.RUNNING;
      job.started = System.currentTimeMillis();
      store.save(job);
    }
    publish(job, "progress", GSON.toJson(job.toMap()));
    DreamResult result = dreamer.dream(input, config, new DreamListener() {
      @Override
      public void onStep(DreamProgress p) {
        synchronized (job) {
          job.progress = p.fraction();
          job.loss = p.loss();
          job.etaMillis = p.etaMillis();
        }
        publishStep(job, job.toMap(), p, null);
      }

      @Override
      public boolean isCancelled() {
        return job.cancelRequested || closing;
      }

      @Override
      public void onCheckpoint(DreamCheckpoint checkpoint) {
        if (job.cancelRequested) {
          return; // a cancelled job will not continue
        }
        try {
          checkpoint.save(store.checkpoint(job.id));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot save the checkpoint of job " + job.id, e);
        }
      }
    }, resume);
    ImageFiles.write(result.picture(), store.result(job.id), SettingsCodec.record(result), 0.92f);
    Files.deleteIfExists(store.checkpoint(job.id));
    synchronized (job) {
      job.seed = Long.toString(result.seed());
      job.width = result.picture().width();
      job.height = result.picture().height();
    }
    finish(job, Job.Status.DONE, null);
  }

  /**
   * Dreams a video job's clip frame by frame into its MP4. The frames go to the job's work folder
   * as they finish; a run stopped by the server's shutdown continues after the last of them when
   * the server starts again (the render's record in that folder, seed included, is the same).
   */
  private void runVideo(Job job) throws IOException {
    DreamConfig config;
    VideoSettings video;
    synchronized (job) {
      if (job.cancelRequested) {
        finish(job, Job.Status.CANCELLED, null);
        return;
      }
      config = settingsWithFixedSeed(job);
      video = VideoParams.decode(job.video);
      job.status = Job.Status.RUNNING;
      job.started = System.currentTimeMillis();
      store.save(job);
    }
    publish(job, "progress", GSON.toJson(job.toMap()));
    // force: a render record of an older program version starts over rather than failing the job.
    VideoJob render = new VideoJob(store.input(job), store.videoResult(job.id), config, video, store.frames(job.id),
        store.lastFrame(job.id), true);
    VideoResult result = videoDreamer.render(render, new VideoListener() {
      @Override
      public void onStart(int total, int done) {
        synchronized (job) {
          job.frames = total;
          job.framesDone = done;
          job.resumedFrom = done;
          job.frame = Math.min(total, done + 1);
          job.progress = (double) done / total;
        }
        saveQuietly(job);
        publish(job, "progress", GSON.toJson(job.toMap()));
      }

      @Override
      public void onStep(int number, DreamProgress p) {
        Map<String, Object> m;
        synchronized (job) {
          job.frame = number;
          // Warm-up passes dream the first frame again: the fraction never runs backwards.
          job.progress = Math.max(job.progress, Math.min(1.0, (number - 1 + p.fraction()) / job.frames));
          job.loss = p.loss();
          m = job.toMap();
        }
        m.put("octave", p.octaveIndex() + 1);
        m.put("octaves", p.octaveCount());
        m.put("step", p.step());
        m.put("steps", p.stepsPerOctave());
        publish(job, "progress", GSON.toJson(m));
      }

      @Override
      public void onFrame(FrameProgress p) {
        synchronized (job) {
          job.framesDone = p.number();
          job.frame = p.number();
          job.frameMillis = p.frameMillis();
          job.etaMillis = p.etaMillis() < 0 ? null : p.etaMillis();
          job.progress = Math.max(job.progress, (double) p.number() / p.total());
        }
        saveQuietly(job); // the gallery shows how far it got, even after a crash
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("frame", p.number());
        frame.put("frames", p.total());
        frame.put("frame_ms", p.frameMillis());
        frame.put("eta_ms", p.etaMillis() < 0 ? null : p.etaMillis());
        frame.put("scene_cut", p.sceneCut());
        // The number makes each frame's address new to the browser's cache; the server serves the latest.
        frame.put("image", "/api/jobs/" + job.id + "/frame?n=" + p.number());
        job.lastFrame = GSON.toJson(frame);
        publish(job, "frame", job.lastFrame);
        publish(job, "progress", GSON.toJson(job.toMap()));
      }

      @Override
      public void onEncoding() {
        Map<String, Object> m = job.toMap();
        m.put("encoding", true);
        publish(job, "progress", GSON.toJson(m));
      }

      @Override
      public boolean isCancelled() {
        return job.cancelRequested || closing;
      }
    });
    // The MP4 holds them now; the last frame stays as the job's picture.
    AtomicFiles.deleteTree(store.frames(job.id));
    synchronized (job) {
      job.seed = Long.toString(result.config().seed());
      job.width = result.width();
      job.height = result.height();
      job.frames = result.frames();
      job.framesDone = result.frames();
    }
    finish(job, Job.Status.DONE, null);
  }

  /**
   * Dreams a batch job's pictures one by one with core's {@link BatchRunner} into its outputs
   * folder, as {@code deepdream batch inputs -o outputs --seed S} does: the same derived seed per
   * picture, the same manifest. A picture that cannot be dreamed is recorded as failed and the rest
   * go on. A run stopped by the server's shutdown is queued again, and the next run skips the
   * pictures its manifest says are done. At the end the outputs and the manifest are zipped into
   * the result; the job is done when at least one picture was dreamed (its failures listed),
   * failed when none was.
   */
  private void runBatch(Job job) throws IOException {
    DreamConfig config;
    Path inputs = store.batchInputs(job.id).toAbsolutePath();
    Path outputs = store.batchOutputs(job.id).toAbsolutePath();
    long batchSeed;
    synchronized (job) {
      if (job.cancelRequested) {
        finish(job, Job.Status.CANCELLED, null);
        return;
      }
      config = settingsWithFixedSeed(job);
      batchSeed = Manifest.in(outputs).batchSeed(job.params.get("seed"));
      job.status = Job.Status.RUNNING;
      job.started = System.currentTimeMillis();
      job.seed = Long.toString(batchSeed);
      store.save(job);
    }
    List<BatchItem> items = new ArrayList<>();
    for (BatchInputs.Input in : BatchInputs.expand(List.of(inputs.toString()), null)) {
      items.add(BatchItem.of(in.path(), in.relative(), batchSeed));
    }
    synchronized (job) {
      job.items = items.size();
      job.itemsDone = 0;
      job.skipped = 0;
      job.failures.clear();
    }
    publish(job, "progress", GSON.toJson(job.toMap()));
    Files.createDirectories(outputs);
    BatchSummary summary;
    try (Manifest manifest = Manifest.in(outputs)) {
      BatchRunner batch = new BatchRunner(dreamer, config, new FolderTarget(outputs, "png", 0.92f), manifest.read(),
          false, maxPixels);
      summary = batch.run(items, manifest.sink().andThen(new BatchEvents(job, inputs)));
    }
    BatchZip.pack(outputs, inputs, store.batchResult(job.id));
    if (summary.done() + summary.skipped() == 0) {
      BatchOutcome first = summary.failed().get(0);
      finish(job, Job.Status.FAILED, "none of the " + items.size() + " pictures could be dreamed; "
          + first.item().relativePath() + ": " + BatchZip.withoutFolderText(first.error(), inputs));
      return;
    }
    finish(job, Job.Status.DONE, null);
  }

  /**
   * A batch's progress as the job's record and events: an {@code item} event as each picture starts
   * and ends (with its status, and the overall ETA: the mean time of the pictures dreamed so far
   * times those left, as {@code deepdream batch} prints it), {@code progress} and {@code preview}
   * events while it dreams. Stops the batch (between steps) when the job is cancelled or the
   * server stops.
   */
  private final class BatchEvents implements BatchSink {
    private final Job job;
    private final Path inputs;
    private int dreamed;
    private double dreamSeconds;
    private long itemStart;

    BatchEvents(Job job, Path inputs) {
      this.job = job;
      this.inputs = inputs;
    }

    @Override
    public boolean isCancelled() {
      return job.cancelRequested || closing;
    }

    /** Before an input starts: a stop asked between two inputs ends the batch there. */
    private void stopIfAsked() {
      if (isCancelled()) {
        throw new DreamCancelledException();
      }
    }

    /** Milliseconds for {@code left} more pictures, from those dreamed so far; null before the first. */
    private Long etaFor(int left) {
      if (dreamed == 0) {
        return left == 0 ? Long.valueOf(0) : null;
      }
      return Long.valueOf(Math.round(dreamSeconds / dreamed * left * 1000));
    }

    @Override
    public void starting(BatchItem item, int index, int total) {
      stopIfAsked();
      itemStart = System.nanoTime();
      synchronized (job) {
        job.item = index + 1;
        job.itemName = item.relativePath();
        job.progress = Math.max(job.progress, (double) index / total);
      }
      publish(job, "item", GSON.toJson(itemEvent(item, index, total, "running", null, null)));
    }

    @Override
    public void step(BatchItem item, DreamProgress p) {
      Map<String, Object> m;
      synchronized (job) {
        int index = job.item - 1;
        int left = job.items - index - 1;
        job.progress = Math.max(job.progress, Math.min(1.0, (index + p.fraction()) / job.items));
        job.loss = p.loss();
        long current = p.etaMillis() < 0 ? 0 : p.etaMillis();
        double elapsed = (System.nanoTime() - itemStart) / 1e6;
        // Before the first picture is done, this picture's own pace stands for the others'.
        long perItem = dreamed > 0 ? Math.round(dreamSeconds / dreamed * 1000) : Math.round(elapsed + current);
        job.etaMillis = current + perItem * left;
        m = job.toMap();
      }
      publishStep(job, m, p, item.relativePath());
    }

    @Override
    public void accept(BatchOutcome o) {
      String error = BatchZip.withoutFolderText(o.error(), inputs);
      int index;
      int total;
      synchronized (job) {
        index = job.item - 1;
        total = job.items;
        if (o.status() != BatchOutcome.Status.SKIPPED) {
          dreamed++;
          dreamSeconds += o.seconds();
        }
        job.itemsDone++;
        if (o.status() == BatchOutcome.Status.SKIPPED) {
          job.skipped++;
        } else if (o.status() == BatchOutcome.Status.FAILED) {
          Map<String, String> f = new LinkedHashMap<>();
          f.put("relative", o.item().relativePath());
          f.put("error", error);
          job.failures.add(f);
        }
        job.progress = Math.max(job.progress, (double) job.itemsDone / total);
        job.etaMillis = etaFor(total - index - 1);
      }
      saveQuietly(job); // the gallery shows how far it got, even after a crash
      publish(job, "item", GSON.toJson(itemEvent(o.item(), index, total, o.status().id(), error, o.seconds())));
      publish(job, "progress", GSON.toJson(job.toMap()));
    }

    private Map<String, Object> itemEvent(BatchItem item, int index, int total, String status, String error,
        Double seconds) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("item", index + 1);
      m.put("items", total);
      m.put("relative", item.relativePath());
      m.put("status", status);
      m.put("error", error);
      m.put("seconds", seconds);
      synchronized (job) {
        m.put("eta_ms", job.etaMillis);
        m.put("failed", job.failures.size());
      }
      return m;
    }
  }

  /** A cancelled or failed video job's frames are of no more use (it is never continued). */
  private void deleteFramesQuietly(Job job) {
    if (job.kind != Job.Kind.VIDEO) {
      return;
    }
    try {
      AtomicFiles.deleteTree(store.frames(job.id));
    } catch (IOException | RuntimeException e) {
      System.err.println("deepdream: job " + job.id + ": could not delete its frames: " + e.getMessage());
    }
  }

  private void saveQuietly(Job job) {
    try {
      synchronized (job) {
        store.save(job);
      }
    } catch (IOException e) {
      System.err.println("deepdream: job " + job.id + ": could not save its record: " + e.getMessage());
    }
  }

  /** The job's guide and mask pictures, by hash. */
  private Map<String, ImageRef> images(Job job) throws IOException {
    Map<String, ImageRef> out = new LinkedHashMap<>();
    for (String file : job.images) {
      ImageRef ref = ImageRef.read(store.dir(job.id).resolve(file), ImageFiles.DEFAULT_MAX_PIXELS);
      out.put(ref.sha256(), ref);
    }
    return out;
  }

  /** The job's checkpoint, or null to start from the beginning (a damaged one is set aside, not fatal). */
  private DreamCheckpoint loadCheckpoint(Job job) {
    Path file = store.checkpoint(job.id);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return DreamCheckpoint.load(file);
    } catch (IOException e) {
      System.err.println("deepdream: job " + job.id + ": " + e.getMessage() + "; starting it again from the beginning");
      return null;
    }
  }

  private void requeueQuietly(Job job) {
    synchronized (job) {
      job.status = Job.Status.QUEUED;
      try {
        store.save(job);
      } catch (IOException e) {
        System.err.println("deepdream: job " + job.id + ": could not record it as queued: " + e.getMessage());
      }
    }
    publish(job, "progress", GSON.toJson(job.toMap()));
  }

  private void finishQuietly(Job job, Job.Status status, String error) {
    try {
      finish(job, status, error);
    } catch (IOException e) {
      publish(job, "end", GSON.toJson(job.toMap()));
    }
  }

  private void finish(Job job, Job.Status status, String error) throws IOException {
    synchronized (job) {
      job.status = status;
      job.error = error;
      job.finished = System.currentTimeMillis();
      job.etaMillis = null;
      if (status == Job.Status.DONE) {
        job.progress = 1.0;
      }
      store.save(job);
    }
    String data = GSON.toJson(job.toMap());
    publish(job, "progress", data);
    publish(job, "end", data);
  }

  /**
   * A dream step's progress event ({@code state}: the job's fields, with the octave and step added)
   * and, every {@code previewEvery} steps and at each octave's end, a preview; {@code item} names a
   * batch's picture (null for a photo).
   */
  private void publishStep(Job job, Map<String, Object> state, DreamProgress p, String item) {
    state.put("octave", p.octaveIndex() + 1);
    state.put("octaves", p.octaveCount());
    state.put("step", p.step());
    state.put("steps", p.stepsPerOctave());
    publish(job, "progress", GSON.toJson(state));
    if (p.done() % previewEvery == 0 || p.step() == p.stepsPerOctave()) {
      Map<String, Object> preview = new LinkedHashMap<>();
      preview.put("step", p.done());
      if (item != null) {
        preview.put("item", item);
      }
      preview.put("image", dataUrl(p.preview()));
      job.lastPreview = GSON.toJson(preview);
      publish(job, "preview", job.lastPreview);
    }
  }

  /** A small JPEG of the preview as a data URL, at most 640 px wide. */
  static String dataUrl(BufferedImage img) {
    BufferedImage small = img;
    if (img.getWidth() > 640) {
      int h = Math.max(1, img.getHeight() * 640 / img.getWidth());
      small = new BufferedImage(640, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = small.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(img, 0, 0, 640, h, null);
      g.dispose();
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(small, "jpg", out);
      return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    closing = true;
    worker.interrupt();
    try {
      worker.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
