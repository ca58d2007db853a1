package dev.deepdream.cli;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.model.ModelStore;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.SettingsCodec;
import dev.deepdream.video.JobCheck;
import dev.deepdream.video.VideoDreamer;
import dev.deepdream.video.VideoJob;
import dev.deepdream.video.VideoParams;
import dev.deepdream.video.VideoResult;
import dev.deepdream.video.VideoSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deepdream video INPUT -o OUTPUT}: dreams a clip frame by frame with the dream settings
 * (the {@code video} preset unless one is given) and the video settings ({@link VideoOptions}).
 */
@Command(name = "video",
    sortOptions = false,
    description = {"Dream on a video clip and write OUTPUT: .mp4 (H.264 + AAC, the input's frame rate, size and "
        + "sound), .gif, or a folder of PNG frames. Needs ffmpeg.",
        "The dream carries from frame to frame along the optical flow (--temporal flow), so it does not "
            + "flicker. A stopped render continues when the same command is run again."})
final class VideoCommand implements Callable<Integer>, Main.UsesEngine, DreamOptions.Taker {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "INPUT", description = "video file (anything ffmpeg reads)")
  Path input;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT",
      description = "result: .mp4/.mov/.mkv, .gif, or a folder (no extension) of PNG frames")
  Path output;

  @Option(names = "--keep-frames", paramLabel = "DIR",
      description = "keep the dreamed frames and the render's record here (default: a hidden folder next to "
          + "OUTPUT, deleted when done)")
  Path keepFrames;

  @Option(names = "--preview", paramLabel = "FILE.png", description = "overwrite this PNG with each finished frame")
  Path preview;

  @Option(names = {"-f", "--force"},
      description = "overwrite OUTPUT if it exists, and start over in a frame folder of another render")
  boolean force;

  /** Each frame is dreamed with the video preset unless another is given (its settings suit frames). */
  @Override
  public String defaultPreset() {
    return VideoParams.DREAM_PRESET;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Map<String, List<String>> settings = new LinkedHashMap<>(DreamOptions.given(spec));
    settings.putIfAbsent("preset", List.of(defaultPreset()));
    DreamConfig config = SettingsCodec.decode(settings, ImageSource.files(100_000_000L));
    VideoSettings video = VideoParams.decode(VideoOptions.given(spec));
    VideoJob job = new VideoJob(input, output, config, video, keepFrames, preview, force);
    // What needs no model first: a wrong path or a file that is not a video is told before seconds of loading.
    JobCheck.of(job);
    try (Progress progress = new Progress(err, Progress.stderrIsTerminal());
        VideoProgress frames = VideoProgress.started(progress, video, output.toString());
        DeepDream dd = new DeepDream(ModelStore.standard(progress))) {
      // Said at once: the model's loading and the clip's counting come before the first frame's steps.
      frames.stage("video: " + input.getFileName() + ": loading " + config.model() + " and counting the frames");
      for (String notice : dd.notices(config)) {
        progress.message(notice);
      }
      VideoResult r = new VideoDreamer(dd).render(job, frames);
      frames.close();
      progress.finish();
      out.printf("wrote %s (%d frames, %dx%d at %s fps, %s, seed %d%s, %.1f s)%n", r.output(), r.frames(), r.width(),
          r.height(), r.rate(), video.temporal().id(), r.config().seed(),
          r.resumedFrom() > 0 ? ", continued after frame " + r.resumedFrom() : "", r.millis() / 1000.0);
      out.flush();
      return 0;
    }
  }
}
