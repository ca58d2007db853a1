package dev.deepdream.video;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a render can check without a model (loading one takes seconds): ffmpeg, the output, the
 * input and the time range. {@link VideoDreamer#plan} starts with it; a caller that loads the model
 * itself runs it first, so a wrong path or a file that is not a video is told at once.
 *
 * @param ffmpeg the programs
 * @param output where the render goes
 * @param clip the part of the input to dream, at the size it is dreamed at
 */
public record JobCheck(Ffmpeg ffmpeg, VideoOutput output, Clip clip) {
  /**
   * Checks {@code job} without writing anything.
   *
   * @throws VideoException for a missing ffmpeg or an input that is not a video it reads
   * @throws BadOptionException for an output that cannot be written (another kind, the input itself,
   *     one that exists without force, a folder that does not exist) or a start past the end
   */
  public static JobCheck of(VideoJob job) throws IOException {
    Ffmpeg ffmpeg = Ffmpeg.find();
    VideoOutput output = VideoOutput.of(job.output());
    if (Files.exists(job.input()) && Files.exists(job.output()) && Files.isSameFile(job.input(), job.output())) {
      throw new BadOptionException("output " + job.output() + " is the input; refusing to overwrite it");
    }
    if (output.exists() && !job.force()) {
      throw new BadOptionException("output " + job.output() + " already exists (use --force to overwrite it)");
    }
    Path outDir = job.output().toAbsolutePath().getParent();
    if (outDir == null || !Files.isDirectory(outDir)) {
      throw new BadOptionException("output folder " + outDir + " does not exist");
    }
    VideoInfo info = VideoInfo.probe(ffmpeg, job.input());
    int[] size = DeepDream.workingSize(info.width(), info.height(), job.config());
    VideoSettings v = job.video();
    return new JobCheck(ffmpeg, output, new Clip(job.input(), info, v.start(), v.end(), v.every(), size[0], size[1]));
  }
}
