package dev.deepdream.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.deepdream.model.onnx.OnnxProto.AttributeProto;
import dev.deepdream.model.onnx.OnnxProto.GraphProto;
import dev.deepdream.model.onnx.OnnxProto.ModelProto;
import dev.deepdream.model.onnx.OnnxProto.NodeProto;
import dev.deepdream.model.onnx.OnnxProto.OperatorSetIdProto;
import dev.deepdream.model.onnx.OnnxProto.TensorProto;
import dev.deepdream.model.onnx.OnnxProto.TensorShapeProto;
import dev.deepdream.model.onnx.OnnxProto.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model file (a ModelProto, parsed by the classes protoc generates from ONNX's published
 * schema) as deepdream's form of a network: a model config whose layers are the nodes, each named
 * by its output tensor and typed by its op ({@link OnnxLayer}), and the float32 weights its kinds
 * took from the constants, named {@code <layer>/<short name>}. Constants that are not weights
 * (Reshape's shape, Pad's pads, Clip's bounds) are folded into the configs. The network's input is
 * the pixels in the convention's range; when the convention has more (mean, std, BGR) a first
 * layer of its own ({@link InputConventionLayer}) computes the tensor the graph's input names.
 * A Caffe2-converted graph gets Caffe's plain names as well ({@link OnnxNames}).
 */
final class OnnxImport {
  /** What deepdream names the pixels when the graph's input name is taken by the convention layer. */
  private static final String PIXELS = "pixels";
  /** The side shapes are checked at when the file leaves its input size open. */
  private static final int OPEN_SIDE = 224;

  /**
   * The network read from a file.
   *
   * @param modelConfig the topology ({@code {class_name, config}}), as the cache stores it
   * @param weights every layer's weights
   * @param height the input height the file declares, -1 when open
   * @param width the input width the file declares, -1 when open
   * @param defaultLayer a layer worth dreaming on by default (a middle block's output)
   */
  record Result(JsonObject modelConfig, WeightSet weights, int height, int width, String defaultLayer) {}

  private OnnxImport() {}

  /**
   * Reads {@code bytes} (named {@code what} in errors) for pixels taken by {@code input}.
   *
   * @throws ModelFormatException when the bytes are not a model deepdream can read
   * @throws UnsupportedLayerException naming the first node whose op (or use of it) is not supported
   */
  static Result read(byte[] bytes, String what, InputConvention input) {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new ModelFormatException(what + " is not an ONNX model (" + e.getMessage() + ")");
    }
    GraphProto g = model.getGraph();
    if (g.getNodeCount() == 0) {
      throw new ModelFormatException(what + " is not an ONNX model deepdream can read: its graph has no nodes");
    }
    int opset = opset(model);
    Map<String, OnnxTensor> constants = new HashMap<>();
    for (TensorProto t : g.getInitializerList()) {
      constants.put(t.getName(), OnnxTensor.of(t, "initializer " + t.getName()));
    }
    ValueInfoProto image = imageInput(g, constants, what);
    long[] dims = declaredDims(image, what);
    Map<String, String> names = layerNames(g, image.getName());
    String inputName = names.get(image.getName());
    List<JsonObject> layers = new ArrayList<>();
    String pixels = inputName;
    if (!input.rangeOnly()) {
      pixels = PIXELS;
      for (int i = 2; names.containsValue(pixels); i++) {
        pixels = PIXELS + i;
      }
    }
    layers.add(layer(pixels, LayerTypes.INPUT, inputConfig(dims), List.of()));
    if (!input.rangeOnly()) {
      layers.add(layer(inputName, InputConventionLayer.TYPE, conventionConfig(input), List.of(pixels)));
    }
    WeightSet weights = new WeightSet();
    Set<String> computed = new HashSet<>(List.of(image.getName()));
    Set<String> unused = new HashSet<>();
    for (NodeProto n : g.getNodeList()) {
      convert(n, opset, constants, computed, unused, names, layers, weights);
    }
    OnnxNames.addAliases(layers);
    JsonObject modelConfig = modelConfig(g.getName().isEmpty() ? "onnx" : g.getName(), layers, pixels);
    KerasGraph graph = KerasGraph.fromConfig(modelConfig);
    int h = dims[2] > 0 ? (int) dims[2] : OPEN_SIDE;
    int w = dims[3] > 0 ? (int) dims[3] : OPEN_SIDE;
    Map<String, int[]> shapes = LayerShapes.infer(graph, h, w);
    for (LayerSpec l : graph.layers()) {
      if (!LayerShapes.valid(shapes.get(l.name()))) {
        throw new UnsupportedLayerException("layer " + l.name() + " (" + l.type() + ") of " + what + " computes "
            + "nothing at the file's own input size " + w + "x" + h + ": deepdream cannot run it (tensors other than "
            + "images [1, C, H, W] and vectors [1, N], or inputs that do not fit)");
      }
    }
    return new Result(modelConfig, weights, (int) dims[2], (int) dims[3], OnnxNames.defaultLayer(graph, shapes));
  }

  private static void convert(NodeProto n, int opset, Map<String, OnnxTensor> constants, Set<String> computed,
      Set<String> unused, Map<String, String> names, List<JsonObject> layers, WeightSet weights) {
    OnnxNode node = new OnnxNode(n, constants, opset);
    if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
      throw node.unsupported("an op of domain " + n.getDomain() + ", which deepdream does not support (it reads "
          + "ONNX's own ops: " + String.join(", ", LayerTypes.onnxOps()) + ", Constant)");
    }
    if (n.getOutputCount() == 0 || n.getOutput(0).isEmpty()) {
      throw node.unsupported("no output");
    }
    if (n.getOpType().equals("Constant")) {
      constants.put(n.getOutput(0), constantValue(n, node));
      return;
    }
    boolean anyComputed = false;
    List<OnnxTensor> values = new ArrayList<>();
    for (String i : n.getInputList()) {
      anyComputed |= !i.isEmpty() && !constants.containsKey(i);
      values.add(i.isEmpty() ? null : constants.get(i));
    }
    if (!anyComputed) {
      if (!OnnxConstants.OPS.contains(n.getOpType())) {
        throw node.unsupported("it computes from constants alone, which deepdream folds for "
            + String.join(", ", OnnxConstants.OPS) + " only");
      }
      try {
        constants.put(n.getOutput(0), OnnxConstants.fold(node, values));
      } catch (RuntimeException e) {
        throw node.unsupported("its constants cannot be folded (" + e + ")");
      }
      return;
    }
    OnnxLayer kind = LayerTypes.onnx(n.getOpType());
    if (kind == null) {
      throw new UnsupportedLayerException(node.describe() + " is an op deepdream does not support (it reads: "
          + String.join(", ", LayerTypes.onnxOps()) + ", Constant)");
    }
    kind.convert(node);
    for (String in : node.inputs()) {
      if (unused.contains(in)) {
        throw node.unsupported("it reads '" + in + "', another output of a node, which deepdream does not compute");
      }
      if (!computed.contains(in)) {
        throw node.unsupported("it reads '" + in + "', which no node before it computes");
      }
    }
    if (!computed.add(node.output())) {
      throw new ModelFormatException("tensor " + node.output() + " is computed twice");
    }
    for (int i = 1; i < n.getOutputCount(); i++) {
      unused.add(n.getOutput(i)); // Dropout's mask, MaxPool's indices, BatchNormalization's running stats
    }
    String name = names.get(node.output());
    JsonObject config = node.config();
    if (!name.equals(node.output())) {
      config.addProperty("onnx_name", node.output()); // the tensor's own name, for tools that read the file
    }
    layers.add(layer(name, OnnxLayer.PREFIX + n.getOpType(), config, node.inputs().stream().map(names::get).toList()));
    node.weights().forEach((shortName, t) -> weights.add(t.weight(name + "/" + shortName)));
  }

  /** The version of ONNX's own opset the model imports (1 when it says none: the oldest files). */
  private static int opset(ModelProto model) {
    for (OperatorSetIdProto o : model.getOpsetImportList()) {
      if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
        return (int) o.getVersion();
      }
    }
    return 1;
  }

  /** The one graph input that is not an initializer: the image. */
  private static ValueInfoProto imageInput(GraphProto g, Map<String, OnnxTensor> constants, String what) {
    List<ValueInfoProto> inputs = g.getInputList().stream().filter(i -> !constants.containsKey(i.getName())).toList();
    if (inputs.size() != 1) {
      throw new UnsupportedLayerException(what + " has " + inputs.size() + " inputs besides its weights ("
          + String.join(", ", inputs.stream().map(ValueInfoProto::getName).toList()) + "); deepdream dreams on "
          + "graphs with one image input");
    }
    return inputs.get(0);
  }

  /** The input's dims [1, 3, H, W], -1 for a size left open. */
  private static long[] declaredDims(ValueInfoProto image, String what) {
    String name = "input '" + image.getName() + "' of " + what;
    if (!image.getType().hasTensorType()) {
      throw new UnsupportedLayerException(name + " is not a tensor");
    }
    if (image.getType().getTensorType().getElemType() != 1) {
      throw new UnsupportedLayerException(name + " has element type " + image.getType().getTensorType().getElemType()
          + "; deepdream feeds float (1) pixels");
    }
    List<TensorShapeProto.Dimension> d = image.getType().getTensorType().getShape().getDimList();
    if (d.size() != 4) {
      throw new UnsupportedLayerException(name + " has " + d.size() + " dimensions; deepdream feeds images as "
          + "[1, 3, H, W]");
    }
    long[] dims = new long[4];
    for (int i = 0; i < 4; i++) {
      dims[i] = d.get(i).hasDimValue() && d.get(i).getDimValue() > 0 ? d.get(i).getDimValue() : -1;
    }
    if (dims[1] != 3 && dims[1] != -1) {
      throw new UnsupportedLayerException(name + " is " + shapeText(dims) + (dims[3] == 3
          ? ", channels last (NHWC); deepdream runs channels-first (NCHW) graphs: export it with [1, 3, H, W]"
          : "; deepdream feeds 3 channels (RGB), [1, 3, H, W]"));
    }
    return dims;
  }

  private static String shapeText(long[] dims) {
    return OnnxLayer.text(dims).replace("-1", "?");
  }

  /**
   * The layer name of each computed tensor: its own name where the objective text can name it,
   * else with a leading '/' dropped and other characters than letters, digits, '_', '.' and '/'
   * made '_' (PyTorch's {@code /layer1/conv/Conv_output_0} is {@code layer1/conv/Conv_output_0},
   * {@code onnx::Conv_7} is {@code onnx__Conv_7}), made unique.
   */
  private static Map<String, String> layerNames(GraphProto g, String input) {
    List<String> tensors = new ArrayList<>(List.of(input));
    g.getNodeList().forEach(n -> tensors.addAll(n.getOutputList()));
    Map<String, String> out = new java.util.LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    for (String t : tensors) {
      if (t.isEmpty() || out.containsKey(t)) {
        continue;
      }
      String name = t.matches(NAME) ? t : t.replaceFirst("^/+", "").replaceAll("[^A-Za-z0-9_./]", "_");
      name = name.isEmpty() || !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_' ? "_" + name : name;
      String unique = name;
      for (int i = 2; (!unique.equals(t) && tensors.contains(unique)) || !used.add(unique); i++) {
        unique = name + "_" + i;
      }
      out.put(t, unique);
    }
    return out;
  }

  /** The names the objective text reads (ObjectiveParser.LAYER_NAME), which layer names keep to. */
  private static final String NAME = "[A-Za-z_][A-Za-z0-9_./]*";

  /** A Constant node's value: its tensor, or one of the scalar and list forms (since opset 12). */
  private static OnnxTensor constantValue(NodeProto n, OnnxNode node) {
    for (AttributeProto a : n.getAttributeList()) {
      switch (a.getName()) {
        case "value":
          return OnnxTensor.of(a.getT(), "the value of " + node.describe());
        case "value_float":
          return new OnnxTensor(new long[0], new double[] {a.getF()});
        case "value_int":
          return new OnnxTensor(new long[0], new double[] {a.getI()}, true);
        case "value_floats":
          return new OnnxTensor(new long[] {a.getFloatsCount()},
              a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray());
        case "value_ints":
          return new OnnxTensor(new long[] {a.getIntsCount()},
              a.getIntsList().stream().mapToDouble(Long::doubleValue).toArray(), true);
        default:
          break;
      }
    }
    throw node.unsupported("a value deepdream does not read (a sparse tensor or strings)");
  }

  private static JsonObject inputConfig(long[] dims) {
    JsonArray shape = new JsonArray(); // Keras's order, N H W C, which the interpreter reads
    shape.add(JsonNull.INSTANCE);
    shape.add(dims[2] > 0 ? new com.google.gson.JsonPrimitive(dims[2]) : JsonNull.INSTANCE);
    shape.add(dims[3] > 0 ? new com.google.gson.JsonPrimitive(dims[3]) : JsonNull.INSTANCE);
    shape.add(3);
    JsonObject c = new JsonObject();
    c.add("batch_input_shape", shape);
    return c;
  }

  private static JsonObject conventionConfig(InputConvention input) {
    JsonObject c = new JsonObject();
    JsonArray mean = new JsonArray();
    JsonArray std = new JsonArray();
    for (int i = 0; i < 3; i++) {
      mean.add(input.mean()[i]);
      std.add(input.std()[i]);
    }
    c.add("mean", mean);
    c.add("std", std);
    c.addProperty("bgr", input.bgr());
    c.addProperty(ModelInfo.HIDDEN, true);
    return c;
  }

  /** A layer as a functional Keras config lists it. */
  static JsonObject layer(String name, String type, JsonObject config, List<String> inputs) {
    JsonObject l = new JsonObject();
    l.addProperty("name", name);
    l.addProperty("class_name", type);
    l.add("config", config);
    JsonArray node = new JsonArray();
    for (String in : inputs) {
      JsonArray ref = new JsonArray();
      ref.add(in);
      ref.add(0);
      ref.add(0);
      ref.add(new JsonObject());
      node.add(ref);
    }
    JsonArray nodes = new JsonArray();
    if (!inputs.isEmpty()) {
      nodes.add(node);
    }
    l.add("inbound_nodes", nodes);
    return l;
  }

  private static JsonObject modelConfig(String name, List<JsonObject> layers, String input) {
    JsonArray list = new JsonArray();
    layers.forEach(list::add);
    JsonObject c = new JsonObject();
    c.addProperty("name", name);
    c.add("layers", list);
    JsonArray in = new JsonArray();
    JsonArray ref = new JsonArray();
    ref.add(input);
    ref.add(0);
    ref.add(0);
    in.add(ref);
    c.add("input_layers", in);
    JsonObject m = new JsonObject();
    m.addProperty("class_name", "Model");
    m.addProperty("format", "onnx");
    m.add("config", c);
    return m;
  }
}
