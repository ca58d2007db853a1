package dev.deepdream.dream;

/** The image is smaller than the chosen layers and octaves need. */
public class ImageTooSmallException extends IllegalArgumentException {
  public ImageTooSmallException(String message) {
    super(message);
  }
}
