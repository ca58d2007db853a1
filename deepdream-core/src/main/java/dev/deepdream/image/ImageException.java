package dev.deepdream.image;

/** A file that cannot be read or written as an image, with a one-line message naming the problem. */
public class ImageException extends java.io.IOException {
  public ImageException(String message) {
    super(message);
  }

  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
