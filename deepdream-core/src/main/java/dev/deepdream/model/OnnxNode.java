package dev.deepdream.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.deepdream.model.onnx.OnnxProto.AttributeProto;
import dev.deepdream.model.onnx.OnnxProto.NodeProto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One ONNX node while it is imported: its attributes and inputs as the file has them, and the
 * layer it becomes (the config, the layer inputs and the weights its kind fills in). Inputs that
 * are constants (initializers, Constant nodes) are either weights or folded into the config;
 * the others are the layers that compute them.
 */
final class OnnxNode {
  private final NodeProto node;
  private final Map<String, OnnxTensor> constants;
  private final int opset;
  private final JsonObject config = new JsonObject();
  private final JsonObject weightDims = new JsonObject();
  private final List<String> inputs = new ArrayList<>();
  private final Map<String, OnnxTensor> weights = new java.util.LinkedHashMap<>();

  OnnxNode(NodeProto node, Map<String, OnnxTensor> constants, int opset) {
    this.node = node;
    this.constants = constants;
    this.opset = opset;
  }

  String op() {
    return node.getOpType();
  }

  /** The layer's name: the node's first output, the name users dream on. */
  String output() {
    return node.getOutput(0);
  }

  /** The default domain's opset the graph imports. */
  int opset() {
    return opset;
  }

  /** The node for messages: its name (else its output) and op. */
  String describe() {
    String name = node.getName().isEmpty() ? output() : node.getName();
    return "ONNX node '" + name + "' (" + op() + ")";
  }

  /** An error naming this node and what about it deepdream does not support. */
  UnsupportedLayerException unsupported(String what) {
    return new UnsupportedLayerException(describe() + ": " + what);
  }

  /** The number of inputs the node lists. */
  int inputCount() {
    return node.getInputCount();
  }

  /** True when input {@code i} is given (optional inputs may be missing or empty). */
  boolean present(int i) {
    return i < node.getInputCount() && !node.getInput(i).isEmpty();
  }

  boolean isConstant(int i) {
    return present(i) && constants.containsKey(node.getInput(i));
  }

  /** Input {@code i} (named {@code role} in errors), which must be a constant. */
  OnnxTensor constant(int i, String role) {
    if (!present(i)) {
      throw unsupported("input " + role + " is missing");
    }
    OnnxTensor t = constants.get(node.getInput(i));
    if (t == null) {
      throw unsupported("input " + role + " ('" + node.getInput(i) + "') is computed, not a constant; deepdream needs "
          + "it in the file (an initializer or a Constant node)");
    }
    return t;
  }

  /** Input {@code i} is computed by a layer: it becomes the layer's next input. */
  void layerInput(int i) {
    if (!present(i)) {
      throw unsupported("input " + i + " is missing");
    }
    if (constants.containsKey(node.getInput(i))) {
      throw unsupported("input '" + node.getInput(i) + "' is a constant where deepdream needs a tensor computed from "
          + "the image");
    }
    inputs.add(node.getInput(i));
  }

  /** Input {@code i} (a constant) becomes the weight {@code shortName} of the layer. */
  void weight(int i, String shortName) {
    OnnxTensor t = constant(i, shortName);
    weights.put(shortName, t);
    JsonArray dims = new JsonArray();
    for (long d : t.dims()) {
      dims.add(d);
    }
    weightDims.add(shortName, dims);
  }

  /** The attribute {@code name}, or null. */
  private AttributeProto attribute(String name) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a;
      }
    }
    return null;
  }

  boolean has(String attribute) {
    return attribute(attribute) != null;
  }

  long attrInt(String name, long fallback) {
    AttributeProto a = attribute(name);
    return a == null ? fallback : a.getI();
  }

  double attrFloat(String name, double fallback) {
    AttributeProto a = attribute(name);
    return a == null ? fallback : a.getF();
  }

  String attrString(String name, String fallback) {
    AttributeProto a = attribute(name);
    return a == null ? fallback : a.getS().toString(StandardCharsets.UTF_8);
  }

  /** A tensor attribute's value, or null. */
  OnnxTensor tensorAttribute(String name) {
    AttributeProto a = attribute(name);
    return a == null ? null : OnnxTensor.of(a.getT(), "attribute " + name + " of " + describe());
  }

  /** A list-of-ints attribute, or null. */
  long[] attrInts(String name) {
    AttributeProto a = attribute(name);
    return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }

  /** Sets {@code key} of the layer's config. */
  void set(String key, Number value) {
    config.addProperty(key, value);
  }

  void set(String key, String value) {
    config.addProperty(key, value);
  }

  void set(String key, boolean value) {
    config.addProperty(key, value);
  }

  void set(String key, long[] values) {
    JsonArray a = new JsonArray();
    for (long v : values) {
      a.add(v);
    }
    config.add(key, a);
  }

  /** The layer's config: what the kind set, and the dims of its weights under {@code weights}. */
  JsonObject config() {
    JsonObject c = config.deepCopy();
    if (weightDims.size() > 0) {
      c.add(OnnxLayer.WEIGHTS, weightDims.deepCopy());
    }
    return c;
  }

  /** The layers the layer reads, in order. */
  List<String> inputs() {
    return inputs;
  }

  /** The layer's weights by short name. */
  Map<String, OnnxTensor> weights() {
    return weights;
  }
}
