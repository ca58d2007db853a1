package dev.deepdream.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing an MP4: exactly its frames, with all the sound of the range dreamed. No model needed, only ffmpeg. */
@Tag("fast")
class VideoOutputTest {
  @TempDir
  Path dir;

  @Test
  void anMp4KeepsTheSoundOfItsRangeAndExactlyItsFrameCount() throws Exception {
    Ffmpeg ff = Ffmpeg.find();
    // 2.0 s at 10 fps with an AAC tone: 88 audio frames, the clip that lost all but 2 of them.
    Path clip = dir.resolve("clip.mp4");
    ff.runFfmpeg(List.of("-f", "lavfi", "-i", "testsrc2=size=96x64:rate=10:duration=2", "-f", "lavfi", "-i",
        "sine=frequency=330:duration=2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
        clip.toString()), "making the test clip");
    // Frames named as a render leaves them; all 20 are there, so a shorter output must stop at its count.
    Path frames = Files.createDirectories(dir.resolve("frames"));
    ff.runFfmpeg(List.of("-i", clip.toString(), "-start_number", "1", frames.resolve(FrameFiles.PATTERN).toString()),
        "splitting the test clip");
    VideoInfo info = VideoInfo.probe(ff, clip);
    Sound input = Sound.of(clip);

    assertWritten(new Clip(clip, info, 0, null, 1, 96, 64), frames, "whole", 20, input.seconds());
    assertWritten(new Clip(clip, info, 0.5, 1.5, 1, 96, 64), frames, "cut", 10, 1.0);
    assertWritten(new Clip(clip, info, 1.2, null, 1, 96, 64), frames, "tail", 8, input.seconds() - 1.2);
    assertWritten(new Clip(clip, info, 0, null, 3, 96, 64), frames, "every", 7, input.seconds());
  }

  private void assertWritten(Clip range, Path frames, String name, int count, double sound) throws Exception {
    Ffmpeg ff = Ffmpeg.find();
    assertThat(range.countFrames(ff)).as(name + ": frames in range").isEqualTo(count);
    Path out = dir.resolve(name + ".mp4");
    VideoOutput.of(out).write(ff, frames, count, range);
    VideoInfo info = VideoInfo.probe(ff, out);
    assertThat(new Clip(out, info, 0, null, 1, info.width(), info.height()).countFrames(ff)).as(name + ": frames")
        .isEqualTo(count);
    Sound got = Sound.of(out);
    System.out.printf("%s: %d frames, sound %.4f s (expected %.4f s, one AAC frame %.4f s)%n", name, count,
        got.seconds(), sound, got.frameSeconds());
    assertThat(got.seconds()).as(name + ": sound, s").isCloseTo(sound, offset(got.frameSeconds()));
  }
}
