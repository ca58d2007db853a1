package dev.deepdream.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamCancelledException;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.Presets;
import dev.deepdream.image.Picture;
import dev.deepdream.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dreaming clips made by the test: flicker measured under known motion, no drift, exact resume, the output's form. */
@Tag("model")
class VideoDreamerTest {
  private static final int DX = 3;
  private static final int DY = 1;
  private static DeepDream dd;

  @TempDir
  Path dir;

  @BeforeAll
  static void open() {
    dd = new DeepDream(TestModels.store());
  }

  @AfterAll
  static void close() {
    dd.close();
  }

  private static DreamConfig preset() {
    return Presets.builder("video").model(TestModels.INCEPTION).seed(7L).build();
  }

  private VideoResult render(Path clip, String name, VideoSettings video) throws Exception {
    return new VideoDreamer(dd).render(new VideoJob(clip, dir.resolve(name + ".mp4"), preset(), video,
        dir.resolve(name + "-frames"), null, false), VideoListener.none());
  }

  @Test
  void flowFlickersLessThanBlendAndOffWithoutDreamingLess() throws Exception {
    Path clip = TestClips.pan(dir, "pan", 192, 128, 12, DX, DY, 10, true);
    List<Picture> raw = TestClips.frames(clip);
    double[] score = new double[3];
    double[] strength = new double[3];
    Temporal[] modes = {Temporal.OFF, Temporal.BLEND, Temporal.FLOW};
    for (int m = 0; m < 3; m++) {
      VideoSettings v = VideoSettings.defaults().withTemporal(modes[m]).withBlend(modes[m].referenceBlend());
      VideoResult r = render(clip, modes[m].id(), v);
      List<Picture> out = TestClips.folder(r.workFolder(), raw.size());
      // Every frame counts: the warm-up settles the first one.
      score[m] = Flicker.incoherence(raw, out, DX, DY, 1);
      strength[m] = Flicker.strength(raw, out, 0);
    }
    System.out.printf("flicker off %.3f blend %.3f flow %.3f; |d| off %.2f blend %.2f flow %.2f%n", score[0],
        score[1], score[2], strength[0], strength[1], strength[2]);
    assertThat(score[0]).as("independent frames").isGreaterThan(0.8);
    assertThat(score[2]).as("flow vs off").isLessThanOrEqualTo(score[0] / 2);
    assertThat(score[2]).as("flow vs blend").isLessThan(score[1]);
    assertThat(strength[2]).as("flow dreams no less than off").isGreaterThanOrEqualTo(strength[0]);

    // The MP4 keeps the input's frame count, rate, size, duration and sound.
    Ffmpeg ff = Ffmpeg.find();
    VideoInfo in = VideoInfo.probe(ff, clip);
    VideoInfo out = VideoInfo.probe(ff, dir.resolve("flow.mp4"));
    assertThat(new Clip(dir.resolve("flow.mp4"), out, 0, null, 1, out.width(), out.height()).countFrames(ff))
        .isEqualTo(12);
    assertThat(out.rate()).isEqualTo(in.rate());
    assertThat(new int[] {out.width(), out.height()}).containsExactly(192, 128);
    assertThat(out.seconds()).isCloseTo(in.seconds(), org.assertj.core.data.Offset.offset(0.001));
    assertSameSound(dir.resolve("flow.mp4"), clip);
  }

  /** {@code dreamed} has all of {@code input}'s sound, to within one audio frame. */
  static void assertSameSound(Path dreamed, Path input) throws Exception {
    Sound in = Sound.of(input);
    Sound out = Sound.of(dreamed);
    System.out.printf("sound of %s: %.4f s, input's %.4f s%n", dreamed.getFileName(), out.seconds(), in.seconds());
    assertThat(out.seconds()).as("sound of " + dreamed.getFileName() + ", s")
        .isCloseTo(in.seconds(), org.assertj.core.data.Offset.offset(in.frameSeconds()));
  }

  @Test
  void aStillClipDoesNotDrift() throws Exception {
    Path clip = TestClips.still(dir, "still", 160, 112, 60, 10);
    VideoResult r = render(clip, "still-dreamed", VideoSettings.defaults());
    Picture tenth = TestClips.folder(r.workFolder(), 60).get(9);
    Picture last = TestClips.folder(r.workFolder(), 60).get(59);
    double[] a = brightnessAndSharpness(tenth);
    double[] b = brightnessAndSharpness(last);
    System.out.printf("still: frame 10 brightness %.2f sharpness %.2f; frame 60 %.2f %.2f%n", a[0], a[1], b[0], b[1]);
    assertThat(Math.abs(b[0] - a[0]) / a[0]).as("brightness drift").isLessThanOrEqualTo(0.05);
    assertThat(Math.abs(b[1] - a[1]) / a[1]).as("sharpness drift").isLessThanOrEqualTo(0.05);
  }

  /** {mean grey level, mean |Laplacian| of grey}. */
  static double[] brightnessAndSharpness(Picture p) {
    int w = p.width();
    int h = p.height();
    double[] g = new double[w * h];
    for (int i = 0; i < g.length; i++) {
      int v = p.rgb()[i];
      g[i] = 0.299 * ((v >> 16) & 0xff) + 0.587 * ((v >> 8) & 0xff) + 0.114 * (v & 0xff);
    }
    double lap = 0;
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        int i = y * w + x;
        lap += Math.abs(4 * g[i] - g[i - 1] - g[i + 1] - g[i - w] - g[i + w]);
      }
    }
    return new double[] {Arrays.stream(g).average().orElse(0), lap / ((w - 2) * (h - 2))};
  }

  @Test
  void aStoppedRenderResumesToTheSameFrames() throws Exception {
    Path clip = TestClips.pan(dir, "short", 160, 112, 7, DX, DY, 10, true);
    VideoResult whole = render(clip, "whole", VideoSettings.defaults());
    List<Picture> expected = TestClips.folder(whole.workFolder(), 7);

    VideoJob job = new VideoJob(clip, dir.resolve("stopped.mp4"), preset(), VideoSettings.defaults(),
        dir.resolve("stopped-frames"), null, false);
    AtomicInteger frames = new AtomicInteger();
    assertThatThrownBy(() -> new VideoDreamer(dd).render(job, new VideoListener() {
      @Override
      public void onFrame(FrameProgress p) {
        frames.set(p.number());
      }

      @Override
      public boolean isCancelled() {
        return frames.get() >= 3;
      }
    })).isInstanceOf(DreamCancelledException.class);
    assertThat(Files.exists(dir.resolve("stopped.mp4"))).isFalse();
    assertThat(Files.exists(dir.resolve("stopped-frames").resolve(FrameFiles.name(3)))).isTrue();
    assertThat(Files.exists(dir.resolve("stopped-frames").resolve(FrameFiles.name(4)))).isFalse();

    // Resumed from a copy of the clip elsewhere (as each machine of a cluster has its own): the hash matches.
    Path copy = Files.createDirectories(dir.resolve("elsewhere")).resolve("copy.mp4");
    Files.copy(clip, copy);
    VideoJob again = new VideoJob(copy, job.output(), job.config(), job.video(), job.keepFrames(), null, false);
    AtomicInteger dreamed = new AtomicInteger();
    VideoResult resumed = new VideoDreamer(dd).render(again, new VideoListener() {
      @Override
      public void onFrame(FrameProgress p) {
        dreamed.incrementAndGet();
      }
    });
    assertThat(resumed.resumedFrom()).isEqualTo(3);
    assertThat(dreamed.get()).isEqualTo(4);
    List<Picture> got = TestClips.folder(resumed.workFolder(), 7);
    for (int i = 0; i < 7; i++) {
      assertThat(Arrays.equals(got.get(i).rgb(), expected.get(i).rgb())).as("frame " + (i + 1)).isTrue();
    }
    // The encoded videos agree too: same frames in, same H.264 out, and all the sound in both.
    List<Picture> a = TestClips.frames(dir.resolve("whole.mp4"));
    List<Picture> b = TestClips.frames(dir.resolve("stopped.mp4"));
    assertThat(b).hasSize(7);
    for (int i = 0; i < 7; i++) {
      assertThat(Arrays.equals(a.get(i).rgb(), b.get(i).rgb())).as("encoded frame " + (i + 1)).isTrue();
    }
    assertSameSound(dir.resolve("whole.mp4"), clip);
    assertSameSound(dir.resolve("stopped.mp4"), clip);
  }

  @Test
  void theWarmUpIsSeenPassByPassAndTheEtaIsPacedByTheFramesAfterTheFirst() throws Exception {
    Path clip = TestClips.pan(dir, "paced", 160, 112, 5, DX, DY, 10, false);
    DreamConfig quick = preset().toBuilder().steps(2).build();
    List<FrameStep> steps = new ArrayList<>();
    List<FrameProgress> frames = new ArrayList<>();
    new VideoDreamer(dd).render(new VideoJob(clip, dir.resolve("paced-out.mp4"), quick,
        VideoSettings.defaults().withWarmup(3), dir.resolve("paced-frames"), null, false), new VideoListener() {
          @Override
          public void onStep(FrameStep s) {
            steps.add(s);
          }

          @Override
          public void onFrame(FrameProgress p) {
            frames.add(p);
          }
        });
    // Frame 1 is dreamed 1 + 3 times, each dream 2 octaves of 2 steps; the others once; the ETA counts down.
    assertThat(steps.stream().filter(s -> s.number() == 1).map(s -> s.pass() + "/" + s.passes()).distinct())
        .containsExactly("1/4", "2/4", "3/4", "4/4");
    assertThat(steps.stream().filter(s -> s.number() == 1)).hasSize(4 * 4).allMatch(FrameStep::warmup);
    assertThat(steps.stream().filter(s -> s.number() > 1)).hasSize(4 * 4).noneMatch(FrameStep::warmup);
    assertThat(steps.get(steps.size() - 1).frameFraction()).isCloseTo(1.0, within(1e-9));
    // After frame 1 a frame is paced as a warm-up pass (a quarter of frame 1 at most), then by frames 2.. only.
    assertThat(frames.get(0).paceMillis()).isPositive().isLessThanOrEqualTo(frames.get(0).frameMillis() / 3);
    long sum = 0;
    for (int k = 2; k <= 5; k++) {
      FrameProgress p = frames.get(k - 1);
      sum += p.frameMillis();
      assertThat(p.paceMillis()).as("frame " + k).isEqualTo(sum / (k - 1));
      assertThat(p.etaMillis()).as("frame " + k).isEqualTo(sum / (k - 1) * (5 - k));
    }
  }
}
