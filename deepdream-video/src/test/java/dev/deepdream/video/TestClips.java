package dev.deepdream.video;

import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test clips made by the tests themselves with ffmpeg: a camera pan over a photo, a still. */
final class TestClips {
  static final Path PHOTO = Path.of("examples/coffee.png");

  private TestClips() {}

  /** A pan over {@link #PHOTO} from (20, 20) by (dx, dy) per frame ({@link PanClip}). */
  static Path pan(Path dir, String name, int w, int h, int frames, int dx, int dy, int fps, boolean audio)
      throws IOException {
    Picture photo = ImageFiles.read(PHOTO);
    Picture window = PanClip.crop(photo, 20, 20, photo.width() - 20, photo.height() - 20);
    Path out = dir.resolve(name + ".mp4");
    PanClip.write(window, w, h, frames, dx, dy, fps, audio, out);
    return out;
  }

  /** The same frame {@code frames} times. */
  static Path still(Path dir, String name, int w, int h, int frames, int fps) throws IOException {
    Picture frame = PanClip.crop(ImageFiles.read(PHOTO), 120, 80, w, h);
    List<Picture> list = new ArrayList<>();
    for (int t = 0; t < frames; t++) {
      list.add(frame);
    }
    Path out = dir.resolve(name + ".mp4");
    PanClip.encode(list, fps, false, out);
    return out;
  }

  /** Every frame of a video, decoded in order. */
  static List<Picture> frames(Path video) throws IOException {
    return PanClip.frames(video);
  }

  static List<Picture> folder(Path dir, int count) throws IOException {
    List<Picture> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      out.add(ImageFiles.read(dir.resolve(FrameFiles.name(i))));
    }
    return out;
  }
}
