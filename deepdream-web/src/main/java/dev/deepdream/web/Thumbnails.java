package dev.deepdream.web;

import dev.deepdream.batch.BatchInputs;
import dev.deepdream.batch.Manifest;
import dev.deepdream.batch.ManifestEntry;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.io.AtomicFiles;
import dev.deepdream.video.Ffmpeg;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Small JPEG pictures of jobs for the gallery's cards, cached in each job's folder. A job's
 * picture is its dream when there is one (a photo's result, a video's latest dreamed frame, a
 * batch's first dreamed picture, an atlas's first channel drawn), else what it dreams on (the photo,
 * the clip's first frame, the batch's first picture), so a queued or failed job has a card like the
 * others (an atlas has none before its first channel). A cached
 * thumbnail is made again when its source is newer (a video's frame while it renders).
 */
final class Thumbnails {
  /** The longest side of a thumbnail: a card is about 250 CSS px wide, twice that on a HiDPI screen. */
  static final int SIZE = 480;
  private static final String PREFIX = "thumb-";
  private final JobStore store;
  private final Atlases atlases;
  private final long maxPixels;

  /**
   * @param atlases where an atlas job's pictures are
   * @param maxPixels the largest picture decoded for a thumbnail (the server's photo limit)
   */
  Thumbnails(JobStore store, Atlases atlases, long maxPixels) {
    this.store = store;
    this.atlases = atlases;
    this.maxPixels = maxPixels;
  }

  /** Where a thumbnail comes from: {@code role} names the cached file, {@code clip} a video to take a frame of. */
  private record Source(String role, Path file, boolean clip) {}

  /**
   * The job's thumbnail (JPEG bytes), made when it is missing or older than its source; null when
   * the job has no picture yet (a batch whose pictures are gone, a clip ffmpeg cannot read).
   */
  byte[] get(Job job) throws IOException {
    try {
      return made(job);
    } catch (NoSuchFileException e) {
      return null; // the job was deleted meanwhile
    }
  }

  private byte[] made(Job job) throws IOException {
    Source source = source(job);
    if (source == null) {
      return null;
    }
    Path thumb = store.dir(job.id()).resolve(PREFIX + source.role() + ".jpg");
    synchronized (this) { // so no other request removes the one being served
      Path made = cached(source.file(), thumb, source.clip());
      if (made == null) {
        return null;
      }
      removeOthers(thumb);
      return Files.readAllBytes(made);
    }
  }

  /** The thumbnail of {@code picture} (one of a batch's dreams), cached as {@code thumb}; null when unreadable. */
  synchronized byte[] of(Path picture, Path thumb) throws IOException {
    Path made = cached(picture, thumb, false);
    return made == null ? null : Files.readAllBytes(made);
  }

  /** {@code thumb}, made from {@code source} when it is missing or older; null when the source cannot be read. */
  private Path cached(Path source, Path thumb, boolean clip) throws IOException {
    // One at a time: each decodes a picture of up to the photo limit, and the heap holds one well.
    synchronized (this) {
      if (Files.exists(thumb) && !Files.getLastModifiedTime(thumb).toInstant()
          .isBefore(Files.getLastModifiedTime(source).toInstant())) {
        return thumb;
      }
      BufferedImage picture = clip ? firstFrame(source, thumb) : read(source);
      if (picture == null) {
        return null;
      }
      BufferedImage small = fit(picture, SIZE);
      Files.createDirectories(thumb.getParent());
      AtomicFiles.write(thumb, tmp -> writeJpeg(small, tmp, 0.85f));
      return thumb;
    }
  }

  /** The picture the job's thumbnail shows now, or null. */
  private Source source(Job job) throws IOException {
    return switch (job.kind()) {
      case PHOTO -> photo(job);
      case VIDEO -> video(job);
      case BATCH -> batch(job);
      case ATLAS -> atlas(job);
    };
  }

  private Source photo(Job job) {
    Path result = store.result(job.id());
    return Files.exists(result) ? new Source("result", result, false) : new Source("input", store.input(job), false);
  }

  private Source video(Job job) {
    // The latest dreamed frame stays as the job's picture when the MP4 is written.
    Path frame = store.lastFrame(job.id());
    if (Files.exists(frame)) {
      return new Source("frame", frame, false);
    }
    boolean readable = Ffmpeg.available() && Files.exists(store.input(job));
    return readable ? new Source("clip", store.input(job), true) : null;
  }

  private Source batch(Job job) throws IOException {
    Path outputs = store.batchOutputs(job.id()).toAbsolutePath().normalize();
    for (ManifestEntry e : Manifest.in(outputs).lines()) {
      if (!e.done()) {
        continue; // a failed picture has no output
      }
      Path out = outputs.resolve(e.output()).normalize();
      if (out.startsWith(outputs) && Files.isRegularFile(out)) {
        return new Source("first-dream", out, false);
      }
    }
    Path inputs = store.batchInputs(job.id());
    if (!Files.isDirectory(inputs)) {
      return null;
    }
    // Before its first dream: the first picture whose header reads (a zip may hold a bad one first).
    for (BatchInputs.Input in : BatchInputs.expand(List.of(inputs.toAbsolutePath().toString()), null)) {
      if (ImageFiles.headerSize(in.path()) != null) {
        return new Source("first-picture", in.path(), false);
      }
    }
    return null;
  }

  /**
   * An atlas's first channel drawn of the job's layers; its role names the picture, as a later
   * channel may come first once an earlier one is drawn.
   */
  private Source atlas(Job job) throws IOException {
    Path p = atlases.firstPicture(AtlasSettings.atlas(job), AtlasSettings.layers(job));
    return p == null ? null : new Source("channel-" + p.getParent().getFileName() + "-"
        + p.getFileName().toString().replace(".png", ""), p, false);
  }

  /** A picture as the dream reads it (upright, any format it takes); null when it cannot be read. */
  private BufferedImage read(Path file) {
    try {
      return ImageFiles.read(file, maxPixels).toBufferedImage();
    } catch (IOException e) {
      return null; // a batch's bad picture, a damaged file: no thumbnail rather than an error
    }
  }

  /** A clip's first frame, by ffmpeg (as a PNG beside the thumbnail, removed after); null when it cannot. */
  private BufferedImage firstFrame(Path clip, Path thumb) {
    Path png = thumb.resolveSibling("." + thumb.getFileName() + ".frame.png");
    try {
      Ffmpeg.find().runFfmpeg(List.of("-y", "-i", clip.toAbsolutePath().toString(), "-frames:v", "1",
          png.toAbsolutePath().toString()), "a thumbnail of the clip");
      return read(png);
    } catch (IOException e) {
      return null;
    } finally {
      try {
        Files.deleteIfExists(png);
      } catch (IOException e) {
        // a leftover the next thumbnail overwrites
      }
    }
  }

  /** The thumbnails of the job's other sources, stale now (its input's once it has a result). */
  private static void removeOthers(Path keep) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(keep.getParent(), PREFIX + "*.jpg")) {
      for (Path f : files) {
        if (!f.equals(keep)) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /**
   * {@code img} shrunk to fit {@code size} x {@code size} (never enlarged), on the page's
   * background where it is transparent (JPEG has no alpha). Halved in steps first, so that a
   * large photo shrinks smoothly rather than by dropping pixels.
   */
  static BufferedImage fit(BufferedImage img, int size) {
    double f = Math.min(1.0, (double) size / Math.max(img.getWidth(), img.getHeight()));
    int w = Math.max(1, (int) Math.round(img.getWidth() * f));
    int h = Math.max(1, (int) Math.round(img.getHeight() * f));
    BufferedImage cur = img;
    while (cur.getWidth() / 2 >= w && cur.getHeight() / 2 >= h) {
      cur = draw(cur, cur.getWidth() / 2, cur.getHeight() / 2);
    }
    return draw(cur, w, h);
  }

  private static BufferedImage draw(BufferedImage img, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.setColor(new Color(0x22, 0x1d, 0x2e));
    g.fillRect(0, 0, w, h);
    g.drawImage(img, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  /** Writes a baseline JPEG of {@code quality} (0..1). */
  static void writeJpeg(BufferedImage img, Path file, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(img, null, null), param);
    } finally {
      writer.dispose();
    }
  }
}
