package dev.deepdream.video;

import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test clips made by the tests themselves with ffmpeg: a camera pan over a photo, a still. */
final class TestClips {
  static final Path PHOTO = Path.of("examples/coffee.png");

  private TestClips() {}

  /**
   * A pan over {@link #PHOTO}: frame t is the {@code w x h} window at (x0 + t dx, y0 + t dy), so
   * {@code raw[t](y, x) = raw[t-1](y + dy, x + dx)}; near-lossless H.264 at {@code fps} with a sine tone.
   */
  static Path pan(Path dir, String name, int w, int h, int frames, int dx, int dy, int fps, boolean audio)
      throws IOException {
    Picture photo = ImageFiles.read(PHOTO);
    List<Picture> list = new ArrayList<>();
    for (int t = 0; t < frames; t++) {
      list.add(crop(photo, 20 + t * dx, 20 + t * dy, w, h));
    }
    return encode(dir, name, list, fps, audio);
  }

  /** The same frame {@code frames} times. */
  static Path still(Path dir, String name, int w, int h, int frames, int fps) throws IOException {
    Picture photo = ImageFiles.read(PHOTO);
    List<Picture> list = new ArrayList<>();
    for (int t = 0; t < frames; t++) {
      list.add(crop(photo, 120, 80, w, h));
    }
    return encode(dir, name, list, fps, false);
  }

  static Picture crop(Picture p, int x0, int y0, int w, int h) {
    int[] rgb = new int[w * h];
    for (int y = 0; y < h; y++) {
      System.arraycopy(p.rgb(), (y0 + y) * p.width() + x0, rgb, y * w, w);
    }
    return new Picture(w, h, rgb, null);
  }

  static Path encode(Path dir, String name, List<Picture> frames, int fps, boolean audio) throws IOException {
    Path src = Files.createDirectories(dir.resolve(name + "-src"));
    for (int i = 0; i < frames.size(); i++) {
      ImageFiles.write(frames.get(i), src.resolve(FrameFiles.name(i + 1)), Map.of(), 1f);
    }
    Path out = dir.resolve(name + ".mp4");
    List<String> args = new ArrayList<>(List.of("-y", "-framerate", Integer.toString(fps), "-i",
        src.resolve(FrameFiles.PATTERN).toString()));
    double seconds = (double) frames.size() / fps;
    if (audio) {
      args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds));
    }
    args.addAll(List.of("-c:v", "libx264", "-crf", "4", "-pix_fmt", "yuv444p"));
    if (audio) {
      args.addAll(List.of("-c:a", "aac", "-shortest"));
    }
    args.add(out.toString());
    Ffmpeg.find().runFfmpeg(args, "making test clip " + name);
    return out;
  }

  /** Every frame of a video (or PNG folder's frames), decoded in order. */
  static List<Picture> frames(Path video) throws IOException {
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

  static List<Picture> folder(Path dir, int count) throws IOException {
    List<Picture> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      out.add(ImageFiles.read(dir.resolve(FrameFiles.name(i))));
    }
    return out;
  }
}
