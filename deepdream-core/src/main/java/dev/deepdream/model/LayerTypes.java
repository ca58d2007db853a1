package dev.deepdream.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The layer kinds the interpreter supports, by class name. */
final class LayerTypes {
  /** The input of the graph: no op of its own (the network's input is its value). */
  static final String INPUT = "InputLayer";

  private static final Map<String, LayerType> BY_NAME = new LinkedHashMap<>();

  static {
    for (LayerType t : List.of(new ConvolutionLayer(), new BatchNormLayer(), new ActivationLayer(), new ReluLayer(),
        new MaxPoolLayer(), new AveragePoolLayer(), GlobalPoolLayer.AVERAGE, GlobalPoolLayer.MAX,
        new ZeroPaddingLayer(), new ConcatenateLayer(), new AddLayer(), new FlattenLayer(), new DenseLayer(),
        new IdentityLayer())) {
      for (String name : t.names()) {
        BY_NAME.put(name, t);
      }
    }
  }

  private LayerTypes() {}

  /** The kind of {@code layer}; an unsupported one is an error naming the layer and the supported kinds. */
  static LayerType of(LayerSpec layer) {
    LayerType t = BY_NAME.get(layer.type());
    if (t == null) {
      throw new UnsupportedLayerException("layer " + layer.name() + " has type " + layer.type()
          + ", which deepdream does not support (supported: " + String.join(", ", supported()) + ")");
    }
    return t;
  }

  /** True when {@code layer} is a convolution. */
  static boolean isConvolution(LayerSpec layer) {
    LayerType t = BY_NAME.get(layer.type());
    return t != null && t.convolution();
  }

  /** Every supported class name, the input first. */
  static List<String> supported() {
    List<String> out = new ArrayList<>();
    out.add(INPUT);
    out.addAll(BY_NAME.keySet());
    return out;
  }
}
