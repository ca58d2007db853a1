package dev.deepdream.dream;

/** Thrown when a listener asked a dream to stop. */
public class DreamCancelledException extends RuntimeException {
  public DreamCancelledException() {
    super("dream cancelled");
  }
}
