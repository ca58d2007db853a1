package dev.deepdream.video;

import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A clip whose true motion is known, for measuring flicker ({@link Flicker}) and flow: a camera
 * panning over a photo by (dx, dy) pixels per frame, so {@code raw[t](y, x) = raw[t-1](y + dy, x + dx)},
 * encoded near-lossless with a tone for sound.
 */
public final class PanClip {
  private PanClip() {}

  /**
   * Writes the pan as an MP4.
   *
   * @param photo the photo to pan over; it must hold the window at its last position
   * @param width frame width
   * @param height frame height
   * @param frames number of frames
   * @param dx horizontal pan per frame, px (0 or more)
   * @param dy vertical pan per frame, px (0 or more)
   * @param fps frame rate
   * @param sound whether to add a 440 Hz tone as the sound track
   * @param out the MP4 to write
   */
  public static void write(Picture photo, int width, int height, int frames, int dx, int dy, int fps, boolean sound,
      Path out) throws IOException {
    if (width + (frames - 1) * dx > photo.width() || height + (frames - 1) * dy > photo.height()) {
      throw new IllegalArgumentException("a " + photo.width() + "x" + photo.height() + " photo cannot hold a "
          + frames + "-frame pan of " + width + "x" + height + " by (" + dx + ", " + dy + ")");
    }
    List<Picture> list = new ArrayList<>();
    for (int t = 0; t < frames; t++) {
      list.add(crop(photo, t * dx, t * dy, width, height));
    }
    encode(list, fps, sound, out);
  }

  /** The {@code w x h} window of {@code p} at (x0, y0). */
  public static Picture crop(Picture p, int x0, int y0, int w, int h) {
    int[] rgb = new int[w * h];
    for (int y = 0; y < h; y++) {
      System.arraycopy(p.rgb(), (y0 + y) * p.width() + x0, rgb, y * w, w);
    }
    return new Picture(w, h, rgb, null);
  }

  /** Encodes {@code frames} near-lossless (H.264 4:4:4, CRF 4) at {@code fps}, with a tone when asked. */
  public static void encode(List<Picture> frames, int fps, boolean sound, Path out) throws IOException {
    Ffmpeg ffmpeg = Ffmpeg.find();
    Path src = Files.createTempDirectory(out.toAbsolutePath().getParent(), ".pan-frames");
    try {
      for (int i = 0; i < frames.size(); i++) {
        ImageFiles.write(frames.get(i), src.resolve(FrameFiles.name(i + 1)), Map.of(), 1f);
      }
      AtomicFiles.write(out, tmp -> {
        List<String> args = new ArrayList<>(List.of("-y", "-framerate", Integer.toString(fps), "-i",
            src.resolve(FrameFiles.PATTERN).toString()));
        if (sound) {
          args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=" + (double) frames.size() / fps));
        }
        args.addAll(List.of("-c:v", "libx264", "-crf", "4", "-pix_fmt", "yuv444p"));
        if (sound) {
          args.addAll(List.of("-c:a", "aac", "-shortest"));
        }
        args.addAll(List.of("-f", "mp4", tmp.toString()));
        ffmpeg.runFfmpeg(args, "writing the pan clip " + out + " failed");
      });
    } finally {
      AtomicFiles.deleteTree(src);
    }
  }

  /** Every frame of a video, decoded in order at its own size. */
  public static List<Picture> frames(Path video) throws IOException {
    Ffmpeg ff = Ffmpeg.find();
    VideoInfo info = VideoInfo.probe(ff, video);
    List<Picture> out = new ArrayList<>();
    try (FrameReader r = new Clip(video, info, 0, null, 1, info.width(), info.height()).open(ff)) {
      for (Picture p = r.next(); p != null; p = r.next()) {
        out.add(p);
      }
    }
    return out;
  }
}
