package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * How one convolution is computed. An {@link ExecutionPlan} picks one per layer, so that a layer
 * whose engine kernel is wrong (or slow) on this CPU can be computed another way while the rest
 * of the network keeps the plan's layout.
 */
public enum ConvKernel {
  /** The engine's convolution on the input as it comes; its memory layout selects the engine's kernel. */
  ENGINE("engine") {
    @Override
    NDArray apply(Convolution conv, NDArray x, Shape padding, Layout plan) {
      return conv.engine(x, padding, plan);
    }
  },
  /** The engine's convolution on a channels-first copy of the input, its output back in the plan's layout. */
  CHANNELS_FIRST("channels-first") {
    @Override
    NDArray apply(Convolution conv, NDArray x, Shape padding, Layout plan) {
      NDArray y = conv.engine(Layout.CHANNELS_FIRST.arrange(x), padding, Layout.CHANNELS_FIRST);
      return plan == Layout.CHANNELS_FIRST ? y : plan.arrange(y);
    }
  },
  /**
   * A 1x1, stride-1 convolution as one matrix product over the channels (the engine's matrix
   * multiply instead of its convolution); any other convolution falls back to {@link #ENGINE}.
   */
  MATMUL("matmul") {
    @Override
    NDArray apply(Convolution conv, NDArray x, Shape padding, Layout plan) {
      return conv.pointwise() ? conv.matmul(x) : conv.engine(x, padding, plan);
    }
  };

  private final String id;

  ConvKernel(String id) {
    this.id = id;
  }

  /** The name used in plans and records. */
  public String id() {
    return id;
  }

  /** The kernel named {@code id}. */
  public static ConvKernel of(String id) {
    for (ConvKernel k : values()) {
      if (k.id.equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown convolution kernel " + id);
  }

  /** The convolution of {@code x} with symmetric {@code padding} under a plan of layout {@code plan}. */
  abstract NDArray apply(Convolution conv, NDArray x, Shape padding, Layout plan);
}
