package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;

/** ReLU with Keras's options: a negative slope (leaky) and a maximum (MobileNet's ReLU6). */
final class ReluLayer implements LayerType {
  @Override
  public List<String> names() {
    return List.of("ReLU");
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return inputs.get(0).clone();
  }

  @Override
  public LayerOp compile(LayerSpec l, LayerContext context) {
    double maxValue = l.doubleOr("max_value", Double.NaN);
    double slope = l.doubleOr("negative_slope", 0);
    double threshold = l.doubleOr("threshold", 0);
    if (threshold != 0) {
      throw new UnsupportedLayerException("layer " + l.name() + ": ReLU with a threshold is not supported");
    }
    return in -> {
      NDArray x = slope == 0 ? Activation.relu(in.get(0)) : Activation.leakyRelu(in.get(0), (float) slope);
      return Double.isNaN(maxValue) ? x : x.minimum(Scalars.like(x, maxValue));
    };
  }
}
