package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Conv2D and DepthwiseConv2D. A batch norm that is the convolution's only reader is folded into
 * its weights at compile time (exact, and it saves a pass over every activation). The kernel
 * that computes it comes from the network's {@link ExecutionPlan} at run time.
 */
final class ConvolutionLayer implements LayerType {
  private static final String DEPTHWISE = "DepthwiseConv2D";

  @Override
  public List<String> names() {
    return List.of("Conv2D", DEPTHWISE);
  }

  @Override
  public boolean convolution() {
    return true;
  }

  @Override
  public List<LayerWeights.Expected> weights(LayerSpec layer, int inChannels) {
    List<LayerWeights.Expected> out = new ArrayList<>();
    int[] k = layer.pair("kernel_size", 1);
    long outChannels;
    if (depthwise(layer)) {
      int mult = layer.intOr("depth_multiplier", 1);
      out.add(new LayerWeights.Expected("depthwise_kernel", new long[] {k[0], k[1], inChannels, mult}));
      outChannels = inChannels < 0 ? -1 : (long) inChannels * mult;
    } else {
      outChannels = layer.intOr("filters", 0);
      out.add(new LayerWeights.Expected("kernel", new long[] {k[0], k[1], inChannels, outChannels}));
    }
    if (layer.boolOr("use_bias", true)) {
      out.add(new LayerWeights.Expected("bias", new long[] {outChannels}));
    }
    return out;
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    int[] in = inputs.get(0);
    int[] o = Windows.outputSize(layer, in, layer.pair("kernel_size", 1), layer.pair("strides", 1),
        layer.pair("dilation_rate", 1));
    int channels = depthwise(layer) ? in[2] * layer.intOr("depth_multiplier", 1) : layer.intOr("filters", 0);
    return new int[] {o[0], o[1], channels};
  }

  @Override
  public long multiplyAdds(LayerSpec layer, List<int[]> inputs, int[] out) {
    int[] k = layer.pair("kernel_size", 1);
    long perOutput = (long) k[0] * k[1] * (depthwise(layer) ? 1 : inputs.get(0)[2]);
    return (long) out[0] * out[1] * out[2] * perOutput;
  }

  @Override
  public LayerOp compile(LayerSpec l, LayerContext context) {
    boolean depthwise = depthwise(l);
    Map<String, WeightTensor> lw = context.weights(l);
    WeightTensor k = lw.get(depthwise ? "depthwise_kernel" : "kernel");
    int kh = (int) k.shape()[0];
    int kw = (int) k.shape()[1];
    int cin = (int) k.shape()[2];
    int cout = depthwise ? cin * (int) k.shape()[3] : (int) k.shape()[3];
    float[] weight = depthwise
        ? KernelLayout.depthwiseToOihw(k.data(), kh, kw, cin, (int) k.shape()[3])
        : KernelLayout.convToOihw(k.data(), kh, kw, cin, cout);
    float[] bias = lw.get("bias") == null ? new float[cout] : lw.get("bias").data().clone();
    String activation = l.stringOr("activation", "linear");

    LayerSpec bn = context.onlyReader(l);
    if (bn != null && bn.type().equals("BatchNormalization") && BatchNormLayer.onChannels(bn)
        && activation.equals("linear")) {
      BatchNormLayer.foldInto(l.name(), weight, bias, BatchNormLayer.affine(bn, context.weights(bn), cout), context);
    }
    NDArray w = context.constant(weight, new Shape(cout, depthwise ? 1 : cin, kh, kw));
    NDArray b = context.constant(bias, new Shape(cout));
    int[] s = l.pair("strides", 1);
    int[] d = l.pair("dilation_rate", 1);
    boolean same = Windows.same(l);
    Convolution conv = new Convolution(w, b, new Shape(s[0], s[1]), new Shape(d[0], d[1]), depthwise ? cin : 1);
    LayerOp act = Activations.of(l, activation);
    String name = l.name();
    return in -> {
      NDArray x = in.get(0);
      Shape padding = new Shape(0, 0);
      if (same) {
        int[] ph = Padding.same((int) x.getShape().get(2), kh, s[0], d[0]);
        int[] pw = Padding.same((int) x.getShape().get(3), kw, s[1], d[1]);
        if (ph[0] == ph[1] && pw[0] == pw[1]) {
          padding = new Shape(ph[0], pw[0]);
        } else {
          x = x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), 0); // TensorFlow's extra pixel goes after
        }
      }
      ExecutionPlan p = context.plan();
      NDArray y = p.kernel(name).apply(conv, x, padding, p.layout());
      if (name.equals(p.faultLayer())) {
        y = y.mul(Scalars.like(y, 1 + ExecutionPlan.FAULT));
      }
      return act.apply(List.of(y));
    };
  }

  private static boolean depthwise(LayerSpec layer) {
    return layer.type().equals(DEPTHWISE);
  }
}
