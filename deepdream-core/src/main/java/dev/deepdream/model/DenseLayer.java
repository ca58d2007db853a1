package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Dense: a matrix product with the kernel, plus the bias, then the layer's activation. */
final class DenseLayer implements LayerType {
  @Override
  public List<String> names() {
    return List.of("Dense");
  }

  @Override
  public List<LayerWeights.Expected> weights(LayerSpec layer, int inChannels) {
    int units = layer.intOr("units", 0);
    List<LayerWeights.Expected> out = new ArrayList<>();
    out.add(new LayerWeights.Expected("kernel", new long[] {inChannels, units}));
    if (layer.boolOr("use_bias", true)) {
      out.add(new LayerWeights.Expected("bias", new long[] {units}));
    }
    return out;
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return new int[] {layer.intOr("units", 0)};
  }

  @Override
  public long multiplyAdds(LayerSpec layer, List<int[]> inputs, int[] out) {
    int[] in = inputs.get(0);
    return (long) in[in.length - 1] * out[0];
  }

  @Override
  public LayerOp compile(LayerSpec l, LayerContext context) {
    Map<String, WeightTensor> lw = context.weights(l);
    WeightTensor k = lw.get("kernel");
    NDArray w = context.constant(k.data(), new Shape(k.shape()[0], k.shape()[1]));
    NDArray b = lw.get("bias") == null ? null : context.constant(lw.get("bias").data(), new Shape(1, k.shape()[1]));
    LayerOp act = Activations.of(l, l.stringOr("activation", "linear"));
    return in -> {
      NDArray y = in.get(0).matMul(w);
      if (b != null) {
        y = y.add(b);
      }
      return act.apply(List.of(y));
    };
  }
}
