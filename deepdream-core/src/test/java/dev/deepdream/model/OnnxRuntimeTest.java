package dev.deepdream.model;

import static dev.deepdream.model.OnnxBuilder.f;
import static dev.deepdream.model.OnnxBuilder.i;
import static dev.deepdream.model.OnnxBuilder.ints;
import static dev.deepdream.model.OnnxBuilder.s;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonObject;
import dev.deepdream.image.FloatImage;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.model.onnx.OnnxProto.ModelProto;
import dev.deepdream.model.onnx.OnnxProto.NodeProto;
import dev.deepdream.model.onnx.OnnxProto.TensorProto;
import dev.deepdream.support.OnnxFixtures;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Imported ONNX graphs against ONNX Runtime, an independent forward pass of the same file (it has
 * no input gradients, so it checks values only): the fixtures layer by layer (their inner tensors
 * added to the graph's outputs), and small graphs of single ops with the settings the fixtures do
 * not reach (auto_pad, asymmetric pads, count_include_pad, even LRN windows, the old attribute
 * forms), each at two input sizes.
 */
@Tag("fast")
class OnnxRuntimeTest {
  /** Largest difference allowed, relative to the layer's largest magnitude: float32 against float32. */
  private static final double ERROR = 1e-4;

  @ParameterizedTest
  @ValueSource(strings = {OnnxFixtures.GOOGLENET, OnnxFixtures.RESNET})
  void everyLayerOfTheFixturesMatchesOnnxRuntime(String fixture) throws Exception {
    JsonObject reference = OnnxFixtures.reference(fixture);
    InputConvention in = OnnxFixtures.convention(reference);
    byte[] bytes = Files.readAllBytes(OnnxFixtures.file(fixture));
    OnnxImport.Result r = OnnxImport.read(bytes, fixture, in);
    KerasGraph graph = KerasGraph.fromConfig(r.modelConfig());
    Map<String, String> tensors = new LinkedHashMap<>(); // layer -> the file's tensor
    for (LayerSpec l : graph.layers()) {
      if (l.type().startsWith(OnnxLayer.PREFIX) && !l.config().has("alias_of")) {
        tensors.put(l.name(), l.stringOr("onnx_name", l.name()));
      }
    }
    ModelProto.Builder m = ModelProto.parseFrom(bytes).toBuilder();
    var g = m.getGraph().toBuilder();
    for (String t : tensors.values()) {
      if (g.getOutputList().stream().noneMatch(o -> o.getName().equals(t))) {
        g.addOutput(OnnxBuilder.value(t));
      }
    }
    byte[] withOutputs = m.setGraph(g).build().toByteArray();
    ModelInfo info = new ModelInfo(fixture, fixture, in.min(), in.max(), null, null, null, null, false, null, null)
        .withInput(in);
    for (String picture : List.of("photo-224.png", "photo-odd.png")) {
      FloatImage image = ImageFiles.read(OnnxFixtures.DIR.resolve(picture)).toFloat((float) in.min(),
          (float) in.max());
      if (fixture.equals(OnnxFixtures.GOOGLENET) && picture.equals("photo-odd.png")) {
        continue; // the file fixes its input to 224 x 224: ONNX Runtime refuses other sizes
      }
      compare(fixture + " on " + picture, withOutputs, r, info, image, networkInput(image, in), tensors);
    }
  }

  /** The tensor the graph's input takes: the pixels by the convention (mean, std, BGR), as the first layer does. */
  private static float[] networkInput(FloatImage image, InputConvention in) {
    int h = image.height();
    int w = image.width();
    float[] out = new float[3 * h * w];
    for (int c = 0; c < 3; c++) {
      int to = in.bgr() ? 2 - c : c;
      for (int p = 0; p < h * w; p++) {
        out[to * h * w + p] = (float) ((image.data()[c * h * w + p] - in.mean()[c]) / in.std()[c]);
      }
    }
    return out;
  }

  /** Runs both and compares each layer's values; {@code tensors} maps our layers to the file's tensors. */
  private static void compare(String what, byte[] model, OnnxImport.Result r, ModelInfo info, FloatImage image,
      float[] ortInput, Map<String, String> tensors) throws OrtException {
    int h = image.height();
    int w = image.width();
    KerasGraph graph = KerasGraph.fromConfig(r.modelConfig());
    Map<String, float[]> ours = new LinkedHashMap<>();
    try (Network net = Network.build(graph, r.weights(), info, Engine.getInstance().defaultDevice());
        NDManager step = net.newStepManager()) {
      NDArray x = net.input(step, image.data(), 3, h, w);
      Map<String, NDArray> out = net.forward(x, tensors.keySet().stream()
          .filter(l -> LayerShapes.valid(net.outputShape(l, h, w))).toList());
      out.forEach((k, v) -> ours.put(k, v.toFloatArray()));
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    double worst = 0;
    String worstLayer = null;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT); // every tensor as the file says
      try (OrtSession session = env.createSession(model, options);
          ai.onnxruntime.OnnxTensor input = ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(ortInput),
              new long[] {1, 3, h, w});
          OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
        for (Map.Entry<String, float[]> e : ours.entrySet()) {
          OnnxValue v = result.get(tensors.get(e.getKey())).orElseThrow();
          ai.onnxruntime.OnnxTensor t = (ai.onnxruntime.OnnxTensor) v;
          assertThat(OnnxLayer.shape(t.getInfo().getShape())).as(what + ": shape of " + e.getKey())
              .containsExactly(LayerShapes.infer(graph, h, w).get(e.getKey()));
          FloatBuffer b = t.getFloatBuffer();
          float[] expected = new float[b.remaining()];
          b.get(expected);
          double scale = 1e-12;
          double diff = 0;
          for (int k = 0; k < expected.length; k++) {
            scale = Math.max(scale, Math.abs(expected[k]));
            diff = Math.max(diff, Math.abs(expected[k] - e.getValue()[k]));
          }
          if (diff / scale > worst) {
            worst = diff / scale;
            worstLayer = e.getKey();
          }
        }
      }
    }
    System.err.printf(Locale.ROOT, "[onnx runtime] %s (%dx%d): %d layers, worst difference %.2e of the layer's "
        + "largest value (%s)%n", what, w, h, ours.size(), worst, worstLayer);
    assertThat(ours).isNotEmpty();
    assertThat(worst).as(what + ": worst layer " + worstLayer).isLessThanOrEqualTo(ERROR);
  }

  /** Imports {@code b}'s graph and compares every node's output with ONNX Runtime at two sizes. */
  private static void check(String what, OnnxBuilder b) throws OrtException {
    byte[] bytes = b.bytes();
    OnnxImport.Result r = OnnxImport.read(bytes, what, InputConvention.range(-1, 1));
    ModelInfo info = new ModelInfo(what, what, -1, 1, null, null, null, null, false, null, null);
    Map<String, String> tensors = new LinkedHashMap<>();
    b.outputs().forEach(o -> tensors.put(o, o));
    Random random = new Random(9);
    for (int[] size : new int[][] {{13, 17}, {16, 16}}) {
      float[] x = new float[3 * size[0] * size[1]];
      for (int k = 0; k < x.length; k++) {
        x[k] = (float) random.nextGaussian();
      }
      FloatImage image = new FloatImage(3, size[0], size[1], x);
      compare(what, bytes, r, info, image, x, tensors);
    }
  }

  private static List<String> in(String... names) {
    return List.of(names);
  }

  @Test
  void convolutionsWithAutoPadAsymmetricPadsGroupsAndDilations() throws OrtException {
    OnnxBuilder b = new OnnxBuilder(13);
    b.node("Conv", "same_upper", in("x", b.weight("w1", 0.3, 4, 3, 3, 3), b.weight("b1", 0.1, 4)),
        s("auto_pad", "SAME_UPPER"), ints("strides", 2, 2));
    b.node("Conv", "same_lower", in("same_upper", b.weight("w2", 0.3, 4, 4, 4, 4)), s("auto_pad", "SAME_LOWER"),
        ints("strides", 2, 1));
    b.node("Conv", "valid", in("x", b.weight("w3", 0.3, 5, 3, 3, 2)), s("auto_pad", "VALID"));
    b.node("Conv", "asymmetric", in("x", b.weight("w4", 0.3, 4, 3, 3, 3)), ints("pads", 0, 1, 2, 1),
        ints("dilations", 2, 2));
    b.node("Conv", "grouped", in("x", b.weight("w5", 0.3, 6, 1, 3, 3)), i("group", 3), ints("pads", 1, 1, 1, 1));
    check("convolutions", b);
  }

  @Test
  void poolsLrnAndGlobalPools() throws OrtException {
    OnnxBuilder b = new OnnxBuilder(12);
    b.node("MaxPool", "max_ceil", in("x"), ints("kernel_shape", 3, 3), ints("strides", 2, 2),
        ints("pads", 1, 1, 1, 1), i("ceil_mode", 1));
    b.node("MaxPool", "max_same", in("x"), ints("kernel_shape", 2, 2), ints("strides", 2, 2),
        s("auto_pad", "SAME_UPPER"));
    // Ceil mode's overhang past the padding: PyTorch does not count it, ONNX Runtime 1.20 does (not compared).
    b.node("AveragePool", "avg_include", in("x"), ints("kernel_shape", 3, 3), ints("strides", 2, 2),
        ints("pads", 1, 0, 1, 2), i("count_include_pad", 1));
    b.node("AveragePool", "avg_exclude", in("x"), ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1));
    b.node("AveragePool", "avg_ceil", in("x"), ints("kernel_shape", 3, 3), ints("strides", 2, 2),
        ints("pads", 1, 0, 1, 1), i("ceil_mode", 1));
    b.node("AveragePool", "avg_same", in("x"), ints("kernel_shape", 3, 2), ints("strides", 2, 2),
        s("auto_pad", "SAME_LOWER"));
    b.node("LRN", "lrn", in("avg_exclude"), i("size", 5), f("alpha", 0.3), f("beta", 0.6), f("bias", 1.5));
    b.node("LRN", "lrn_odd", in("x"), i("size", 3), f("alpha", 0.5));
    b.node("GlobalMaxPool", "gmax", in("x"));
    b.node("GlobalAveragePool", "gavg", in("lrn_odd"));
    check("pools", b);
  }

  @Test
  void activationsArithmeticPadsAndBatchNorm() throws OrtException {
    OnnxBuilder b = new OnnxBuilder(11);
    b.node("BatchNormalization", "bn", in("x", b.weight("scale", 1, 3), b.weight("bias", 1, 3),
        b.weight("mean", 1, 3), b.constant("var", new long[] {3}, 0.5f, 1.5f, 2f)), f("epsilon", 1e-3));
    b.node("LeakyRelu", "leaky", in("bn"), f("alpha", 0.2));
    b.node("Sigmoid", "sigmoid", in("leaky"));
    b.node("Tanh", "tanh", in("bn"));
    b.node("Sub", "k_minus_x", in(b.weight("k", 1, 3, 1, 1), "tanh"));
    b.node("Div", "over_scalar", in("k_minus_x", b.constant("two", new long[0], 2f)));
    b.node("Mul", "product", in("sigmoid", "over_scalar"));
    b.node("Clip", "clip_inputs", in("product", b.constant("lo", new long[0], -0.3f), ""));
    b.node("Pad", "pad_edge", in("clip_inputs", b.longs("p1", 0, 0, 1, 2, 0, 0, 2, 1)), s("mode", "edge"));
    b.node("Pad", "pad_reflect", in("x", b.longs("p2", 0, 0, 2, 1, 0, 0, 1, 3)), s("mode", "reflect"));
    b.node("Pad", "pad_constant", in("x", b.longs("p3", 0, 0, 0, 1, 0, 0, 3, 3),
        b.constant("half", new long[0], 0.5f)));
    b.node("Concat", "concat", in("pad_reflect", "pad_constant"), i("axis", 1));
    b.node("Identity", "identity", in("concat"));
    check("activations", b);
  }

  @Test
  void ceilModeDropsALastWindowThatWouldStartInThePadding() {
    // ONNX's pools since opset 22 say so, as Caffe and PyTorch do; ONNX Runtime 1.20 keeps the window.
    assertThat(OnnxWindows.dimension(16, 3, 2, 1, 0, 2, "NOTSET", true)).containsExactly(8, 0, 1);
    assertThat(OnnxWindows.dimension(16, 3, 2, 1, 1, 1, "NOTSET", true)).containsExactly(9, 1, 2);
    assertThat(OnnxWindows.dimension(112, 3, 2, 1, 0, 0, "NOTSET", true)).containsExactly(56, 0, 1);
    assertThat(OnnxWindows.dimension(112, 3, 2, 1, 0, 0, "NOTSET", false)).containsExactly(55, 0, 0);
  }

  @Test
  void lrnOfAnEvenWindowFollowsTheSpecWhichOnnxRuntimeDoesNotRun() {
    // ONNX: the window of channel c is c - floor((size - 1) / 2) .. c + ceil((size - 1) / 2).
    OnnxBuilder b = new OnnxBuilder(12);
    b.node("LRN", "lrn", in("x"), i("size", 4), f("alpha", 0.3), f("beta", 0.6), f("bias", 1.5));
    OnnxImport.Result r = OnnxImport.read(b.bytes(), "lrn", InputConvention.range(-1, 1));
    ModelInfo info = new ModelInfo("lrn", "lrn", -1, 1, null, null, null, null, false, null, null);
    int c = 3;
    int hw = 4 * 5;
    float[] x = new float[c * hw];
    Random random = new Random(2);
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) random.nextGaussian();
    }
    try (Network net = Network.build(KerasGraph.fromConfig(r.modelConfig()), r.weights(), info,
        Engine.getInstance().defaultDevice()); NDManager step = net.newStepManager()) {
      float[] y = net.forward(net.input(step, x, c, 4, 5), List.of("lrn")).get("lrn").toFloatArray();
      for (int ch = 0; ch < c; ch++) {
        for (int p = 0; p < hw; p++) {
          double sum = 0;
          for (int j = Math.max(0, ch - 1); j <= Math.min(c - 1, ch + 2); j++) {
            sum += (double) x[j * hw + p] * x[j * hw + p];
          }
          double expected = x[ch * hw + p] / Math.pow(1.5 + 0.3 / 4 * sum, 0.6);
          assertThat((double) y[ch * hw + p]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
        }
      }
    }
  }

  @Test
  void theOldAttributeFormsOfClipAndPad() throws OrtException {
    OnnxBuilder b = new OnnxBuilder(6);
    b.node("Clip", "clip", in("x"), f("min", -0.5), f("max", 0.4));
    b.node("Pad", "pad", in("clip"), ints("pads", 0, 0, 1, 0, 0, 0, 0, 2), f("value", -1));
    b.node("Softmax", "softmax_4d", in("pad"), i("axis", 1)); // before opset 13: over C, H and W at once
    check("opset 6", b);
  }

  @Test
  void classifierHeads() throws OrtException {
    OnnxBuilder b = new OnnxBuilder(11);
    b.node("GlobalAveragePool", "gap", in("x"));
    b.node("Flatten", "flat", in("gap"), i("axis", 1));
    b.node("Gemm", "gemm", in("flat", b.weight("gw", 1, 3, 5), b.constant("gc", new long[0], 0.25f)),
        f("alpha", 0.5), f("beta", 2));
    b.node("Softmax", "prob", in("gemm"), i("axis", 1));
    b.hidden(NodeProto.newBuilder().setOpType("Constant").addOutput("shape")
        .addAttribute(dev.deepdream.model.onnx.OnnxProto.AttributeProto.newBuilder().setName("value")
            .setType(dev.deepdream.model.onnx.OnnxProto.AttributeProto.AttributeType.TENSOR)
            .setT(TensorProto.newBuilder().setDataType(7).addDims(2).addInt64Data(0).addInt64Data(-1))).build());
    b.node("Reshape", "reshaped", in("gap", "shape"));
    b.node("MatMul", "matmul", in("reshaped", b.weight("mw", 1, 3, 4)));
    b.node("Add", "biased", in("matmul", b.weight("mb", 1, 4)));
    b.node("Squeeze", "squeezed", in("gap"), ints("axes", 2, 3));
    b.node("Gemm", "gemm_t", in("squeezed", b.weight("tw", 1, 6, 3), b.weight("tc", 1, 6)), i("transB", 1));
    check("heads", b);
  }

  @Test
  void softmaxSinceOpset13NormalisesOneAxis() throws OrtException {
    OnnxBuilder b = new OnnxBuilder(13);
    b.node("Softmax", "softmax_channels", in("x"), i("axis", 1));
    b.node("Softmax", "softmax_width", in("x"), i("axis", -1));
    check("opset 13", b);
  }
}
