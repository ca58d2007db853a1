package dev.deepdream.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Keras network run by one interpreter on DJL ops. Any layer's output can be asked for by
 * name, and only the layers it depends on are computed. Tensors are NCHW (batch, channels,
 * height, width) on the device given at build time; weights live until {@link #close()}.
 *
 * <p>Each layer is compiled by its kind ({@link LayerType}: shape, weights and ops in one
 * place). Batch normalisation that directly follows a convolution is folded into the
 * convolution's weights at build time (exact, and it saves a pass over every activation); asking
 * for such a convolution's own output recovers it from the folded result.
 *
 * <p>How the layers are computed (memory layout, a kernel per convolution) is the network's
 * {@link ExecutionPlan}, channels-first on the engine's kernels until {@link #use} sets another;
 * the engine check chooses it by measurement. A float64 network is the check's reference.
 */
public final class Network implements AutoCloseable {
  private final KerasGraph graph;
  private final ModelInfo info;
  private final NDManager manager;
  private final Map<String, LayerOp> ops = new HashMap<>();
  /** Convolutions folded into the batch norm that follows them: conv name to its BN's affine. */
  private final Map<String, LayerContext.Affine> folded = new HashMap<>();
  private final Map<String, Integer> minimumSides = new HashMap<>();
  private final DataType dataType;
  private volatile ExecutionPlan plan = ExecutionPlan.CHANNELS_FIRST;

  private Network(KerasGraph graph, ModelInfo info, NDManager manager, DataType dataType) {
    this.graph = graph;
    this.info = info;
    this.manager = manager;
    this.dataType = dataType;
  }

  /**
   * Compiles {@code graph} with {@code weights} on {@code device} in float32. Every weight the
   * layers need must be present with its Keras shape, and no other weight may be left over.
   */
  public static Network build(KerasGraph graph, WeightSet weights, ModelInfo info, Device device) {
    return build(graph, weights, info, device, DataType.FLOAT32);
  }

  /** Compiles the network computing in {@code dataType} (float32, or float64 for a reference). */
  public static Network build(KerasGraph graph, WeightSet weights, ModelInfo info, Device device, DataType dataType) {
    NDManager manager = NDManager.newBaseManager(device);
    Network net = new Network(graph, info, manager, dataType);
    try {
      net.compile(weights);
      return net;
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public KerasGraph graph() {
    return graph;
  }

  public ModelInfo info() {
    return info;
  }

  public Device device() {
    return manager.getDevice();
  }

  /** The type every tensor of this network is computed in. */
  public DataType dataType() {
    return dataType;
  }

  /** The plan the network computes by. */
  public ExecutionPlan plan() {
    return plan;
  }

  /** Computes by {@code newPlan} from the next forward pass on. */
  public void use(ExecutionPlan newPlan) {
    this.plan = java.util.Objects.requireNonNull(newPlan);
  }

  /** A new input leaf for {@code chw} (C, H, W floats) in this network's type and its plan's layout. */
  public NDArray input(NDManager step, float[] chw, int channels, int height, int width) {
    return plan.layout().input(step, chw, channels, height, width, dataType);
  }

  /** A manager for one step's arrays, on this network's device; close it when the step ends. */
  public NDManager newStepManager() {
    return manager.newSubManager();
  }

  /**
   * Runs the network on {@code input} (N, C, H, W, already in the model's value range) and
   * returns the outputs of the named layers, attached to the input's manager.
   */
  public Map<String, NDArray> forward(NDArray input, Collection<String> outputs) {
    Set<String> targets = new HashSet<>();
    for (String name : outputs) {
      if (!graph.has(name)) {
        throw new IllegalArgumentException("unknown layer " + name);
      }
      targets.add(folded.containsKey(name) ? consumerOf(name) : name);
    }
    int h = (int) input.getShape().get(2);
    int w = (int) input.getShape().get(3);
    for (String name : outputs) {
      int min = minimumSide(name);
      if (h < min || w < min) {
        throw new IllegalArgumentException("image " + w + "x" + h + " is too small for layer " + name
            + ": it needs at least " + min + "x" + min + " px");
      }
    }
    Map<String, NDArray> values = new HashMap<>();
    for (LayerSpec l : graph.ancestorsOf(targets)) {
      if (l.type().equals(LayerTypes.INPUT)) {
        values.put(l.name(), input);
        continue;
      }
      List<NDArray> in = new ArrayList<>(l.inputs().size());
      for (String s : l.inputs()) {
        in.add(values.get(s));
      }
      values.put(l.name(), ops.get(l.name()).apply(in));
    }
    Map<String, NDArray> result = new LinkedHashMap<>();
    for (String name : outputs) {
      LayerContext.Affine a = folded.get(name);
      // A folded convolution's value is its batch norm's output; undo the affine to recover it.
      result.put(name, a == null ? values.get(name) : values.get(name).sub(a.shift()).div(a.scale()));
    }
    return result;
  }

  /**
   * Runs one layer alone on {@code inputs} (NCHW, in this network's type), under the current
   * plan. A convolution with a folded batch norm returns the folded (batch-normed) value. The
   * engine check uses it to find which layer's kernel is wrong.
   */
  public NDArray apply(String layer, List<NDArray> inputs) {
    LayerOp op = ops.get(layer);
    if (op == null) {
      throw new IllegalArgumentException("no computed layer " + layer);
    }
    return op.apply(inputs);
  }

  /** The smallest square input side this layer accepts (every layer up to it non-empty). */
  public synchronized int minimumSide(String layer) {
    return minimumSides.computeIfAbsent(layer, l -> LayerShapes.minimumSide(graph, l));
  }

  /** Output shape {h, w, c} (or {n}) of {@code layer} for an input of the given size. */
  public int[] outputShape(String layer, int height, int width) {
    return LayerShapes.infer(graph, height, width).get(layer);
  }

  @Override
  public void close() {
    manager.close();
  }

  // ---------------------------------------------------------------- compilation

  private void compile(WeightSet weights) {
    Map<String, Map<String, WeightTensor>> byLayer = LayerWeights.bind(graph, weights);
    LayerContext context = new LayerContext(graph, byLayer, manager, dataType, this::plan);
    for (LayerSpec l : graph.layers()) {
      if (!l.type().equals(LayerTypes.INPUT)) {
        ops.put(l.name(), LayerTypes.of(l).compile(l, context));
      }
    }
    folded.putAll(context.folded());
  }

  private String consumerOf(String layer) {
    for (LayerSpec l : graph.layers()) {
      if (l.inputs().contains(layer)) {
        return l.name();
      }
    }
    throw new IllegalStateException("no consumer of " + layer);
  }
}
