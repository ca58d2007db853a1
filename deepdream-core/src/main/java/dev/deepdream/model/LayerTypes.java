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
  /** The ONNX ops by op type (their type names carry {@link OnnxLayer#PREFIX}). */
  private static final Map<String, OnnxLayer> ONNX = new LinkedHashMap<>();

  static {
    List<OnnxLayer> onnx = List.of(new OnnxConvLayer(), new OnnxBatchNormLayer(), new OnnxReluLayer(),
        new OnnxClipLayer(), new OnnxSigmoidLayer(), new OnnxMaxPoolLayer(), new OnnxAveragePoolLayer(),
        new OnnxGlobalPoolLayer(), new OnnxLrnLayer(), new OnnxConcatLayer(), new OnnxArithmeticLayer(),
        new OnnxGemmLayer(), new OnnxReshapeLayer(), new OnnxSoftmaxLayer(), new OnnxPadLayer(),
        new OnnxIdentityLayer());
    List<LayerType> all = new ArrayList<>(List.of(new ConvolutionLayer(), new BatchNormLayer(), new ActivationLayer(),
        new ReluLayer(), new MaxPoolLayer(), new AveragePoolLayer(), GlobalPoolLayer.AVERAGE, GlobalPoolLayer.MAX,
        new ZeroPaddingLayer(), new ConcatenateLayer(), new AddLayer(), new FlattenLayer(), new DenseLayer(),
        new IdentityLayer(), new InputConventionLayer()));
    all.addAll(onnx);
    for (LayerType t : all) {
      for (String name : t.names()) {
        BY_NAME.put(name, t);
      }
    }
    for (OnnxLayer t : onnx) {
      for (String op : t.ops()) {
        ONNX.put(op, t);
      }
    }
  }

  private LayerTypes() {}

  /** The kind of {@code layer}; an unsupported one is an error naming the layer and the supported kinds. */
  static LayerType of(LayerSpec layer) {
    LayerType t = BY_NAME.get(layer.type());
    if (t == null) {
      throw new UnsupportedLayerException("layer " + layer.name() + " has type " + layer.type()
          + ", which deepdream does not support (supported: " + String.join(", ", supported().stream()
              .filter(n -> !n.contains(".")).toList()) + ", and ONNX's ops as onnx.*)");
    }
    return t;
  }

  /** The kind that reads ONNX op {@code opType}, or null. */
  static OnnxLayer onnx(String opType) {
    return ONNX.get(opType);
  }

  /** The ONNX ops deepdream reads (Constant besides: its values are folded at import). */
  static List<String> onnxOps() {
    return new ArrayList<>(ONNX.keySet());
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
