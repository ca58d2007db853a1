package dev.deepdream.model;

import ai.djl.nn.Activation;
import java.util.List;

/** ONNX Sigmoid and Tanh: the squashing functions (squeeze-and-excite gates, old classifiers). */
final class OnnxSigmoidLayer extends OnnxLayer {
  OnnxSigmoidLayer() {
    super("Sigmoid", "Tanh");
  }

  @Override
  void convert(OnnxNode node) {
    node.layerInput(0);
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return inputs.get(0).clone();
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    return op(layer).equals("Sigmoid") ? in -> Activation.sigmoid(in.get(0)) : in -> Activation.tanh(in.get(0));
  }
}
