package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What compiling a layer may use: its weights, constants on the network's manager in its type,
 * the graph (to look at a layer's readers), the execution plan of the moment, and the record of
 * batch norms folded into the convolution before them.
 */
final class LayerContext {
  /** Per-channel y = x * scale + shift, shaped (1, C, 1, 1). */
  record Affine(NDArray scale, NDArray shift) {}

  private final KerasGraph graph;
  private final Map<String, Map<String, WeightTensor>> weights;
  private final NDManager manager;
  private final DataType dataType;
  private final Supplier<ExecutionPlan> plan;
  private final Map<String, Affine> folded = new HashMap<>();

  LayerContext(KerasGraph graph, Map<String, Map<String, WeightTensor>> weights, NDManager manager, DataType dataType,
      Supplier<ExecutionPlan> plan) {
    this.graph = graph;
    this.weights = weights;
    this.manager = manager;
    this.dataType = dataType;
    this.plan = plan;
  }

  KerasGraph graph() {
    return graph;
  }

  /** {@code layer}'s weights by short name ("kernel", "bias", ...), checked against its kind. */
  Map<String, WeightTensor> weights(LayerSpec layer) {
    return weights.get(layer.name());
  }

  /** The plan the network computes by at the time an op runs (it may change between passes). */
  ExecutionPlan plan() {
    return plan.get();
  }

  /** A weight or constant of the network, in its type, alive until the network closes. */
  NDArray constant(float[] values, Shape shape) {
    NDArray a = manager.create(values, shape);
    if (dataType == DataType.FLOAT32) {
      return a;
    }
    NDArray converted = a.toType(dataType, false);
    a.close();
    return converted;
  }

  /** The only reader of {@code layer}, or null when it has none or several. */
  LayerSpec onlyReader(LayerSpec layer) {
    LayerSpec only = null;
    for (LayerSpec l : graph.layers()) {
      if (l.inputs().contains(layer.name())) {
        if (only != null) {
          return null;
        }
        only = l;
      }
    }
    return only;
  }

  /** Records that {@code conv} computes its batch norm's output, y = conv * scale + shift. */
  void fold(String conv, float[] scale, float[] shift) {
    Shape s = new Shape(1, scale.length, 1, 1);
    folded.put(conv, new Affine(constant(scale, s), constant(shift, s)));
  }

  /** True when the batch norm after {@code conv} was folded into it. */
  boolean isFolded(String conv) {
    return folded.containsKey(conv);
  }

  /** The folded convolutions and their batch norms' affines. */
  Map<String, Affine> folded() {
    return folded;
  }
}
