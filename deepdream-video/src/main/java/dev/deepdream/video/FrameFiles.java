package dev.deepdream.video;

/** How dreamed frames are named on disk: numbered by their position in time, zero-padded. */
public final class FrameFiles {
  /** The name pattern ffmpeg reads them by. */
  public static final String PATTERN = "frame-%06d.png";
  /** A frame file's name as a regular expression. */
  public static final String REGEX = "frame-\\d{6}\\.png";
  /** The render's record in a frame folder (the input's hash, size, frames, every setting). */
  public static final String RECORD = "render.json";
  /** The sub-folder of a frame folder holding pieces' warm-up frames, to fade across their seams. */
  public static final String OVERLAP = "overlap";

  private FrameFiles() {}

  /** The file name of frame {@code number} (1-based). */
  public static String name(int number) {
    return String.format(PATTERN, number);
  }
}
