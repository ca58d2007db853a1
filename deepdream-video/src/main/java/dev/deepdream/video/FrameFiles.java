package dev.deepdream.video;

/** How dreamed frames are named on disk: numbered by their position in time, zero-padded. */
public final class FrameFiles {
  /** The name pattern ffmpeg reads them by. */
  public static final String PATTERN = "frame-%06d.png";

  private FrameFiles() {}

  /** The file name of frame {@code number} (1-based). */
  public static String name(int number) {
    return String.format(PATTERN, number);
  }
}
