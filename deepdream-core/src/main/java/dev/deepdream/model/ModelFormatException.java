package dev.deepdream.model;

/** A model or weights file that cannot be used, with a message naming the problem. */
public class ModelFormatException extends RuntimeException {
  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
