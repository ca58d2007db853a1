package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** Add: the element-wise sum of its inputs (residual connections). */
final class AddLayer implements LayerType {
  @Override
  public List<String> names() {
    return List.of("Add");
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return inputs.get(0).clone();
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    return in -> {
      NDArray sum = in.get(0);
      for (int i = 1; i < in.size(); i++) {
        sum = sum.add(in.get(i));
      }
      return sum;
    };
  }
}
