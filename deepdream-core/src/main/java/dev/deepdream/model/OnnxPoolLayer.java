package dev.deepdream.model;

import java.util.List;

/**
 * What ONNX's MaxPool and AveragePool share: their window settings (kernel, strides, pads or
 * auto_pad, ceil_mode), read at import with dilations refused, and their output shape (the
 * window's grid, the input's channels).
 */
abstract class OnnxPoolLayer extends OnnxLayer {
  OnnxPoolLayer(String op) {
    super(op);
  }

  @Override
  void convert(OnnxNode node) {
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
    long[] d = node.attrInts("dilations");
    if (d != null && (d.length != 2 || d[0] != 1 || d[1] != 1)) {
      throw node.unsupported("dilations " + text(d) + " (deepdream's pools take dilations 1)");
    }
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    int[] o = OnnxWindows.outputSize(layer, inputs.get(0));
    return new int[] {o[0], o[1], inputs.get(0)[2]};
  }
}
