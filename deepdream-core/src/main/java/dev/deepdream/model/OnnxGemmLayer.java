package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;

/**
 * ONNX Gemm (Y = alpha * A * B' + beta * C, B transposed when transB) and MatMul (A * B) of a
 * vector A with a constant matrix B: a classifier's fully connected layer. B becomes the (in x out)
 * matrix once, at compile time. A layer fed by a flattened image of another size than the file's
 * is empty at that size: its weights fix the input size.
 */
final class OnnxGemmLayer extends OnnxLayer {
  OnnxGemmLayer() {
    super("Gemm", "MatMul");
  }

  @Override
  void convert(OnnxNode node) {
    node.layerInput(0);
    OnnxTensor b = node.constant(1, "B");
    if (b.dims().length != 2) {
      throw node.unsupported("B has dims " + text(b.dims()) + "; deepdream multiplies vectors by matrices");
    }
    node.weight(1, "B");
    boolean gemm = node.op().equals("Gemm");
    if (gemm && node.attrInt("transA", 0) != 0) {
      throw node.unsupported("transA 1 (deepdream multiplies a vector by a matrix)");
    }
    boolean transB = gemm && node.attrInt("transB", 0) != 0;
    if (gemm && node.present(2)) {
      long n = OnnxTensor.count(node.constant(2, "C").dims());
      if (n != 1 && n != b.dims()[transB ? 0 : 1]) {
        throw node.unsupported("C has dims " + text(node.constant(2, "C").dims()) + "; deepdream adds one bias per "
            + "output");
      }
      node.weight(2, "C");
    }
    node.set("transB", transB ? 1 : 0);
    node.set("alpha", gemm ? node.attrFloat("alpha", 1) : 1);
    node.set("beta", gemm ? node.attrFloat("beta", 1) : 1);
    node.set("in_features", b.dims()[transB ? 1 : 0]);
    node.set("units", b.dims()[transB ? 0 : 1]);
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    int[] in = inputs.get(0);
    return new int[] {in.length == 1 && in[0] == layer.intOr("in_features", 0) ? layer.intOr("units", 0) : 0};
  }

  @Override
  public long multiplyAdds(LayerSpec layer, List<int[]> inputs, int[] out) {
    return (long) layer.intOr("in_features", 0) * out[0];
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    Map<String, WeightTensor> lw = context.weights(layer);
    int k = layer.intOr("in_features", 0);
    int m = layer.intOr("units", 0);
    boolean transB = layer.intOr("transB", 0) != 0;
    double alpha = layer.doubleOr("alpha", 1);
    float[] b = lw.get("B").data();
    float[] matrix = new float[k * m];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < m; j++) {
        matrix[i * m + j] = (float) (alpha * (transB ? b[j * k + i] : b[i * m + j]));
      }
    }
    NDArray w = context.constant(matrix, new Shape(k, m));
    WeightTensor c = lw.get("C");
    NDArray bias = null;
    if (c != null) {
      float[] v = new float[m];
      for (int j = 0; j < m; j++) {
        v[j] = (float) (layer.doubleOr("beta", 1) * c.data()[c.size() == 1 ? 0 : j]);
      }
      bias = context.constant(v, new Shape(1, m));
    }
    NDArray finalBias = bias;
    String name = layer.name();
    return in -> {
      NDArray x = in.get(0);
      if (x.getShape().dimension() != 2 || x.getShape().get(1) != k) {
        throw new IllegalArgumentException("layer " + name + " takes " + k + " features, and this input size gives it "
            + x.getShape() + ": its weights fix the image size to the file's own");
      }
      NDArray y = x.matMul(w);
      return finalBias == null ? y : y.add(finalBias);
    };
  }
}
