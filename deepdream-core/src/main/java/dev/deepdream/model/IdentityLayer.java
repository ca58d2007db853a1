package dev.deepdream.model;

import java.util.List;

/** Layers that only act in training (dropout, noise): the identity at inference. */
final class IdentityLayer implements LayerType {
  @Override
  public List<String> names() {
    return List.of("Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout");
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return inputs.get(0).clone();
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    return in -> in.get(0);
  }
}
