package dev.deepdream.cli;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.Presets;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.io.AtomicFiles;
import dev.deepdream.model.ModelStore;
import dev.deepdream.video.Ffmpeg;
import dev.deepdream.video.FlowMethod;
import dev.deepdream.video.Flicker;
import dev.deepdream.video.FrameFiles;
import dev.deepdream.video.FrameProgress;
import dev.deepdream.video.PanClip;
import dev.deepdream.video.Temporal;
import dev.deepdream.video.VideoDreamer;
import dev.deepdream.video.VideoJob;
import dev.deepdream.video.VideoListener;
import dev.deepdream.video.VideoResult;
import dev.deepdream.video.VideoSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code deepdream bench --video}: on a camera pan over examples/rocket.jpg with a known motion,
 * the optical-flow methods' accuracy and speed, the seconds per frame of the video preset (and of
 * the tutorial's settings on one frame), and the flicker and strength of every temporal method
 * (flow, blend, off), all in one run; optionally each method's render as a GIF for docs/video.md.
 */
final class VideoBench {
  /** DeepDreamVideo's README: Caffe GoogLeNet on an 8-core Xeon E5-2670 (AWS g2.2xlarge's CPU). */
  static final double DEEPDREAMVIDEO_CPU_SECONDS = 45;
  private static final int DX = 3;
  private static final int DY = 1;

  private final int width;
  private final int height;
  private final int frames;
  private final boolean tutorial;
  private final Path gifs;
  private final PrintWriter out;
  private final PrintWriter err;

  VideoBench(int width, int height, int frames, boolean tutorial, Path gifs, PrintWriter out, PrintWriter err) {
    this.width = width;
    this.height = height;
    this.frames = frames;
    this.tutorial = tutorial;
    this.gifs = gifs;
    this.out = out;
    this.err = err;
  }

  int run() throws IOException {
    Path tmp = Files.createTempDirectory("deepdream-video-bench");
    try {
      Picture photo = ImageFiles.read(Path.of("examples", "rocket.jpg"));
      // The pan needs a photo that holds the window at its last position: scale it up when it does not.
      double grow = Math.max(1, Math.max((double) (width + (frames - 1) * DX) / photo.width(),
          (double) (height + (frames - 1) * DY) / photo.height()));
      if (grow > 1) {
        photo = photo.resize((int) Math.ceil(photo.width() * grow), (int) Math.ceil(photo.height() * grow));
      }
      Path clip = tmp.resolve("pan.mp4");
      PanClip.write(photo, width, height, frames, DX, DY, 10, true, clip);
      List<Picture> raw = PanClip.frames(clip);
      if (gifs != null) {
        Files.createDirectories(gifs);
        Ffmpeg ffmpeg = Ffmpeg.find();
        AtomicFiles.write(gifs.resolve("input.gif"), t -> ffmpeg.runFfmpeg(List.of("-y", "-i", clip.toString(), "-vf",
            "split[a][b];[a]palettegen[p];[b][p]paletteuse", "-f", "gif", t.toString()), "writing input.gif failed"));
      }
      out.printf("clip: a pan over examples/rocket.jpg, %dx%d, %d frames, (%d, %d) px per frame%n", width, height,
          frames, DX, DY);
      flows(raw);
      try (DeepDream dd = new DeepDream(ModelStore.standard(ModelStore.Listener.silent()))) {
        DreamConfig video = Presets.builder("video").seed(1L).build();
        out.println();
        out.println("| temporal | s/frame (after the first) | first frame (with warm-up) | flicker | mean abs(d) |");
        out.println("|---|---|---|---|---|");
        for (Temporal t : Temporal.values()) {
          render(dd, clip, raw, video, VideoSettings.defaults().withTemporal(t).withBlend(t.referenceBlend()), tmp);
        }
        if (tutorial) {
          out.println();
          DreamConfig tut = Presets.builder("tutorial").seed(1L).build();
          err.println("bench: one " + width + "x" + height + " frame with the tutorial's settings...");
          err.flush();
          long t0 = System.nanoTime();
          dd.dream(raw.get(0), tut, DreamListener.none());
          double secs = (System.nanoTime() - t0) / 1e9;
          out.printf("tutorial settings (tiled, octaves -2..2, 100 steps each), one frame: %.1f s%n", secs);
        }
        out.printf("DeepDreamVideo's published CPU figure: %.0f s per 540x360 frame (Caffe GoogLeNet, 8-core Xeon "
            + "E5-2670)%n", DEEPDREAMVIDEO_CPU_SECONDS);
      }
      out.flush();
      return 0;
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
  }

  /** Each flow method's end-point error against the known motion (interior pixels) and its time per frame pair. */
  private void flows(List<Picture> raw) {
    out.println();
    out.println("| flow | mean end-point error (px) | ms per flow |");
    out.println("|---|---|---|");
    for (FlowMethod m : FlowMethod.values()) {
      m.flow(raw.get(1), raw.get(0)); // not timed: loads OpenCV's natives on first use
      double epe = 0;
      long nanos = 0;
      int pairs = 0;
      for (int t = 1; t < raw.size(); t++) {
        long t0 = System.nanoTime();
        float[] f = m.flow(raw.get(t), raw.get(t - 1));
        nanos += System.nanoTime() - t0;
        epe += endPointError(f, raw.get(t).width(), raw.get(t).height());
        pairs++;
      }
      out.printf("| %s | %.3f | %.1f |%n", m.id(), epe / pairs, nanos / 1e6 / pairs);
    }
    out.flush();
  }

  /** Mean |flow - (dx, dy)| away from the borders (where the pan brings in new pixels). */
  private static double endPointError(float[] f, int w, int h) {
    int margin = 16;
    double sum = 0;
    int n = 0;
    for (int y = margin; y < h - margin; y++) {
      for (int x = margin; x < w - margin; x++) {
        int i = y * w + x;
        sum += Math.hypot(f[2 * i] - DX, f[2 * i + 1] - DY);
        n++;
      }
    }
    return sum / n;
  }

  private void render(DeepDream dd, Path clip, List<Picture> raw, DreamConfig config, VideoSettings s, Path tmp)
      throws IOException {
    String name = s.temporal().id();
    err.println("bench: rendering " + frames + " frames with --temporal " + name + "...");
    err.flush();
    Path keep = tmp.resolve(name);
    List<Long> times = new ArrayList<>();
    Path output = gifs != null ? gifs.resolve(name + ".gif") : tmp.resolve(name + ".mp4");
    VideoResult r = new VideoDreamer(dd).render(new VideoJob(clip, output, config, s, keep, null, true),
        new VideoListener() {
          @Override
          public void onFrame(FrameProgress p) {
            times.add(p.frameMillis());
          }
        });
    List<Picture> dreamed = new ArrayList<>();
    for (int i = 1; i <= r.frames(); i++) {
      dreamed.add(ImageFiles.read(keep.resolve(FrameFiles.name(i))));
    }
    double later = times.subList(1, times.size()).stream().mapToLong(Long::longValue).average().orElse(0) / 1000;
    out.printf("| %s%s | %.2f | %.1f | %.3f | %.2f |%n", name, s.temporal().usesBlend() ? " " + s.blend() : "",
        later, times.get(0) / 1000.0, Flicker.incoherence(raw, dreamed, DX, DY, 1), Flicker.strength(raw, dreamed, 0));
    out.flush();
  }
}
