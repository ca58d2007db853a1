package dev.deepdream.model;

import java.util.List;

/**
 * One kind of layer, with everything the interpreter knows about it in one place (as DJL's
 * {@code Block} keeps its forward pass and output shapes together): the weights a layer of this
 * kind holds, the shape of its output, the multiply-adds it costs and how it is compiled to
 * engine ops. {@link LayerTypes} finds a layer's kind by its class name; a new kind is one new
 * class registered there.
 */
interface LayerType {
  /** The class names of this kind in a model config, e.g. {@code Conv2D}. */
  List<String> names();

  /**
   * The weights a layer of this kind holds, in the format's order, given its input's channel (or
   * feature) count, -1 when that is not known.
   */
  default List<LayerWeights.Expected> weights(LayerSpec layer, int inChannels) {
    return List.of();
  }

  /** The output shape, {h, w, c} for images or {n} for vectors, from the inputs' shapes. */
  int[] outputShape(LayerSpec layer, List<int[]> inputs);

  /** Multiply-adds of one forward pass (the layers that dominate a step's cost count them). */
  default long multiplyAdds(LayerSpec layer, List<int[]> inputs, int[] output) {
    return 0;
  }

  /** The layer compiled to engine ops, with its weights from {@code context}. */
  LayerOp compile(LayerSpec layer, LayerContext context);

  /** True for a convolution, whose kernel an {@link ExecutionPlan} may choose. */
  default boolean convolution() {
    return false;
  }
}
