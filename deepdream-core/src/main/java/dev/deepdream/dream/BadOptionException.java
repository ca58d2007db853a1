package dev.deepdream.dream;

/** A setting that cannot work (unknown layer, impossible octaves...): a usage error. */
public class BadOptionException extends IllegalArgumentException {
  public BadOptionException(String message) {
    super(message);
  }
}
