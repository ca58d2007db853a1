package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** Flatten, in Keras's channels-last order (the Dense weights after it expect that order). */
final class FlattenLayer implements LayerType {
  @Override
  public List<String> names() {
    return List.of("Flatten");
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    int n = 1;
    for (int d : inputs.get(0)) {
      n *= d;
    }
    return new int[] {n};
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    return in -> {
      NDArray x = in.get(0);
      if (x.getShape().dimension() == 4) {
        x = x.transpose(0, 2, 3, 1);
      }
      return x.reshape(x.getShape().get(0), -1);
    };
  }
}
