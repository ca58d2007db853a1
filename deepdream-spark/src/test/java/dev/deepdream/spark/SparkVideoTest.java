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

/** A clip in segments on Spark local[2]: the joined MP4, the first segment as a single render, and the seam's flicker. */
@Tag("model")
class SparkVideoTest {
  private static final int FRAMES = 20;
  private static final int DX = 3;
  private static final int DY = 1;

  @TempDir
  Path tmp;

  @Test
  void segmentsJoinIntoOneClipWithASettledSeam() throws Exception {
    Picture photo = ImageFiles.read(Path.of("examples/coffee.png"));
    Path clip = tmp.resolve("pan.mp4");
    PanClip.write(photo, 160, 112, FRAMES, DX, DY, 10, true, clip);
    List<Picture> raw = PanClip.frames(clip);
    String[] common = {"--model", TestModels.INCEPTION, "--seed", "3"};

    Path out = tmp.resolve("spark.mp4");
    List<String> args = new ArrayList<>(List.of(clip.toString(), "-o", out.toString(), "--keep-frames",
        tmp.resolve("spark-frames").toString(), "--segments", "2", "--segment-warmup", "6"));
    args.addAll(List.of(common));
    SparkConf conf = new SparkConf().setAppName("deepdream video test").setMaster("local[2]")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      SparkVideo.run(SparkVideo.Args.parse(args.toArray(String[]::new)), sc);
    }
    VideoInfo info = VideoInfo.probe(Ffmpeg.find(), out);
    assertThat(info.hasAudio()).isTrue();
    assertThat(PanClip.frames(out)).hasSize(FRAMES);

    // The same render in one piece, in-process.
    Path whole = tmp.resolve("whole-frames");
    try (DeepDream dd = new DeepDream(TestModels.store())) {
      SparkVideo.Args one = SparkVideo.Args.parse(new String[] {clip.toString(), "-o", tmp.resolve("whole.mp4")
          .toString(), "--keep-frames", whole.toString(), "--preset", "video", common[0], common[1], common[2],
          common[3]});
      new VideoDreamer(dd).render(SparkVideo.job(one), VideoListener.none());
    }
    List<Picture> spark = frames(tmp.resolve("spark-frames"));
    List<Picture> single = frames(whole);
    for (int i = 0; i < FRAMES / 2; i++) {
      assertThat(Arrays.equals(spark.get(i).rgb(), single.get(i).rgb())).as("first segment, frame " + (i + 1))
          .isTrue();
    }
    // The seam is the pair (10, 11): compare it with the pairs inside the segments.
    int seam = FRAMES / 2;
    double seamScore = Flicker.incoherence(raw.subList(seam - 1, seam + 1), spark.subList(seam - 1, seam + 1), DX,
        DY, 1);
    double inside = (Flicker.incoherence(raw.subList(0, seam), spark.subList(0, seam), DX, DY, 1)
        + Flicker.incoherence(raw.subList(seam, FRAMES), spark.subList(seam, FRAMES), DX, DY, 1)) / 2;
    double singleAtSeam = Flicker.incoherence(raw.subList(seam - 1, seam + 1), single.subList(seam - 1, seam + 1),
        DX, DY, 1);
    System.out.printf("seam flicker %.3f, inside the segments %.3f, the single render at the same frames %.3f%n",
        seamScore, inside, singleAtSeam);
    for (int i = seam; i < FRAMES; i++) {
      double diff = 0;
      for (int p = 0; p < raw.get(i).rgb().length; p++) {
        for (int sh = 0; sh <= 16; sh += 8) {
          diff += Math.abs(((spark.get(i).rgb()[p] >> sh) & 0xff) - ((single.get(i).rgb()[p] >> sh) & 0xff));
        }
      }
      System.out.printf("frame %d: mean |spark - single| %.2f%n", i + 1, diff / (3.0 * raw.get(i).rgb().length));
    }
  }

  private static List<Picture> frames(Path dir) throws Exception {
    List<Picture> out = new ArrayList<>();
    for (int i = 1; i <= FRAMES; i++) {
      out.add(ImageFiles.read(dir.resolve(FrameFiles.name(i))));
    }
    return out;
  }
}
