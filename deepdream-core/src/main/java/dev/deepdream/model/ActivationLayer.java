package dev.deepdream.model;

import java.util.List;

/** Activation: one of Keras's activation functions ({@link Activations}), element-wise. */
final class ActivationLayer implements LayerType {
  @Override
  public List<String> names() {
    return List.of("Activation");
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return inputs.get(0).clone();
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    return Activations.of(layer, layer.stringOr("activation", "linear"));
  }
}
