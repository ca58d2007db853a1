package dev.deepdream.model;

/** A model uses a Keras layer type or setting that the interpreter does not implement. */
public class UnsupportedLayerException extends ModelFormatException {
  public UnsupportedLayerException(String message) {
    super(message);
  }
}
