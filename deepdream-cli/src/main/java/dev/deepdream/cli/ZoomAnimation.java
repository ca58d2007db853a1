package dev.deepdream.cli;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.DreamResult;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The original notebook's infinite zoom: dream, save the frame, zoom in (and rotate) about the
 * centre, repeat. Frames are written to a folder one by one, so an interrupted run resumes from
 * the last finished frame.
 */
public final class ZoomAnimation {
  /** Frames, zoom per frame, and rotation per frame (degrees). */
  public record Settings(int frames, double zoom, double rotateDegrees) {
    public Settings {
      if (frames < 1 || frames > 10_000) {
        throw new BadOptionException("frames must be between 1 and 10000, got " + frames);
      }
      if (!(zoom >= 1.0 && zoom <= 2.0)) {
        throw new BadOptionException("zoom must be between 1.0 and 2.0, got " + zoom);
      }
    }
  }

  private ZoomAnimation() {}

  /** The file of frame {@code i} (0-based). */
  public static Path frame(Path dir, int i) {
    return dir.resolve(String.format("frame-%05d.png", i));
  }

  /** How many consecutive frames from 0 already exist in {@code dir}. */
  public static int finishedFrames(Path dir) {
    int n = 0;
    while (Files.exists(frame(dir, n))) {
      n++;
    }
    return n;
  }

  /**
   * Renders the frames into {@code dir} (resuming after the last existing one) and returns all of
   * them. Each frame's seed is the config's seed + frame number, so a resumed run matches.
   */
  public static List<Path> render(DeepDream dd, Picture input, DreamConfig config, Settings s, Path dir,
      DreamListener listener, IntConsumer frameDone) throws IOException {
    Files.createDirectories(dir);
    int done = finishedFrames(dir);
    Picture current = done == 0 ? input : zoom(ImageFiles.read(frame(dir, done - 1)), s);
    long seed = config.seed() != null ? config.seed() : 0L;
    for (int i = done; i < s.frames(); i++) {
      DreamResult r = dd.dream(current, config.toBuilder().seed(seed + i).build(), listener);
      ImageFiles.write(r.picture(), frame(dir, i), Map.of("frame", Integer.toString(i)), 0.92f);
      frameDone.accept(i);
      current = zoom(r.picture(), s);
    }
    List<Path> frames = new ArrayList<>();
    for (int i = 0; i < s.frames(); i++) {
      frames.add(frame(dir, i));
    }
    return frames;
  }

  /** The picture scaled by the zoom and rotated about its centre, cropped to its own size. */
  public static Picture zoom(Picture p, Settings s) {
    BufferedImage src = p.withAlpha(null).toBufferedImage();
    BufferedImage out = new BufferedImage(p.width(), p.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    double cx = p.width() / 2.0;
    double cy = p.height() / 2.0;
    double rad = Math.toRadians(s.rotateDegrees());
    // Scale enough that a rotated frame still covers the corners.
    double cover = Math.abs(Math.cos(rad)) + Math.abs(Math.sin(rad)) * Math.max((double) p.width() / p.height(),
        (double) p.height() / p.width());
    double z = s.zoom() * Math.max(1.0, cover);
    g.translate(cx, cy);
    g.rotate(rad);
    g.scale(z, z);
    g.translate(-cx, -cy);
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return ImageFiles.fromBufferedImage(out);
  }
}
