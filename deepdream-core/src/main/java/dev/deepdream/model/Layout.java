package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * How an image tensor lies in memory. The network always sees NCHW shapes; the layout decides
 * the strides behind them, and with them which of the engine's kernels run (oneDNN picks
 * different convolutions for channels-last memory than for channels-first).
 */
public enum Layout {
  /** Plain NCHW memory: each channel's plane contiguous. */
  CHANNELS_FIRST("channels-first") {
    @Override
    NDArray leaf(NDManager manager, float[] chw, int c, int h, int w) {
      return manager.create(chw, new Shape(1, c, h, w));
    }

    @Override
    public NDArray nchw(NDArray leaf) {
      return leaf;
    }

    @Override
    NDArray chwOrder(NDArray leafShaped) {
      return leafShaped;
    }

    @Override
    public NDArray arrange(NDArray x) {
      Shape s = x.getShape();
      // A reshape through one flat axis copies a strided tensor into row-major (NCHW) order and
      // is a view of one that already is; it is recorded by autograd like any op.
      return x.reshape(s.get(0), -1).reshape(s);
    }
  },
  /** NHWC memory behind NCHW shapes (PyTorch's channels_last). */
  CHANNELS_LAST("channels-last") {
    @Override
    NDArray leaf(NDManager manager, float[] chw, int c, int h, int w) {
      // The engine's copy (vectorised, threaded) reorders the planes: faster than a transpose in Java.
      NDArray planes = manager.create(chw, new Shape(1, c, h, w));
      return planes.transpose(0, 2, 3, 1).reshape(1, -1).reshape(1, h, w, c);
    }

    @Override
    public NDArray nchw(NDArray leaf) {
      return leaf.transpose(0, 3, 1, 2);
    }

    @Override
    NDArray chwOrder(NDArray leafShaped) {
      return leafShaped.transpose(0, 3, 1, 2); // read out in logical (CHW) order by the engine's copy
    }

    @Override
    public NDArray arrange(NDArray x) {
      Shape s = x.getShape();
      return x.transpose(0, 2, 3, 1).reshape(s.get(0), -1).reshape(s.get(0), s.get(2), s.get(3), s.get(1))
          .transpose(0, 3, 1, 2);
    }
  };

  private final String id;

  Layout(String id) {
    this.id = id;
  }

  /** The name used in plans, records and listings. */
  public String id() {
    return id;
  }

  /** The layout named {@code id}. */
  public static Layout of(String id) {
    for (Layout l : values()) {
      if (l.id.equals(id)) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown layout " + id);
  }

  abstract NDArray leaf(NDManager manager, float[] chw, int c, int h, int w);

  /** A leaf-shaped tensor as a view in (N, C, H, W) order, whose values read out as CHW floats. */
  abstract NDArray chwOrder(NDArray leafShaped);

  /**
   * A new input leaf in this layout from a CHW image, in {@code type}, on {@code manager}; ask
   * for its gradient, then read the network's input from {@link #nchw}.
   */
  public NDArray input(NDManager manager, float[] chw, int c, int h, int w, DataType type) {
    NDArray leaf = leaf(manager, chw, c, h, w);
    return type == DataType.FLOAT32 ? leaf : leaf.toType(type, false);
  }

  /** The leaf of {@link #input} as the NCHW tensor the network takes (a view, inside the gradient collector). */
  public abstract NDArray nchw(NDArray leaf);

  /** A leaf's gradient (or any tensor shaped like the leaf) as CHW floats. */
  public float[] toChw(NDArray leafShaped, int c, int h, int w) {
    NDArray v = leafShaped.getDataType() == DataType.FLOAT32 ? leafShaped : leafShaped.toType(DataType.FLOAT32, false);
    float[] out = chwOrder(v).toFloatArray(); // toFloatArray copies a strided view in logical order
    if (out.length != c * h * w) {
      throw new IllegalArgumentException("expected " + c + "x" + h + "x" + w + " values, got " + out.length);
    }
    return out;
  }

  /** {@code x} (NCHW shape) with its memory in this layout: a copy when it is not already. */
  public abstract NDArray arrange(NDArray x);
}
