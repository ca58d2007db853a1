package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;

/**
 * ONNX BatchNormalization in inference mode: y = (x - mean) / sqrt(var + epsilon) * scale + B per
 * channel (axis 1). Folded into the Conv before it when it is that Conv's only reader
 * ({@link OnnxConvLayer}), and then an identity here.
 */
final class OnnxBatchNormLayer extends OnnxLayer {
  OnnxBatchNormLayer() {
    super("BatchNormalization");
  }

  @Override
  void convert(OnnxNode node) {
    node.layerInput(0);
    node.weight(1, "scale");
    node.weight(2, "B");
    node.weight(3, "mean");
    node.weight(4, "var");
    node.set("epsilon", node.attrFloat("epsilon", 1e-5));
  }

  @Override
  public List<LayerWeights.Expected> weights(LayerSpec layer, int inChannels) {
    long[] c = {inChannels};
    return List.of(new LayerWeights.Expected("scale", c), new LayerWeights.Expected("B", c),
        new LayerWeights.Expected("mean", c), new LayerWeights.Expected("var", c));
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return inputs.get(0).clone();
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    if (context.isFolded(layer.input())) {
      return in -> in.get(0); // already applied by the convolution before it
    }
    float[][] ab = affine(layer, context.weights(layer));
    int c = ab[0].length;
    NDArray scale4 = context.constant(ab[0], new Shape(1, c, 1, 1));
    NDArray shift4 = context.constant(ab[1], new Shape(1, c, 1, 1));
    NDArray scale2 = context.constant(ab[0], new Shape(1, c));
    NDArray shift2 = context.constant(ab[1], new Shape(1, c));
    return in -> {
      NDArray x = in.get(0);
      boolean image = x.getShape().dimension() == 4;
      return x.mul(image ? scale4 : scale2).add(image ? shift4 : shift2);
    };
  }

  /** The batch norm as {scale, shift}: y = x * scale + shift, computed in double. */
  static float[][] affine(LayerSpec bn, Map<String, WeightTensor> lw) {
    double eps = bn.doubleOr("epsilon", 1e-5);
    float[] gamma = lw.get("scale").data();
    float[] beta = lw.get("B").data();
    float[] mean = lw.get("mean").data();
    float[] var = lw.get("var").data();
    float[] scale = new float[mean.length];
    float[] shift = new float[mean.length];
    for (int c = 0; c < mean.length; c++) {
      double sc = gamma[c] / Math.sqrt(var[c] + eps);
      scale[c] = (float) sc;
      shift[c] = (float) (beta[c] - mean[c] * sc);
    }
    return new float[][] {scale, shift};
  }
}
