package dev.deepdream.web;

import com.google.gson.Gson;
import dev.deepdream.dream.DreamProgress;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import javax.imageio.ImageIO;

/**
 * The server-sent events of each job: its subscribers (the event streams), what a new one is told
 * at once, and the publishing of {@code progress}, {@code preview}, {@code frame}, {@code item} and
 * {@code end} events (each a name and its JSON data).
 */
final class JobEvents {
  // Not the replies' Gson: events leave out fields without a value (replies write null), as they always have.
  private static final Gson GSON = new Gson();
  private final int previewEvery;
  private final Map<String, List<BiConsumer<String, String>>> subscribers = new LinkedHashMap<>();

  /**
   * @param previewEvery send a preview every this many steps (and at each octave's last step)
   */
  JobEvents(int previewEvery) {
    this.previewEvery = previewEvery;
  }

  /**
   * Subscribes to a job's events (name, JSON data); the current state, the latest preview, frame
   * and batch item are sent at once (a page reloaded mid-job shows where it is), and an "end" event
   * when it has finished. Returns the handle to pass to {@link #unsubscribe}.
   */
  BiConsumer<String, String> subscribe(Job job, BiConsumer<String, String> sink) {
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
    String item = job.lastItem;
    if (item != null) {
      sink.accept("item", item);
    }
    if (job.status().finished()) {
      sink.accept("end", GSON.toJson(job.toMap()));
    }
    return sink;
  }

  void unsubscribe(Job job, BiConsumer<String, String> sink) {
    synchronized (subscribers) {
      List<BiConsumer<String, String>> l = subscribers.get(job.id);
      if (l != null) {
        l.remove(sink);
      }
    }
  }

  /** A {@code progress} event of the job as it is now. */
  void progress(Job job) {
    progress(job, job.toMap());
  }

  /** A {@code progress} event of {@code state}: the job's fields, with what the moment adds. */
  void progress(Job job, Map<String, Object> state) {
    publish(job, "progress", GSON.toJson(state));
  }

  /** A finished job's last {@code progress} event and its {@code end} event, with the same data. */
  void finished(Job job) {
    String data = GSON.toJson(job.toMap());
    publish(job, "progress", data);
    publish(job, "end", data);
  }

  /** The {@code end} event alone: the streams close even when the job's record could not be saved. */
  void end(Job job) {
    publish(job, "end", GSON.toJson(job.toMap()));
  }

  /** A video's finished frame, kept for late subscribers. */
  void frame(Job job, Map<String, Object> frame) {
    job.lastFrame = GSON.toJson(frame);
    publish(job, "frame", job.lastFrame);
  }

  /** A batch's picture starts or ends, kept for late subscribers. */
  void item(Job job, Map<String, Object> item) {
    job.lastItem = GSON.toJson(item);
    publish(job, "item", job.lastItem);
  }

  /**
   * A dream step's progress event ({@code state}: the job's fields, with the octave and step added)
   * and a preview, kept for late subscribers: after the first step (of a dream, a batch's picture,
   * or a run continued after a restart), so the page shows the dream as soon as there is one, then
   * every {@code previewEvery} steps and at each octave's end. {@code item} names a batch's picture
   * (null for a photo).
   */
  void step(Job job, Map<String, Object> state, DreamProgress p, String item) {
    state.put("octave", p.octaveIndex() + 1);
    state.put("octaves", p.octaveCount());
    state.put("step", p.step());
    state.put("steps", p.stepsPerOctave());
    publish(job, "progress", GSON.toJson(state));
    // A step covers every tile (tiled mode), so the first step's image is the first there is. A preview
    // costs 1-4% of a step (2 cores: 8-20 ms against 0.45-0.55 s at 500 px, 27-65 ms against 3-6.5 s at
    // 2000 px; the very first, JIT included, under 0.2 s), so one more per dream slows nothing.
    boolean first = p.done() == 1 || job.lastPreview == null;
    if (first || p.done() % previewEvery == 0 || p.step() == p.stepsPerOctave()) {
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
}
