package dev.deepdream.model;

import java.util.Arrays;

/**
 * One named weight in Keras's layout (a convolution kernel is (kh, kw, in, out)), held as float32
 * on the Java heap until a network copies it to its device.
 */
public record WeightTensor(String name, long[] shape, float[] data) {
  public WeightTensor {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "weight " + name + ": shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
    }
  }

  /** Number of elements. */
  public int size() {
    return data.length;
  }

  /** The shape as Keras prints it, e.g. "[3, 3, 32, 64]". */
  public String shapeText() {
    return Arrays.toString(shape);
  }
}
