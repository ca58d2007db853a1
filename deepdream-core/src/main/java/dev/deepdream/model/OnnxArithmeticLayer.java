package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * ONNX Add, Sub, Mul and Div with numpy's broadcasting: of two computed tensors (a residual
 * connection, a squeeze-and-excite gate) or of one and a constant, which becomes the layer's
 * weight {@code K} (a bias, a scale, a mean baked into the graph); {@code constant_index} says
 * which operand it is.
 */
final class OnnxArithmeticLayer extends OnnxLayer {
  OnnxArithmeticLayer() {
    super("Add", "Sub", "Mul", "Div");
  }

  @Override
  void convert(OnnxNode node) {
    int constant = -1;
    for (int i = 0; i < 2; i++) {
      if (node.isConstant(i)) {
        node.weight(i, "K");
        constant = i;
      } else {
        node.layerInput(i);
      }
    }
    node.set("constant_index", constant);
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    int constant = layer.intOr("constant_index", -1);
    long[] a = constant == 0 ? weightDims(layer, "K") : nchw(inputs.get(0));
    long[] b = constant == 1 ? weightDims(layer, "K") : nchw(inputs.get(constant == 0 ? 0 : 1));
    int[] out = shape(broadcast(a, b));
    return empty(inputs.get(0)) || (inputs.size() > 1 && empty(inputs.get(1))) ? emptyLike(out) : out;
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    int constant = layer.intOr("constant_index", -1);
    String op = op(layer);
    WeightTensor k = constant < 0 ? null : context.weights(layer).get("K");
    NDArray value = k == null ? null : context.constant(k.data(), new Shape(k.shape()));
    return in -> {
      NDArray a = constant == 0 ? value : in.get(0);
      NDArray b = constant == 1 ? value : in.get(constant == 0 ? 0 : 1);
      return switch (op) {
        case "Add" -> a.add(b);
        case "Sub" -> a.sub(b);
        case "Mul" -> a.mul(b);
        default -> a.div(b);
      };
    };
  }
}
