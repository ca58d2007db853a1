package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BatchNormalization in inference mode: y = x * scale + shift per channel. Folded into the
 * convolution before it when it is that convolution's only reader ({@link ConvolutionLayer}),
 * and then an identity here.
 */
final class BatchNormLayer implements LayerType {
  @Override
  public List<String> names() {
    return List.of("BatchNormalization");
  }

  @Override
  public List<LayerWeights.Expected> weights(LayerSpec layer, int inChannels) {
    List<LayerWeights.Expected> out = new ArrayList<>();
    long[] c = {inChannels};
    if (layer.boolOr("scale", true)) {
      out.add(new LayerWeights.Expected("gamma", c));
    }
    if (layer.boolOr("center", true)) {
      out.add(new LayerWeights.Expected("beta", c));
    }
    out.add(new LayerWeights.Expected("moving_mean", c));
    out.add(new LayerWeights.Expected("moving_variance", c));
    return out;
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return inputs.get(0).clone();
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    if (!onChannels(layer)) {
      throw new UnsupportedLayerException("layer " + layer.name()
          + ": BatchNormalization on an axis other than channels");
    }
    if (context.isFolded(layer.input())) {
      return in -> in.get(0); // already applied by the convolution before it
    }
    Map<String, WeightTensor> lw = context.weights(layer);
    int channels = lw.get("moving_mean").size();
    float[][] ab = affine(layer, lw, channels);
    NDArray scale4 = context.constant(ab[0], new Shape(1, channels, 1, 1));
    NDArray shift4 = context.constant(ab[1], new Shape(1, channels, 1, 1));
    NDArray scale2 = context.constant(ab[0], new Shape(1, channels));
    NDArray shift2 = context.constant(ab[1], new Shape(1, channels));
    return in -> {
      NDArray x = in.get(0);
      boolean image = x.getShape().dimension() == 4;
      return x.mul(image ? scale4 : scale2).add(image ? shift4 : shift2);
    };
  }

  /** True when the batch norm normalises the channel axis (the last, in Keras's layout). */
  static boolean onChannels(LayerSpec bn) {
    var axis = bn.config().get("axis");
    if (axis == null || axis.isJsonNull()) {
      return true;
    }
    int a = axis.isJsonArray() ? axis.getAsJsonArray().get(0).getAsInt() : axis.getAsInt();
    return a == -1 || a == 3;
  }

  /**
   * Folds a batch normalisation's per-channel affine {@code ab} ({scale, shift}) into the weights
   * (output channel first) and bias of the convolution {@code conv} that it alone reads, in place,
   * and tells {@code context}, so the normalisation itself computes the identity.
   */
  static void foldInto(String conv, float[] weight, float[] bias, float[][] ab, LayerContext context) {
    int cout = bias.length;
    int per = weight.length / cout;
    for (int o = 0; o < cout; o++) {
      for (int i = 0; i < per; i++) {
        weight[o * per + i] *= ab[0][o];
      }
      bias[o] = bias[o] * ab[0][o] + ab[1][o];
    }
    context.fold(conv, ab[0], ab[1]);
  }

  /** Batch norm in inference mode as {scale, shift}: y = x * scale + shift. */
  static float[][] affine(LayerSpec bn, Map<String, WeightTensor> lw, int channels) {
    double eps = bn.doubleOr("epsilon", 1e-3);
    float[] mean = lw.get("moving_mean").data();
    float[] var = lw.get("moving_variance").data();
    float[] gamma = lw.get("gamma") == null ? null : lw.get("gamma").data();
    float[] beta = lw.get("beta") == null ? null : lw.get("beta").data();
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      double sc = (gamma == null ? 1.0 : gamma[c]) / Math.sqrt(var[c] + eps);
      scale[c] = (float) sc;
      shift[c] = (float) ((beta == null ? 0.0 : beta[c]) - mean[c] * sc);
    }
    return new float[][] {scale, shift};
  }
}
