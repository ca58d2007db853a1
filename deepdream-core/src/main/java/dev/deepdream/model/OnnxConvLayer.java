package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ONNX Conv (2-D): weights W (M, C / group, kh, kw), already PyTorch's layout, and bias B;
 * groups, dilations, pads or auto_pad. A BatchNormalization that is its only reader is folded into
 * its weights at compile time, as Keras's are ({@link ConvolutionLayer}); the kernel comes from
 * the network's {@link ExecutionPlan}, so the engine check covers it like any convolution.
 */
final class OnnxConvLayer extends OnnxLayer {
  OnnxConvLayer() {
    super("Conv");
  }

  @Override
  void convert(OnnxNode node) {
    node.layerInput(0);
    OnnxTensor w = node.constant(1, "W");
    if (w.dims().length != 4) {
      throw node.unsupported("a " + (w.dims().length - 2) + "-D convolution (deepdream runs 2-D ones)");
    }
    node.weight(1, "W");
    if (node.present(2)) {
      node.weight(2, "B");
    }
    long group = node.attrInt("group", 1);
    long[] k = node.attrInts("kernel_shape");
    node.set("filters", w.dims()[0]);
    node.set("group", group);
    node.set("kernel_size", k != null ? k : new long[] {w.dims()[2], w.dims()[3]});
    node.set("strides", ints(node, "strides"));
    node.set("dilations", ints(node, "dilations"));
    long[] pads = node.attrInts("pads");
    node.set("pads", pads != null ? pads : new long[4]);
    node.set("auto_pad", node.attrString("auto_pad", "NOTSET"));
  }

  /** A pair attribute (strides, dilations), (1, 1) when absent. */
  static long[] ints(OnnxNode node, String name) {
    long[] v = node.attrInts(name);
    if (v != null && v.length != 2) {
      throw node.unsupported(name + " " + text(v) + " (deepdream runs 2-D windows)");
    }
    return v != null ? v : new long[] {1, 1};
  }

  @Override
  public boolean convolution() {
    return true;
  }

  @Override
  public List<LayerWeights.Expected> weights(LayerSpec layer, int inChannels) {
    List<LayerWeights.Expected> out = new ArrayList<>(super.weights(layer, inChannels));
    int group = layer.intOr("group", 1);
    long[] w = weightDims(layer, "W").clone();
    w[1] = inChannels < 0 ? -1 : inChannels / group; // the weights must fit the layer's input
    out.set(0, new LayerWeights.Expected("W", w));
    return out;
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    int[] o = OnnxWindows.outputSize(layer, inputs.get(0));
    return new int[] {o[0], o[1], layer.intOr("filters", 0)};
  }

  @Override
  public long multiplyAdds(LayerSpec layer, List<int[]> inputs, int[] out) {
    int[] k = layer.pair("kernel_size", 1);
    long perOutput = (long) k[0] * k[1] * (inputs.get(0)[2] / layer.intOr("group", 1));
    return (long) out[0] * out[1] * out[2] * perOutput;
  }

  @Override
  public LayerOp compile(LayerSpec l, LayerContext context) {
    Map<String, WeightTensor> lw = context.weights(l);
    WeightTensor k = lw.get("W");
    int cout = (int) k.shape()[0];
    float[] weight = k.data().clone();
    float[] bias = lw.get("B") == null ? new float[cout] : lw.get("B").data().clone();
    LayerSpec bn = context.onlyReader(l);
    if (bn != null && bn.type().equals(PREFIX + "BatchNormalization")) {
      BatchNormLayer.foldInto(l.name(), weight, bias, OnnxBatchNormLayer.affine(bn, context.weights(bn)), context);
    }
    NDArray w = context.constant(weight, new Shape(k.shape()));
    NDArray b = context.constant(bias, new Shape(cout));
    int[] s = l.pair("strides", 1);
    int[] d = l.pair("dilations", 1);
    Convolution conv = new Convolution(w, b, new Shape(s[0], s[1]), new Shape(d[0], d[1]), l.intOr("group", 1));
    String name = l.name();
    return in -> {
      long[] symmetric = new long[2];
      NDArray padded = OnnxWindows.pad(l, in.get(0), 0, symmetric);
      NDArray x = padded != null ? padded : in.get(0);
      ExecutionPlan p = context.plan();
      NDArray y = p.kernel(name).apply(conv, x, new Shape(symmetric[0], symmetric[1]), p.layout());
      return name.equals(p.faultLayer()) ? y.mul(Scalars.like(y, 1 + ExecutionPlan.FAULT)) : y;
    };
  }
}
