package dev.deepdream.cli;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.Mode;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.model.ModelStore;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.SettingsCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deepdream zoom}: the original notebook's infinite zoom, as GIF or MP4. */
@Command(name = "zoom",
    description = "Dream, zoom and crop, repeat: an endless-zoom animation (GIF written in Java, MP4 through ffmpeg). "
        + "Frames go to OUTPUT.frames/; a stopped run resumes from the last finished frame. Each frame is dreamt "
        + "with the dream options (by default 10 simple steps; frame i uses seed + i, seed 1 by default; --max-dim sizes the frames, 400 px by default).")
final class ZoomCommand implements Callable<Integer>, Main.UsesEngine, DreamOptions.Taker {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "INPUT")
  Path input;

  @Option(names = {"-o", "--output"}, required = true, description = "out.gif or out.mp4")
  Path output;

  @Option(names = "--frames", defaultValue = "30", description = "frames (default: ${DEFAULT-VALUE})")
  int frames;

  @Option(names = "--zoom", defaultValue = "1.05", description = "zoom per frame (default: ${DEFAULT-VALUE})")
  double zoom;

  @Option(names = "--rotate", defaultValue = "0", paramLabel = "DEG", description = "rotation per frame (default: 0)")
  double rotate;

  @Option(names = "--fps", defaultValue = "12", description = "frames per second (default: ${DEFAULT-VALUE})")
  int fps;

  /**
   * Each frame is a light dream: 10 simple steps, seed 1, on the input shrunk once to 400 px (the
   * seed and the frame size hold with a preset too, unless given).
   */
  @Override
  public DreamConfig.Builder baseSettings() {
    return DreamConfig.builder().mode(Mode.SIMPLE).steps(10).seed(1L).maxDim(400);
  }

  @Override
  public String defaultPreset() {
    return null;
  }

  @Override
  public Integer call() throws Exception {
    String ext = output.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean mp4 = ext.endsWith(".mp4");
    if (!mp4 && !ext.endsWith(".gif")) {
      throw new BadOptionException("output " + output + " must end in .gif or .mp4");
    }
    if (mp4 && !Animation.ffmpegAvailable()) {
      throw new BadOptionException("writing MP4 needs ffmpeg, and there is none (" + dev.deepdream.video.Ffmpeg.INSTALL_HINT
          + "; or write a .gif)");
    }
    ZoomAnimation.Settings s = new ZoomAnimation.Settings(frames, zoom, rotate);
    Map<String, List<String>> given = DreamOptions.given(spec);
    DreamConfig base = baseSettings().build();
    DreamConfig.Builder b = SettingsCodec.builder(this::baseSettings, given,
        ImageSource.files(ImageFiles.DEFAULT_MAX_PIXELS));
    if (!given.containsKey("seed")) {
      b.seed(base.seed());
    }
    DreamConfig config = b.build();
    // --max-dim sizes the frames: the input is shrunk once, not every frame.
    int frameSize = config.maxDim() != null ? config.maxDim() : base.maxDim();
    config = config.toBuilder().maxDim(null).build();
    Picture picture = ImageFiles.read(input);
    if (Math.max(picture.width(), picture.height()) > frameSize) {
      double f = (double) frameSize / Math.max(picture.width(), picture.height());
      picture = picture.resize((int) Math.round(picture.width() * f), (int) Math.round(picture.height() * f));
    }
    Path dir = output.resolveSibling(output.getFileName() + ".frames");
    int resumeFrom = ZoomAnimation.finishedFrames(dir);
    var err = spec.commandLine().getErr();
    if (resumeFrom > 0) {
      err.println("resuming after frame " + resumeFrom + " of " + frames + " (" + dir + ")");
    }
    try (Progress progress = new Progress(err, Progress.stderrIsTerminal());
        DeepDream dd = new DeepDream(ModelStore.standard(progress))) {
      dd.validate(picture.width(), picture.height(), config);
      long start = System.currentTimeMillis();
      List<Path> all = ZoomAnimation.render(dd, picture, config, s, dir, p -> {}, i -> {
        long el = System.currentTimeMillis() - start;
        int doneNow = i + 1 - resumeFrom;
        err.printf("frame %d/%d  ETA %s%n", i + 1, frames, Progress.formatDuration(el * (frames - i - 1) / doneNow));
        err.flush();
      });
      if (mp4) {
        Animation.writeMp4(dir, output, fps);
      } else {
        Animation.writeGif(all, output, fps);
      }
      spec.commandLine().getOut().printf("wrote %s (%d frames, %dx%d; frames kept in %s)%n", output, frames,
          picture.width(), picture.height(), dir);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
