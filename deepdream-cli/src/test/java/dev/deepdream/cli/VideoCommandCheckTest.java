package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.video.Ffmpeg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deepdream video} tells a wrong path or a file that is not a video before it loads the
 * model: each run names a model that does not exist, so loading it first would be the error told.
 */
@Tag("fast")
class VideoCommandCheckTest {
  private static final String NO_MODEL = "no_such_model";

  @TempDir
  Path tmp;

  private Path clip() throws Exception {
    Path clip = tmp.resolve("clip.mp4");
    Ffmpeg.find().runFfmpeg(List.of("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10:duration=0.3", "-c:v",
        "libx264", "-pix_fmt", "yuv420p", clip.toString()), "making the test clip");
    return clip;
  }

  private static Cli timed(String... args) {
    long t0 = System.nanoTime();
    Cli r = Cli.run(args);
    System.out.printf("%s: exit %d in %.2f s: %s", String.join(" ", args), r.code(), (System.nanoTime() - t0) / 1e9,
        r.errorLines());
    return r;
  }

  @Test
  void anOutputFolderThatDoesNotExistIsBadUsageToldAtOnce() throws Exception {
    Path out = tmp.resolve("missing").resolve("out.mp4");
    Cli r = timed("video", clip().toString(), "-o", out.toString(), "--model", NO_MODEL);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errorLines()).isEqualTo("deepdream: error: output folder " + out.getParent().toAbsolutePath()
        + " does not exist\n");
    assertThat(Files.exists(tmp.resolve("missing"))).isFalse();
  }

  @Test
  void aFileThatIsNotAVideoIsOneLineAndExitOneToldAtOnce() throws Exception {
    Path notVideo = Files.writeString(tmp.resolve("holiday.mp4"), "hello");
    Path out = tmp.resolve("out.mp4");
    Cli r = timed("video", notVideo.toString(), "-o", out.toString(), "--model", NO_MODEL);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errorLines().lines().toList()).singleElement().asString()
        .startsWith("deepdream: error: ").contains("holiday.mp4 is not a video ffmpeg can read");
    Cli missing = timed("video", tmp.resolve("gone.mp4").toString(), "-o", out.toString(), "--model", NO_MODEL);
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.errorLines()).contains("gone.mp4 does not exist");
    assertThat(Files.exists(out)).isFalse();
    try (var left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("holiday.mp4");
    }
  }

  @Test
  void aStartPastTheEndIsBadUsageToldAtOnce() throws Exception {
    Cli r = timed("video", clip().toString(), "-o", tmp.resolve("out.mp4").toString(), "--start", "5", "--model",
        NO_MODEL);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errorLines()).contains("--start 5.0 s is past the end of the video");
  }
}
