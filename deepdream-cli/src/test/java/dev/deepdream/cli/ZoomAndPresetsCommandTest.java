package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.image.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("model")
class ZoomAndPresetsCommandTest {
  @TempDir
  Path tmp;

  @Test
  void zoomWritesAGifAndResumesFromTheLastFinishedFrame() throws Exception {
    Path out = tmp.resolve("zoom.gif");
    String[] args = {"zoom", "examples/chelsea.png", "-o", out.toString(), "--frames", "3", "--steps", "2",
        "--max-dim", "120", "--zoom", "1.1", "--rotate", "2"};
    Cli r = Cli.run(args);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("3 frames");
    assertThat(gifFrames(out)).isEqualTo(3);
    Path frames = tmp.resolve("zoom.gif.frames");
    assertThat(ImageFiles.read(frames.resolve("frame-00000.png")).width()).isEqualTo(120);
    // Frame 1 is frame 0 zoomed and dreamed: different pixels.
    assertThat(ImageFiles.read(frames.resolve("frame-00001.png")).rgb())
        .isNotEqualTo(ImageFiles.read(frames.resolve("frame-00000.png")).rgb());

    // Interrupted after frame 1: only frame 2 is made again.
    Files.delete(frames.resolve("frame-00002.png"));
    FileTime first = Files.getLastModifiedTime(frames.resolve("frame-00000.png"));
    Thread.sleep(20);
    Cli again = Cli.run(args);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err()).contains("resuming after frame 2 of 3").contains("frame 3/3");
    assertThat(again.err()).doesNotContain("frame 1/3");
    assertThat(Files.getLastModifiedTime(frames.resolve("frame-00000.png"))).isEqualTo(first);
    assertThat(gifFrames(out)).isEqualTo(3);
  }

  @Test
  void mp4GoesThroughFfmpegOrSaysItIsMissing() throws Exception {
    Path out = tmp.resolve("zoom.mp4");
    Cli r = Cli.run("zoom", "examples/chelsea.png", "-o", out.toString(), "--frames", "2", "--steps", "1",
        "--max-dim", "100");
    assertThat(r.code()).as(r.err()).isZero(); // ./run-tests installs ffmpeg
    assertThat(Files.size(out)).isGreaterThan(0);
    // Without ffmpeg: the error says so and what to do, and nothing is written.
    Path noFfmpeg = Files.createDirectories(tmp.resolve("no-ffmpeg"));
    Path out2 = tmp.resolve("zoom2.mp4");
    System.setProperty("deepdream.ffmpeg.dir", noFfmpeg.toString());
    try {
      Cli missing = Cli.run("zoom", "examples/chelsea.png", "-o", out2.toString(), "--frames", "2", "--steps", "1",
          "--max-dim", "100");
      assertThat(missing.code()).isEqualTo(2);
      assertThat(missing.errorLines()).contains("needs ffmpeg").contains("apt-get install ffmpeg").contains(".gif");
      assertThat(Files.exists(out2)).isFalse();
    } finally {
      System.clearProperty("deepdream.ffmpeg.dir");
    }
    Cli bad = Cli.run("zoom", "examples/chelsea.png", "-o", tmp.resolve("z.avi").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.errorLines()).contains("must end in .gif or .mp4");
  }

  @Test
  void presetsAreListedAndUsableAndOptionsOverrideThem() throws Exception {
    Cli list = Cli.run("presets");
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("tutorial").contains("original").contains("subtle").contains("intense")
        .contains("lapnorm").contains("detail-carrying").contains("docs/gallery.md");
    Path out = tmp.resolve("o.png");
    Cli r = Cli.run("dream", "examples/chelsea.png", "-o", out.toString(), "--preset", "original", "--steps", "2",
        "--octaves", "-1..0", "--max-dim", "160", "--seed", "2");
    assertThat(r.code()).as(r.err()).isZero();
    var meta = ImageFiles.readPngText(out);
    assertThat(meta).containsEntry("objective", "mixed4^2").containsEntry("step_rule", "mean-abs")
        .containsEntry("octave_mode", "detail").containsEntry("jitter", "32").containsEntry("steps", "2")
        .containsEntry("octaves", "-1..0");
    Cli bad = Cli.run("dream", "examples/chelsea.png", "-o", tmp.resolve("p.png").toString(), "--preset", "wild");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.errorLines()).contains("unknown preset 'wild'");
    Cli obj = Cli.run("dream", "examples/chelsea.png", "-o", tmp.resolve("q.png").toString(), "--objective",
        "mixed3 + 1.5*mixed5 - 0.5*mixed4:97", "--mode", "simple", "--steps", "2", "--max-dim", "160", "--tv-weight",
        "0.1", "--mask", "examples/coffee.png=mixed2", "--guide", "examples/rocket.jpg");
    assertThat(obj.code()).as(obj.err()).isZero();
    assertThat(ImageFiles.readPngText(tmp.resolve("q.png"))).containsEntry("objective",
        "mixed3 + 1.5*mixed5 - 0.5*mixed4:97").containsEntry("tv_weight", "0.1");
    Cli badObj = Cli.run("dream", "examples/chelsea.png", "-o", tmp.resolve("r.png").toString(), "--objective",
        "mixed3 + 2*");
    assertThat(badObj.code()).isEqualTo(2);
  }

  static int gifFrames(Path gif) throws Exception {
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      reader.setInput(in);
      return reader.getNumImages(true);
    }
  }
}
