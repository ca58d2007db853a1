package dev.deepdream.model;

import java.util.List;

/**
 * ONNX Identity and Dropout (the identity at inference); also the kind of the plain Caffe names
 * an import adds as aliases of a Caffe2-converted graph's last tensor of each name.
 */
final class OnnxIdentityLayer extends OnnxLayer {
  OnnxIdentityLayer() {
    super("Identity", "Dropout");
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
    return in -> in.get(0);
  }
}
