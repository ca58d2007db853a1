package dev.deepdream.model;

/** A model that is neither cached nor fetchable, with a message saying what to do. */
public class ModelUnavailableException extends ModelFormatException {
  public ModelUnavailableException(String message) {
    super(message);
  }
}
