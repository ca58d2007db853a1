package dev.deepdream.video;

import java.io.IOException;

/**
 * A video that cannot be read or written, or a missing ffmpeg: its message is one line meant for
 * the user (what went wrong and, where there is one, what to do).
 */
public class VideoException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An error with its one-line message. */
  public VideoException(String message) {
    super(message);
  }

  /** An error with its one-line message and cause. */
  public VideoException(String message, Throwable cause) {
    super(message, cause);
  }
}
