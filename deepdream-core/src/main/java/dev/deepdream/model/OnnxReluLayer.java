package dev.deepdream.model;

import ai.djl.nn.Activation;
import java.util.List;

/** ONNX Relu and LeakyRelu (alpha, default 0.01). */
final class OnnxReluLayer extends OnnxLayer {
  OnnxReluLayer() {
    super("Relu", "LeakyRelu");
  }

  @Override
  void convert(OnnxNode node) {
    node.layerInput(0);
    if (node.op().equals("LeakyRelu")) {
      node.set("alpha", node.attrFloat("alpha", 0.01));
    }
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return inputs.get(0).clone();
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    if (op(layer).equals("Relu")) {
      return in -> Activation.relu(in.get(0));
    }
    float alpha = (float) layer.doubleOr("alpha", 0.01);
    return in -> Activation.leakyRelu(in.get(0), alpha);
  }
}
