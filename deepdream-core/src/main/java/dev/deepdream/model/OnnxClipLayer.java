package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * ONNX Clip: min and max from attributes (before opset 11) or constant inputs (since), folded
 * into the config at import; a bound not given is no bound (MobileNet's ReLU6 is Clip 0..6).
 */
final class OnnxClipLayer extends OnnxLayer {
  OnnxClipLayer() {
    super("Clip");
  }

  @Override
  void convert(OnnxNode node) {
    node.layerInput(0);
    if (node.opset() < 11) {
      if (node.has("min")) {
        node.set("min", node.attrFloat("min", 0));
      }
      if (node.has("max")) {
        node.set("max", node.attrFloat("max", 0));
      }
      return;
    }
    if (node.present(1)) {
      node.set("min", scalar(node, 1, "min"));
    }
    if (node.present(2)) {
      node.set("max", scalar(node, 2, "max"));
    }
  }

  private static double scalar(OnnxNode node, int i, String role) {
    OnnxTensor t = node.constant(i, role);
    if (t.values().length != 1) {
      throw node.unsupported(role + " holds " + t.values().length + " values, not one");
    }
    return t.values()[0];
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return inputs.get(0).clone();
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    double min = layer.doubleOr("min", Double.NEGATIVE_INFINITY);
    double max = layer.doubleOr("max", Double.POSITIVE_INFINITY);
    return in -> {
      NDArray x = in.get(0);
      if (min > Double.NEGATIVE_INFINITY) {
        x = x.maximum(Scalars.like(x, min)); // not clip(Number, Number): see Scalars
      }
      return max < Double.POSITIVE_INFINITY ? x.minimum(Scalars.like(x, max)) : x;
    };
  }
}
