package dev.deepdream.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
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
 * <p>Batch normalisation that directly follows a convolution is folded into the convolution's
 * weights at build time (exact, and it saves a pass over every activation); asking for such a
 * convolution's own output recovers it from the folded result.
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
  private final Map<String, Affine> folded = new HashMap<>();
  private final Map<String, Integer> minimumSides = new HashMap<>();
  private final DataType dataType;
  private volatile ExecutionPlan plan = ExecutionPlan.CHANNELS_FIRST;

  /** One compiled layer: inputs in, output out, all on the inputs' manager. */
  @FunctionalInterface
  private interface LayerOp {
    NDArray apply(List<NDArray> inputs);
  }

  /** Per-channel y = x * scale + shift, shaped (1, C, 1, 1). */
  private record Affine(NDArray scale, NDArray shift) {}

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
      if (l.type().equals("InputLayer")) {
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
      Affine a = folded.get(name);
      // A folded convolution's value is its batch norm's output; undo the affine to recover it.
      result.put(name, a == null ? values.get(name) : values.get(name).sub(a.shift).div(a.scale));
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

  /** A weight or constant of the network, in its type. */
  private NDArray constant(float[] values, Shape shape) {
    NDArray a = manager.create(values, shape);
    if (dataType == DataType.FLOAT32) {
      return a;
    }
    NDArray converted = a.toType(dataType, false);
    a.close();
    return converted;
  }

  private void compile(WeightSet weights) {
    Map<String, Map<String, WeightTensor>> byLayer = LayerWeights.bind(graph, weights);
    for (LayerSpec l : graph.layers()) {
      if (!l.type().equals("InputLayer")) {
        ops.put(l.name(), compileLayer(l, byLayer));
      }
    }
  }

  private String consumerOf(String layer) {
    for (LayerSpec l : graph.layers()) {
      if (l.inputs().contains(layer)) {
        return l.name();
      }
    }
    throw new IllegalStateException("no consumer of " + layer);
  }

  private LayerOp compileLayer(LayerSpec l, Map<String, Map<String, WeightTensor>> byLayer) {
    switch (l.type()) {
      case "Conv2D":
      case "DepthwiseConv2D":
        return compileConv(l, byLayer);
      case "BatchNormalization":
        return compileBatchNorm(l, byLayer);
      case "Activation":
        return activation(l, l.stringOr("activation", "linear"));
      case "ReLU":
        return relu(l);
      case "MaxPooling2D":
        return maxPool(l);
      case "AveragePooling2D":
        return avgPool(l);
      case "GlobalAveragePooling2D":
        return in -> globalAverage(in.get(0));
      case "GlobalMaxPooling2D":
        return in -> {
          Shape s = in.get(0).getShape();
          return in.get(0).reshape(s.get(0), s.get(1), -1).max(new int[] {2});
        };
      case "ZeroPadding2D": {
        int[][] p = LayerShapes.zeroPadding(l);
        Shape pad = new Shape(p[1][0], p[1][1], p[0][0], p[0][1]);
        return in -> in.get(0).pad(pad, 0);
      }
      case "Concatenate": {
        int kerasAxis = l.intOr("axis", -1);
        return in -> NDArrays.concat(new NDList(in), channelsFirstAxis(kerasAxis, in.get(0).getShape().dimension()));
      }
      case "Add":
        return in -> {
          NDArray sum = in.get(0);
          for (int i = 1; i < in.size(); i++) {
            sum = sum.add(in.get(i));
          }
          return sum;
        };
      case "Flatten":
        return in -> {
          NDArray x = in.get(0);
          // Keras flattens in channels-last order; Dense weights after it expect that order.
          if (x.getShape().dimension() == 4) {
            x = x.transpose(0, 2, 3, 1);
          }
          return x.reshape(x.getShape().get(0), -1);
        };
      case "Dense":
        return compileDense(l, byLayer.get(l.name()));
      case "Dropout":
      case "SpatialDropout2D":
      case "GaussianNoise":
      case "GaussianDropout":
        return in -> in.get(0); // inference: identity
      default:
        throw new UnsupportedLayerException("layer " + l.name() + " has type " + l.type()
            + ", which deepdream does not support (supported: InputLayer, Conv2D, DepthwiseConv2D,"
            + " BatchNormalization, Activation, ReLU, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D,"
            + " ZeroPadding2D, Concatenate, Add, Flatten, Dense, Dropout)");
    }
  }

  /** Keras's channels-last axis to the NCHW axis. */
  private static int channelsFirstAxis(int kerasAxis, int rank) {
    int axis = kerasAxis < 0 ? kerasAxis + rank : kerasAxis;
    if (rank != 4) {
      return axis;
    }
    return switch (axis) {
      case 0 -> 0;
      case 1 -> 2;
      case 2 -> 3;
      default -> 1;
    };
  }

  private LayerOp compileConv(LayerSpec l, Map<String, Map<String, WeightTensor>> byLayer) {
    boolean depthwise = l.type().equals("DepthwiseConv2D");
    Map<String, WeightTensor> lw = byLayer.get(l.name());
    WeightTensor k = lw.get(depthwise ? "depthwise_kernel" : "kernel");
    int kh = (int) k.shape()[0];
    int kw = (int) k.shape()[1];
    int cin = (int) k.shape()[2];
    int cout = depthwise ? cin * (int) k.shape()[3] : (int) k.shape()[3];
    float[] weight = depthwise
        ? KernelLayout.depthwiseToOihw(k.data(), kh, kw, cin, (int) k.shape()[3])
        : KernelLayout.convToOihw(k.data(), kh, kw, cin, cout);
    float[] bias = lw.get("bias") == null ? new float[cout] : lw.get("bias").data().clone();
    String activation = l.stringOr("activation", "linear");

    // Fold a following batch norm when it is this convolution's only reader.
    LayerSpec bn = singleBatchNormConsumer(l);
    if (bn != null && activation.equals("linear")) {
      float[][] ab = batchNormAffine(bn, byLayer.get(bn.name()), cout);
      float[] scale = ab[0];
      float[] shift = ab[1];
      int per = weight.length / cout;
      for (int o = 0; o < cout; o++) {
        for (int i = 0; i < per; i++) {
          weight[o * per + i] *= scale[o];
        }
        bias[o] = bias[o] * scale[o] + shift[o];
      }
      folded.put(l.name(), new Affine(constant(scale, new Shape(1, cout, 1, 1)), constant(shift, new Shape(1, cout, 1, 1))));
    }
    NDArray w = constant(weight, new Shape(cout, depthwise ? 1 : cin, kh, kw));
    NDArray b = constant(bias, new Shape(cout));
    int[] s = l.pair("strides", 1);
    int[] d = l.pair("dilation_rate", 1);
    boolean same = l.stringOr("padding", "valid").equals("same");
    int groups = depthwise ? cin : 1;
    Convolution conv = new Convolution(w, b, new Shape(s[0], s[1]), new Shape(d[0], d[1]), groups);
    LayerOp act = activation(l, activation);
    String name = l.name();
    return in -> {
      NDArray x = in.get(0);
      Shape padding = new Shape(0, 0);
      if (same) {
        int[] ph = Padding.same((int) x.getShape().get(2), kh, s[0], d[0]);
        int[] pw = Padding.same((int) x.getShape().get(3), kw, s[1], d[1]);
        if (ph[0] == ph[1] && pw[0] == pw[1]) {
          padding = new Shape(ph[0], pw[0]);
        } else {
          x = x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), 0); // TensorFlow's extra pixel goes after
        }
      }
      ExecutionPlan p = plan;
      NDArray y = p.kernel(name).apply(conv, x, padding, p.layout());
      if (name.equals(p.faultLayer())) {
        y = y.mul(Scalars.like(y, 1 + ExecutionPlan.FAULT));
      }
      return act.apply(List.of(y));
    };
  }

  private LayerSpec singleBatchNormConsumer(LayerSpec conv) {
    LayerSpec only = null;
    for (LayerSpec l : graph.layers()) {
      if (l.inputs().contains(conv.name())) {
        if (only != null) {
          return null;
        }
        only = l;
      }
    }
    return only != null && only.type().equals("BatchNormalization") && batchNormOnChannels(only) ? only : null;
  }

  private static boolean batchNormOnChannels(LayerSpec bn) {
    var axis = bn.config().get("axis");
    if (axis == null || axis.isJsonNull()) {
      return true;
    }
    int a = axis.isJsonArray() ? axis.getAsJsonArray().get(0).getAsInt() : axis.getAsInt();
    return a == -1 || a == 3;
  }

  /** Batch norm in inference mode as {scale, shift}: y = x * scale + shift. */
  private static float[][] batchNormAffine(LayerSpec bn, Map<String, WeightTensor> lw, int channels) {
    double eps = bn.doubleOr("epsilon", 1e-3);
    float[] mean = lw.get("moving_mean").data();
    float[] var = lw.get("moving_variance").data();
    float[] gamma = lw.get("gamma") == null ? null : lw.get("gamma").data();
    float[] beta = lw.get("beta") == null ? null : lw.get("beta").data();
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      double sc = (gamma == null ? 1.0 : gamma[c]) / Math.sqrt(var[c] + eps);
      scale[c] = (float) sc;
      shift[c] = (float) ((beta == null ? 0.0 : beta[c]) - mean[c] * sc);
    }
    return new float[][] {scale, shift};
  }

  private LayerOp compileBatchNorm(LayerSpec l, Map<String, Map<String, WeightTensor>> byLayer) {
    if (!batchNormOnChannels(l)) {
      throw new UnsupportedLayerException("layer " + l.name() + ": BatchNormalization on an axis other than channels");
    }
    if (folded.containsKey(l.input())) {
      return in -> in.get(0); // already applied by the convolution before it
    }
    Map<String, WeightTensor> lw = byLayer.get(l.name());
    int channels = lw.get("moving_mean").size();
    float[][] ab = batchNormAffine(l, lw, channels);
    NDArray scale4 = constant(ab[0], new Shape(1, channels, 1, 1));
    NDArray shift4 = constant(ab[1], new Shape(1, channels, 1, 1));
    NDArray scale2 = constant(ab[0], new Shape(1, channels));
    NDArray shift2 = constant(ab[1], new Shape(1, channels));
    return in -> {
      NDArray x = in.get(0);
      boolean image = x.getShape().dimension() == 4;
      return x.mul(image ? scale4 : scale2).add(image ? shift4 : shift2);
    };
  }

  private LayerOp compileDense(LayerSpec l, Map<String, WeightTensor> lw) {
    WeightTensor k = lw.get("kernel");
    NDArray w = constant(k.data(), new Shape(k.shape()[0], k.shape()[1]));
    NDArray b = lw.get("bias") == null ? null : constant(lw.get("bias").data(), new Shape(1, k.shape()[1]));
    LayerOp act = activation(l, l.stringOr("activation", "linear"));
    return in -> {
      NDArray y = in.get(0).matMul(w);
      if (b != null) {
        y = y.add(b);
      }
      return act.apply(List.of(y));
    };
  }

  private static LayerOp activation(LayerSpec l, String name) {
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
        return in -> in.get(0).softmax(in.get(0).getShape().dimension() == 4 ? 1 : -1);
      case "swish":
      case "silu":
        return in -> in.get(0).mul(Activation.sigmoid(in.get(0))); // x * sigmoid(x); not swish(x, 1): see Scalars
      default:
        throw new UnsupportedLayerException("layer " + l.name() + " uses activation '" + name
            + "', which deepdream does not support (supported: linear, relu, relu6, sigmoid, tanh, softmax, swish)");
    }
  }

  private static LayerOp relu(LayerSpec l) {
    double maxValue = l.doubleOr("max_value", Double.NaN);
    double slope = l.doubleOr("negative_slope", 0);
    double threshold = l.doubleOr("threshold", 0);
    if (threshold != 0) {
      throw new UnsupportedLayerException("layer " + l.name() + ": ReLU with a threshold is not supported");
    }
    return in -> {
      NDArray x = slope == 0 ? Activation.relu(in.get(0)) : Activation.leakyRelu(in.get(0), (float) slope);
      return Double.isNaN(maxValue) ? x : x.minimum(Scalars.like(x, maxValue));
    };
  }

  private static LayerOp maxPool(LayerSpec l) {
    int[] k = l.pair("pool_size", 2);
    int[] s = l.pair("strides", k[0]);
    boolean same = l.stringOr("padding", "valid").equals("same");
    Shape kernel = new Shape(k[0], k[1]);
    Shape stride = new Shape(s[0], s[1]);
    return in -> {
      NDArray x = in.get(0);
      if (same) {
        x = padForWindow(x, k, s, Float.NEGATIVE_INFINITY); // padding never wins a max
      }
      return Pool.maxPool2d(x, kernel, stride, new Shape(0, 0), false);
    };
  }

  /**
   * Average pool. With 'same', TensorFlow averages over the real pixels only; DJL's pool counts
   * the padding, so the padded average is rescaled by window area / real-pixel count, a small
   * plane computed on the host.
   */
  private static LayerOp avgPool(LayerSpec l) {
    int[] k = l.pair("pool_size", 2);
    int[] s = l.pair("strides", k[0]);
    boolean same = l.stringOr("padding", "valid").equals("same");
    Shape kernel = new Shape(k[0], k[1]);
    Shape stride = new Shape(s[0], s[1]);
    Shape none = new Shape(0, 0);
    return in -> {
      NDArray x = in.get(0);
      if (!same) {
        return Pool.avgPool2d(x, kernel, stride, none, false, true);
      }
      int h = (int) x.getShape().get(2);
      int w = (int) x.getShape().get(3);
      int[] ph = Padding.same(h, k[0], s[0], 1);
      int[] pw = Padding.same(w, k[1], s[1], 1);
      NDArray pooled = ph[0] == ph[1] && pw[0] == pw[1]
          ? Pool.avgPool2d(x, kernel, stride, new Shape(ph[0], pw[0]), false, true)
          : Pool.avgPool2d(padForWindow(x, k, s, 0), kernel, stride, none, false, true);
      int oh = (int) pooled.getShape().get(2);
      int ow = (int) pooled.getShape().get(3);
      NDArray rescale = x.getManager().create(areaOverCount(h, w, oh, ow, k, s, ph[0], pw[0]), new Shape(1, 1, oh, ow));
      return pooled.mul(rescale.toType(x.getDataType(), false));
    };
  }

  /** For each output pixel of a padded window op: window area / number of real pixels in it. */
  static float[] areaOverCount(int h, int w, int oh, int ow, int[] k, int[] s, int padTop, int padLeft) {
    float[] out = new float[oh * ow];
    for (int y = 0; y < oh; y++) {
      int y0 = y * s[0] - padTop;
      int rows = Math.min(y0 + k[0], h) - Math.max(y0, 0);
      for (int x = 0; x < ow; x++) {
        int x0 = x * s[1] - padLeft;
        int cols = Math.min(x0 + k[1], w) - Math.max(x0, 0);
        out[y * ow + x] = (float) (k[0] * k[1]) / (rows * cols);
      }
    }
    return out;
  }

  private static NDArray padForWindow(NDArray x, int[] k, int[] s, float value) {
    int[] ph = Padding.same((int) x.getShape().get(2), k[0], s[0], 1);
    int[] pw = Padding.same((int) x.getShape().get(3), k[1], s[1], 1);
    if (ph[0] + ph[1] + pw[0] + pw[1] == 0) {
      return x;
    }
    return x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), value);
  }

  private static NDArray globalAverage(NDArray x) {
    Shape s = x.getShape();
    // mean() takes one axis at a time here: flatten the plane first.
    return x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2});
  }
}
