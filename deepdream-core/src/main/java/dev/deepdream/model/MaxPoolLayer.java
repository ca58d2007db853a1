package dev.deepdream.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/** MaxPooling2D; with 'same', padded with -infinity, which never wins a max. */
final class MaxPoolLayer implements LayerType {
  @Override
  public List<String> names() {
    return List.of("MaxPooling2D");
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return Windows.poolShape(layer, inputs.get(0));
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    int[] k = layer.pair("pool_size", 2);
    int[] s = layer.pair("strides", k[0]);
    boolean same = Windows.same(layer);
    Shape kernel = new Shape(k[0], k[1]);
    Shape stride = new Shape(s[0], s[1]);
    return in -> Pool.maxPool2d(same ? Windows.padForWindow(in.get(0), k, s, Float.NEGATIVE_INFINITY) : in.get(0),
        kernel, stride, new Shape(0, 0), false);
  }
}
