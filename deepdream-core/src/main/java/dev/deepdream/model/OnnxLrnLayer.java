package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * ONNX LRN, local response normalisation across channels (GoogLeNet's pool1/norm1, conv2/norm2):
 * y = x / (bias + alpha / size * sum of x^2 over the channels c - floor((size - 1) / 2) ..
 * c + ceil((size - 1) / 2))^beta. The sum is the engine's average pool over the channel axis of the
 * squares, times size, so the gradient flows through engine ops.
 */
final class OnnxLrnLayer extends OnnxLayer {
  OnnxLrnLayer() {
    super("LRN");
  }

  @Override
  void convert(OnnxNode node) {
    node.layerInput(0);
    long size = node.attrInt("size", 0);
    if (size < 1) {
      throw node.unsupported("size " + size + " (LRN needs a window of at least one channel)");
    }
    node.set("size", size);
    node.set("alpha", node.attrFloat("alpha", 1e-4));
    node.set("beta", node.attrFloat("beta", 0.75));
    node.set("bias", node.attrFloat("bias", 1.0));
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return inputs.get(0).clone();
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    int size = layer.intOr("size", 1);
    double alpha = layer.doubleOr("alpha", 1e-4);
    double beta = layer.doubleOr("beta", 0.75);
    double bias = layer.doubleOr("bias", 1.0);
    int before = (size - 1) / 2;
    int after = size - 1 - before;
    return in -> {
      NDArray x = in.get(0);
      Shape s = x.getShape();
      // The squares as (N, 1, C, H*W): a window of (size, 1) slides over the channels.
      NDArray squares = x.mul(x).reshape(s.get(0), 1, s.get(1), -1);
      NDArray padded = squares.pad(new Shape(0, 0, before, after), 0);
      NDArray mean = Pool.avgPool2d(padded, new Shape(size, 1), new Shape(1, 1), new Shape(0, 0), false, true);
      NDArray base = mean.reshape(s).mul(Scalars.like(x, alpha)).add(Scalars.like(x, bias));
      return x.div(base.pow(Scalars.like(x, beta)));
    };
  }
}
