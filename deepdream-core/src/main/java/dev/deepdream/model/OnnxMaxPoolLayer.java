package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * ONNX MaxPool: kernel, strides, pads or auto_pad, ceil_mode (GoogLeNet's pools round up, as
 * Caffe's did); padding is -infinity, which never wins a max.
 */
final class OnnxMaxPoolLayer extends OnnxLayer {
  OnnxMaxPoolLayer() {
    super("MaxPool");
  }

  @Override
  void convert(OnnxNode node) {
    pool(node);
    long[] d = node.attrInts("dilations");
    if (d != null && (d.length != 2 || d[0] != 1 || d[1] != 1)) {
      throw node.unsupported("dilations " + text(d) + " (deepdream's pools take dilations 1)");
    }
  }

  /** The window settings every ONNX pool has. */
  static void pool(OnnxNode node) {
    node.layerInput(0);
    long[] k = node.attrInts("kernel_shape");
    if (k == null || k.length != 2) {
      throw node.unsupported("kernel_shape " + (k == null ? "missing" : text(k)) + " (deepdream runs 2-D pools)");
    }
    node.set("kernel_size", k);
    node.set("strides", OnnxConvLayer.ints(node, "strides"));
    long[] pads = node.attrInts("pads");
    node.set("pads", pads != null ? pads : new long[4]);
    node.set("auto_pad", node.attrString("auto_pad", "NOTSET"));
    node.set("ceil_mode", node.attrInt("ceil_mode", 0));
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    int[] o = OnnxWindows.outputSize(layer, inputs.get(0));
    return new int[] {o[0], o[1], inputs.get(0)[2]};
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
