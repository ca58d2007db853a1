package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** ONNX GlobalAveragePool and GlobalMaxPool: each channel's plane to one number, kept 4-D (N, C, 1, 1). */
final class OnnxGlobalPoolLayer extends OnnxLayer {
  OnnxGlobalPoolLayer() {
    super("GlobalAveragePool", "GlobalMaxPool");
  }

  @Override
  void convert(OnnxNode node) {
    node.layerInput(0);
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    int[] in = inputs.get(0);
    if (in.length != 3) {
      return new int[] {0, 0, 0};
    }
    return empty(in) ? new int[] {0, 0, in[2]} : new int[] {1, 1, in[2]};
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    boolean average = op(layer).equals("GlobalAveragePool");
    return in -> {
      Shape s = in.get(0).getShape();
      NDArray planes = in.get(0).reshape(s.get(0), s.get(1), -1);
      NDArray pooled = average ? planes.mean(new int[] {2}) : planes.max(new int[] {2});
      return pooled.reshape(s.get(0), s.get(1), 1, 1);
    };
  }
}
