package dev.deepdream.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.Presets;
import dev.deepdream.image.Picture;
import dev.deepdream.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding by time and by frame, and bad inputs: no model needed, only ffmpeg. */
@Tag("fast")
class ClipTest {
  @TempDir
  Path dir;

  @Test
  void startAndEndCutExactlyAndEveryTakesEveryNthFrame() throws Exception {
    Path video = TestClips.pan(dir, "pan", 96, 64, 30, 2, 1, 10, false);
    Ffmpeg ff = Ffmpeg.find();
    VideoInfo info = VideoInfo.probe(ff, video);
    assertThat(info.rate()).isEqualTo("10/1");
    List<Picture> all = TestClips.frames(video);
    assertThat(all).hasSize(30);

    Clip cut = new Clip(video, info, 1.0, 2.0, 1, 96, 64);
    assertThat(cut.countFrames(ff)).isEqualTo(10);
    assertSame(read(cut, ff), all.subList(10, 20));

    Clip every = new Clip(video, info, 0, null, 3, 96, 64);
    assertThat(every.countFrames(ff)).isEqualTo(10);
    assertThat(every.outputRate()).isEqualTo("10/3");
    List<Picture> got = read(every, ff);
    for (int i = 0; i < 10; i++) {
      assertThat(Arrays.equals(got.get(i).rgb(), all.get(3 * i).rgb())).as("frame " + 3 * i).isTrue();
    }
    assertThatThrownBy(() -> new Clip(video, info, 5.0, null, 1, 96, 64)).hasMessageContaining("past the end");
    assertThat(Clip.parseTime("--start", "1:02.5")).isEqualTo(62.5);
    assertThatThrownBy(() -> Clip.parseTime("--end", "soon")).hasMessage(
        "--end 'soon' is not a time (use seconds like 12.5, or 1:02.5)");
  }

  private static List<Picture> read(Clip clip, Ffmpeg ff) throws Exception {
    List<Picture> out = new java.util.ArrayList<>();
    try (FrameReader r = clip.open(ff)) {
      for (Picture p = r.next(); p != null; p = r.next()) {
        out.add(p);
      }
    }
    return out;
  }

  private static void assertSame(List<Picture> got, List<Picture> expected) {
    assertThat(got).hasSameSizeAs(expected);
    for (int i = 0; i < got.size(); i++) {
      assertThat(Arrays.equals(got.get(i).rgb(), expected.get(i).rgb())).as("frame " + i).isTrue();
    }
  }

  @Test
  void badInputsGetOneLineErrorsAndLeaveNothingBehind() throws Exception {
    Path good = TestClips.pan(dir, "good", 96, 64, 10, 2, 1, 10, true);
    Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video at all\n");
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = Files.write(dir.resolve("truncated.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
    Path sound = dir.resolve("sound.m4a");
    Ffmpeg.find().runFfmpeg(List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac",
        sound.toString()), "making a sound-only file");

    assertBad(text, "is not a video ffmpeg can read");
    assertBad(truncated, "is not a video ffmpeg can read");
    assertBad(sound, "has no video stream (only sound)");
    assertBad(dir.resolve("missing.mp4"), "does not exist");

    Path empty = Files.createDirectories(dir.resolve("no-ffmpeg"));
    String before = System.getProperty("deepdream.ffmpeg.dir");
    System.setProperty("deepdream.ffmpeg.dir", empty.toString());
    try {
      assertBad(good, "ffmpeg was not found, and video needs it; install it: sudo apt-get install ffmpeg");
    } finally {
      if (before == null) {
        System.clearProperty("deepdream.ffmpeg.dir");
      } else {
        System.setProperty("deepdream.ffmpeg.dir", before);
      }
    }
  }

  private void assertBad(Path input, String message) throws Exception {
    Path out = dir.resolve("out-" + input.getFileName() + ".mp4");
    try (DeepDream dd = new DeepDream(TestModels.store())) {
      VideoJob job = new VideoJob(input, out, Presets.builder("video").build(), VideoSettings.defaults(), null, null,
          false);
      // Found without a model as well: the command line checks this before it loads one.
      assertThatThrownBy(() -> JobCheck.of(job)).isInstanceOf(VideoException.class).hasMessageContaining(message);
      assertThatThrownBy(() -> new VideoDreamer(dd).render(job, VideoListener.none()))
          .isInstanceOf(VideoException.class)
          .hasMessageContaining(message)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      assertThat(Files.exists(out)).isFalse();
      assertThat(Files.exists(job.workFolder())).isFalse();
    }
  }
}
