package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * ONNX Softmax. Before opset 13 it flattens the input into 2-D at {@code axis} (default 1) and
 * normalises each row; since then it normalises along {@code axis} alone (default -1). On the
 * class vector of a classifier both are the softmax over the classes.
 */
final class OnnxSoftmaxLayer extends OnnxLayer {
  OnnxSoftmaxLayer() {
    super("Softmax");
  }

  @Override
  void convert(OnnxNode node) {
    node.layerInput(0);
    boolean coerce = node.opset() < 13;
    node.set("axis", node.attrInt("axis", coerce ? 1 : -1));
    node.set("coerce_2d", coerce);
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return inputs.get(0).clone();
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    int axis = layer.intOr("axis", -1);
    boolean coerce = layer.boolOr("coerce_2d", false);
    return in -> {
      NDArray x = in.get(0);
      Shape s = x.getShape();
      int a = axis < 0 ? axis + s.dimension() : axis;
      if (!coerce || a == s.dimension() - 1) {
        return x.softmax(a);
      }
      long rows = 1;
      for (int i = 0; i < a; i++) {
        rows *= s.get(i);
      }
      return x.reshape(rows, -1).softmax(1).reshape(s);
    };
  }
}
