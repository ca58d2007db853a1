package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The first layer of an imported network whose pixels need more than a range
 * ({@link InputConvention}): y = (x - mean) / std per channel, R, G, B, then the channels reversed
 * to B, G, R when the network was trained on BGR images. It is a layer, not a preprocessing step,
 * so the dream's gradient reaches the pixels through it and its steps stay in pixel units.
 */
final class InputConventionLayer implements LayerType {
  /** This kind's type name: deepdream's own, no format's. */
  static final String TYPE = "deepdream.InputConvention";

  @Override
  public List<String> names() {
    return List.of(TYPE);
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return inputs.get(0).clone();
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    double[] mean = doubles(layer, "mean", 0);
    double[] std = doubles(layer, "std", 1);
    float[] scale = new float[3];
    float[] shift = new float[3];
    for (int c = 0; c < 3; c++) {
      scale[c] = (float) (1 / std[c]);
      shift[c] = (float) (-mean[c] / std[c]);
    }
    NDArray a = context.constant(scale, new Shape(1, 3, 1, 1));
    NDArray b = context.constant(shift, new Shape(1, 3, 1, 1));
    boolean bgr = layer.boolOr("bgr", false);
    return in -> {
      NDArray y = in.get(0).mul(a).add(b);
      return bgr ? y.flip(1) : y;
    };
  }

  private static double[] doubles(LayerSpec layer, String key, double fallback) {
    double[] out = {fallback, fallback, fallback};
    var a = layer.config().getAsJsonArray(key);
    for (int i = 0; a != null && i < 3; i++) {
      out[i] = a.get(i).getAsDouble();
    }
    return out;
  }
}
