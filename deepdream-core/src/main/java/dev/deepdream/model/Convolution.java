package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * One compiled convolution: weights (OIHW), bias, strides, padding, dilation and groups, and for
 * a 1x1 stride-1 convolution its weights as an (in x out) matrix, computed once.
 */
final class Convolution {
  private final NDArray weight;
  /** The weights with channels-last memory, made on first use by a channels-last plan. */
  private volatile NDArray weightChannelsLast;
  private final NDArray bias;
  private final Shape stride;
  private final Shape dilation;
  private final int groups;
  private final NDArray matrix;
  private final int outChannels;

  Convolution(NDArray weight, NDArray bias, Shape stride, Shape dilation, int groups) {
    this.weight = weight;
    this.bias = bias;
    this.stride = stride;
    this.dilation = dilation;
    this.groups = groups;
    Shape w = weight.getShape();
    this.outChannels = (int) w.get(0);
    boolean pointwise = w.get(2) == 1 && w.get(3) == 1 && stride.get(0) == 1 && stride.get(1) == 1 && groups == 1;
    this.matrix = pointwise ? weight.reshape(w.get(0), w.get(1)).transpose(1, 0).duplicate() : null;
  }

  boolean pointwise() {
    return matrix != null;
  }

  /**
   * The engine's convolution with symmetric {@code padding} (height, width), with the weights in
   * the memory layout {@code x} has: for channels-last input PyTorch would otherwise copy the
   * weights to channels-last on every call.
   */
  NDArray engine(NDArray x, Shape padding, Layout layout) {
    NDArray w = layout == Layout.CHANNELS_LAST ? channelsLastWeight() : weight;
    return Conv2d.conv2d(x, w, bias, stride, padding, dilation, groups).singletonOrThrow();
  }

  private NDArray channelsLastWeight() {
    NDArray w = weightChannelsLast;
    if (w == null) {
      synchronized (this) {
        w = weightChannelsLast;
        if (w == null) {
          w = Layout.CHANNELS_LAST.arrange(weight); // on the weights' own (long-lived) manager
          weightChannelsLast = w;
        }
      }
    }
    return w;
  }

  /** A 1x1 stride-1 convolution of unpadded {@code x} as (H*W x in) . (in x out), in the input's memory order. */
  NDArray matmul(NDArray x) {
    Shape s = x.getShape();
    // Channels-last memory makes the permuted view contiguous, so both reshapes are views there.
    NDArray rows = x.transpose(0, 2, 3, 1).reshape(s.get(0) * s.get(2) * s.get(3), s.get(1));
    return rows.matMul(matrix).add(bias).reshape(s.get(0), s.get(2), s.get(3), outChannels).transpose(0, 3, 1, 2);
  }
}
