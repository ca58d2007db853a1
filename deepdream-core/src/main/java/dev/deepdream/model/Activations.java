package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Keras's activation functions by name, as ops (an Activation layer's, or a layer's own activation). */
final class Activations {
  private Activations() {}

  /** The op for activation {@code name} of {@code layer}. */
  static LayerOp of(LayerSpec layer, String name) {
    switch (name) {
      case "linear":
        return in -> in.get(0);
      case "relu":
        return in -> Activation.relu(in.get(0));
      case "relu6":
        return in -> Activation.relu(in.get(0)).minimum(Scalars.like(in.get(0), 6)); // not relu6: see Scalars
      case "sigmoid":
        return in -> Activation.sigmoid(in.get(0));
      case "tanh":
        return in -> Activation.tanh(in.get(0));
      case "softmax":
        return in -> softmax(in.get(0));
      case "swish":
      case "silu":
        return in -> in.get(0).mul(Activation.sigmoid(in.get(0))); // x * sigmoid(x); not swish(x, 1): see Scalars
      default:
        throw new UnsupportedLayerException("layer " + layer.name() + " uses activation '" + name
            + "', which deepdream does not support (supported: linear, relu, relu6, sigmoid, tanh, softmax, swish)");
    }
  }

  private static NDArray softmax(NDArray x) {
    return x.softmax(x.getShape().dimension() == 4 ? 1 : -1);
  }
}
