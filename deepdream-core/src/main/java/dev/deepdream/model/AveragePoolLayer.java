package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * AveragePooling2D. With 'same', TensorFlow averages over the real pixels only; DJL's pool
 * counts the padding (it ignores {@code countIncludePad=false}, measured), so the padded average
 * is rescaled by window area / real-pixel count, a small plane computed on the host.
 */
final class AveragePoolLayer implements LayerType {
  @Override
  public List<String> names() {
    return List.of("AveragePooling2D");
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
    Shape none = new Shape(0, 0);
    return in -> {
      NDArray x = in.get(0);
      if (!same) {
        return Pool.avgPool2d(x, kernel, stride, none, false, true);
      }
      int h = (int) x.getShape().get(2);
      int w = (int) x.getShape().get(3);
      int[] ph = Padding.same(h, k[0], s[0], 1);
      int[] pw = Padding.same(w, k[1], s[1], 1);
      NDArray pooled = ph[0] == ph[1] && pw[0] == pw[1]
          ? Pool.avgPool2d(x, kernel, stride, new Shape(ph[0], pw[0]), false, true)
          : Pool.avgPool2d(Windows.padForWindow(x, k, s, 0), kernel, stride, none, false, true);
      int oh = (int) pooled.getShape().get(2);
      int ow = (int) pooled.getShape().get(3);
      NDArray rescale = x.getManager().create(Windows.areaOverCount(h, w, oh, ow, k, s, ph[0], pw[0]),
          new Shape(1, 1, oh, ow));
      return pooled.mul(rescale.toType(x.getDataType(), false));
    };
  }
}
