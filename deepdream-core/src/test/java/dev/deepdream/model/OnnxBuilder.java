package dev.deepdream.model;

import com.google.protobuf.ByteString;
import dev.deepdream.model.onnx.OnnxProto.AttributeProto;
import dev.deepdream.model.onnx.OnnxProto.GraphProto;
import dev.deepdream.model.onnx.OnnxProto.ModelProto;
import dev.deepdream.model.onnx.OnnxProto.NodeProto;
import dev.deepdream.model.onnx.OnnxProto.OperatorSetIdProto;
import dev.deepdream.model.onnx.OnnxProto.TensorProto;
import dev.deepdream.model.onnx.OnnxProto.TensorShapeProto;
import dev.deepdream.model.onnx.OnnxProto.TypeProto;
import dev.deepdream.model.onnx.OnnxProto.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small ONNX models built in code with the generated classes, for tests of single ops and of errors. */
final class OnnxBuilder {
  private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
  private final int opset;
  private final Random random = new Random(5);
  private final List<String> outputs = new ArrayList<>();

  /** A graph of {@code opset} whose input {@code x} is [1, 3, h, w] with the size left open. */
  OnnxBuilder(int opset) {
    this(opset, "x", 1, 3, -1, -1);
  }

  OnnxBuilder(int opset, String input, long... dims) {
    this.opset = opset;
    graph.addInput(value(input, dims));
  }

  static ValueInfoProto value(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(d > 0 ? TensorShapeProto.Dimension.newBuilder().setDimValue(d)
          : TensorShapeProto.Dimension.newBuilder().setDimParam("d" + shape.getDimCount()));
    }
    TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(1);
    if (dims.length > 0) {
      t.setShape(shape);
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
  }

  /** Adds a node computing {@code output}; it is also a graph output, so ONNX Runtime reports it. */
  OnnxBuilder node(String op, String output, List<String> inputs, AttributeProto... attributes) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output + "_node").addOutput(output)
        .addAllInput(inputs);
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    graph.addNode(n);
    outputs.add(output);
    return this;
  }

  /** Adds a node whose output is not reported (a Constant). */
  OnnxBuilder hidden(NodeProto n) {
    graph.addNode(n);
    return this;
  }

  /** Adds an initializer of random values (scaled by {@code scale}) and returns its name. */
  String weight(String name, double scale, long... dims) {
    float[] v = new float[(int) OnnxTensor.count(dims)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextGaussian() * scale);
    }
    graph.addInitializer(floats(name, dims, v));
    return name;
  }

  /** Adds an initializer of the given values and returns its name. */
  String constant(String name, long[] dims, float... values) {
    graph.addInitializer(floats(name, dims, values));
    return name;
  }

  /** Adds an int64 initializer (shapes, pads, axes) and returns its name. */
  String longs(String name, long... values) {
    graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(7).addDims(values.length)
        .addAllInt64Data(java.util.Arrays.stream(values).boxed().toList()));
    return name;
  }

  static TensorProto floats(String name, long[] dims, float[] values) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(1).setRawData(ByteString.copyFrom(
        b.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  static AttributeProto ints(String name, long... v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
        .addAllInts(java.util.Arrays.stream(v).boxed().toList()).build();
  }

  static AttributeProto i(String name, long v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
  }

  static AttributeProto f(String name, double v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) v)
        .build();
  }

  static AttributeProto s(String name, String v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(v)).build();
  }

  /** The model's bytes, every node's output a graph output. */
  byte[] bytes() {
    GraphProto.Builder g = graph.clone();
    for (String o : outputs) {
      g.addOutput(value(o));
    }
    return ModelProto.newBuilder().setIrVersion(7).setProducerName("deepdream tests")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(g).build()
        .toByteArray();
  }

  /** The names of the nodes' outputs, in order. */
  List<String> outputs() {
    return outputs;
  }
}
