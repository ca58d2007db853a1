package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Scalars for ops on the gradient path. DJL's {@code NDArray} overloads that take a Java number
 * ({@code mul(2)}, {@code minimum(6)}, ...) make the scalar a tensor over a Java direct buffer
 * ({@code torch::from_blob}, no copy) and close it as soon as the op returns; autograd keeps that
 * tensor for the backward pass, but once the garbage collector frees the buffer, the backward
 * pass reads freed memory (seen: whole input gradients of MobileNetV2's relu6 coming out zero,
 * now and then). A scalar from here belongs to the operand's manager, so it lives until that
 * step's manager closes. Use it for every number that meets a tensor which needs a gradient.
 */
public final class Scalars {
  private Scalars() {}

  /** {@code value} as a 0-dimensional tensor of {@code like}'s type, on {@code like}'s manager. */
  public static NDArray like(NDArray like, double value) {
    NDArray s = like.getManager().create(new float[] {(float) value}, new Shape());
    return like.getDataType() == DataType.FLOAT32 ? s : s.toType(like.getDataType(), false);
  }
}
