package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * ONNX MaxPool: kernel, strides, pads or auto_pad, ceil_mode (GoogLeNet's pools round up, as
 * Caffe's did); padding is -infinity, which never wins a max.
 */
final class OnnxMaxPoolLayer extends OnnxPoolLayer {
  OnnxMaxPoolLayer() {
    super("MaxPool");
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    int[] k = layer.pair("kernel_size", 1);
    int[] s = layer.pair("strides", 1);
    Shape kernel = new Shape(k[0], k[1]);
    Shape stride = new Shape(s[0], s[1]);
    return in -> {
      long[] p = new long[2];
      NDArray x = OnnxWindows.pad(layer, in.get(0), Float.NEGATIVE_INFINITY, p);
      if (x == null && (p[0] > k[0] / 2 || p[1] > k[1] / 2)) {
        // The engine takes at most half a window of padding: pad here instead.
        x = in.get(0).pad(new Shape(p[1], p[1], p[0], p[0]), Float.NEGATIVE_INFINITY);
        p = new long[2];
      }
      return Pool.maxPool2d(x != null ? x : in.get(0), kernel, stride, new Shape(p[0], p[1]), false);
    };
  }
}
