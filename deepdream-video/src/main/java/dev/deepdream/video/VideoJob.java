package dev.deepdream.video;

import dev.deepdream.dream.DreamConfig;
import java.nio.file.Path;

/**
 * One render: what to read, what to write, and how.
 *
 * @param input the video file
 * @param output the MP4/GIF file or PNG folder to write ({@link VideoOutput#of})
 * @param config the per-frame dream settings ({@code max_dim} sizes the frames)
 * @param video how the dream carries over time, and which frames
 * @param keepFrames where to keep the dreamed frames and the render's record (kept after the end);
 *     null for a hidden folder next to the output, deleted after success
 * @param preview a PNG to overwrite with each finished frame, or null
 * @param force replace an existing output, and a work folder of another render
 */
public record VideoJob(Path input, Path output, DreamConfig config, VideoSettings video, Path keepFrames,
    Path preview, boolean force) {

  /** The folder holding the dreamed frames while the render runs. */
  public Path workFolder() {
    if (keepFrames != null) {
      return keepFrames;
    }
    Path abs = output.toAbsolutePath();
    return abs.resolveSibling("." + abs.getFileName() + ".frames");
  }
}
