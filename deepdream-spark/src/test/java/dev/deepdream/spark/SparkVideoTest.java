package dev.deepdream.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.support.TestModels;
import dev.deepdream.video.Ffmpeg;
import dev.deepdream.video.Flicker;
import dev.deepdream.video.FrameFiles;
import dev.deepdream.video.PanClip;
import dev.deepdream.video.VideoDreamer;
import dev.deepdream.video.VideoInfo;
import dev.deepdream.video.VideoListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clip in segments on Spark local[2]: the joined MP4 with its sound, segments split at a scene
 * cut equal to the whole render frame for frame, and the seam's flicker where there is no cut.
 */
@Tag("model")
class SparkVideoTest {
  private static final int FRAMES = 20;
  private static final int DX = 3;
  private static final int DY = 1;
  private static final String[] COMMON = {"--model", TestModels.INCEPTION, "--seed", "3"};

  @TempDir
  Path tmp;

  private List<Picture> spark(Path clip, String name) throws Exception {
    Path out = tmp.resolve(name + ".mp4");
    List<String> args = new ArrayList<>(List.of(clip.toString(), "-o", out.toString(), "--keep-frames",
        tmp.resolve(name).toString(), "--segments", "2", "--segment-warmup", "6"));
    args.addAll(List.of(COMMON));
    SparkConf conf = new SparkConf().setAppName("deepdream video test").setMaster("local[2]")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      SparkVideo.run(SparkVideo.Args.parse(args.toArray(String[]::new)), sc);
    }
    VideoInfo info = VideoInfo.probe(Ffmpeg.find(), out);
    assertThat(info.hasAudio()).isTrue();
    assertThat(PanClip.frames(out)).hasSize(FRAMES);
    return frames(tmp.resolve(name));
  }

  /** The same render in one piece, in-process. */
  private List<Picture> whole(Path clip, String name) throws Exception {
    try (DeepDream dd = new DeepDream(TestModels.store())) {
      List<String> args = new ArrayList<>(List.of(clip.toString(), "-o", tmp.resolve(name + ".mp4").toString(),
          "--keep-frames", tmp.resolve(name).toString()));
      args.addAll(List.of(COMMON));
      new VideoDreamer(dd).render(SparkVideo.job(SparkVideo.Args.parse(args.toArray(String[]::new))),
          VideoListener.none());
    }
    return frames(tmp.resolve(name));
  }

  @Test
  void segmentsSplitAtASceneCutJoinSeamlessly() throws Exception {
    List<Picture> list = new ArrayList<>();
    Picture coffee = ImageFiles.read(Path.of("examples/coffee.png"));
    Picture rocket = ImageFiles.read(Path.of("examples/rocket.jpg"));
    for (int t = 0; t < FRAMES / 2; t++) {
      list.add(PanClip.crop(coffee, 20 + t * DX, 20 + t * DY, 160, 112));
    }
    for (int t = 0; t < FRAMES / 2; t++) {
      list.add(PanClip.crop(rocket, 200 + t * DX, 100 + t * DY, 160, 112));
    }
    Path clip = tmp.resolve("cut.mp4");
    PanClip.encode(list, 10, true, clip);
    assertThat(SparkVideo.segments(FRAMES, 2, List.of(12), 6)).extracting(p -> p[0] + "-" + p[1] + "/" + p[2])
        .containsExactly("1-11/0", "12-20/0");

    List<Picture> spark = spark(clip, "cut-spark");
    List<Picture> single = whole(clip, "cut-whole");
    for (int i = 0; i < FRAMES; i++) {
      assertThat(Arrays.equals(spark.get(i).rgb(), single.get(i).rgb())).as("frame " + (i + 1)).isTrue();
    }
  }

  @Test
  void aSeamInsideAShotIsMeasured() throws Exception {
    Path clip = tmp.resolve("pan.mp4");
    PanClip.write(ImageFiles.read(Path.of("examples/coffee.png")), 160, 112, FRAMES, DX, DY, 10, true, clip);
    List<Picture> raw = PanClip.frames(clip);
    List<Picture> spark = spark(clip, "pan-spark");
    List<Picture> single = whole(clip, "pan-whole");
    for (int i = 0; i < FRAMES / 2; i++) {
      assertThat(Arrays.equals(spark.get(i).rgb(), single.get(i).rgb())).as("first segment, frame " + (i + 1))
          .isTrue();
    }
    int seam = FRAMES / 2;
    double atSeam = Flicker.incoherence(raw.subList(seam - 1, seam + 1), spark.subList(seam - 1, seam + 1), DX, DY,
        1);
    double inside = (Flicker.incoherence(raw.subList(0, seam), spark.subList(0, seam), DX, DY, 1)
        + Flicker.incoherence(raw.subList(seam, FRAMES), spark.subList(seam, FRAMES), DX, DY, 1)) / 2;
    System.out.printf("seam inside a shot: flicker %.3f at the seam, %.3f inside the segments%n", atSeam, inside);
    // The carried pattern depends on where its chain started, so a seam inside a shot is a change of
    // pattern: it flickers like independent frames, no more (docs/cluster.md).
    assertThat(atSeam).isLessThan(1.5);
  }

  private static List<Picture> frames(Path dir) throws Exception {
    List<Picture> out = new ArrayList<>();
    for (int i = 1; i <= FRAMES; i++) {
      out.add(ImageFiles.read(dir.resolve(FrameFiles.name(i))));
    }
    return out;
  }
}
