package dev.deepdream.model;

import static dev.deepdream.model.OnnxBuilder.i;
import static dev.deepdream.model.OnnxBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.dream.ObjectiveParser;
import dev.deepdream.model.onnx.OnnxProto.AttributeProto;
import dev.deepdream.model.onnx.OnnxProto.NodeProto;
import dev.deepdream.model.onnx.OnnxProto.TensorProto;
import dev.deepdream.support.OnnxFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading ONNX files: names, the input convention, folded constants, and one line for what cannot be run. */
@Tag("fast")
class OnnxImportTest {
  private static final InputConvention RANGE = InputConvention.range(0, 1);

  @TempDir
  Path home;

  private static KerasGraph graph(OnnxBuilder b) {
    return KerasGraph.fromConfig(OnnxImport.read(b.bytes(), "test.onnx", RANGE).modelConfig());
  }

  @Test
  void anUnknownOpIsOneLineNamingTheOpAndTheNode() {
    OnnxBuilder b = new OnnxBuilder(13);
    b.node("Relu", "r", List.of("x"));
    b.node("Transpose", "t", List.of("r"), ints("perm", 0, 1, 3, 2));
    assertThatThrownBy(() -> graph(b)).isInstanceOf(UnsupportedLayerException.class)
        .hasMessageStartingWith("ONNX node 't_node' (Transpose) is an op deepdream does not support")
        .hasMessageContaining("Conv").hasMessageContaining("LRN").hasMessageNotContaining("\n");
    OnnxBuilder custom = new OnnxBuilder(13);
    custom.hidden(NodeProto.newBuilder().setOpType("Swish").setDomain("com.example").setName("s").addInput("x")
        .addOutput("y").build());
    assertThatThrownBy(() -> graph(custom)).hasMessageContaining("ONNX node 's' (Swish)")
        .hasMessageContaining("domain com.example");
  }

  @Test
  void whatCannotBeRunIsOneLineEach() {
    assertThatThrownBy(() -> OnnxImport.read("not a model at all".getBytes(), "photo.onnx", RANGE))
        .isInstanceOf(ModelFormatException.class).hasMessageStartingWith("photo.onnx is not an ONNX model");
    OnnxBuilder nhwc = new OnnxBuilder(13, "x", 1, 224, 224, 3);
    nhwc.node("Relu", "r", List.of("x"));
    assertThatThrownBy(() -> graph(nhwc)).hasMessageContaining("channels last (NHWC)");
    OnnxBuilder two = new OnnxBuilder(13);
    two.hidden(NodeProto.newBuilder().setOpType("Add").addInput("x").addInput("y").addOutput("z").build());
    byte[] twoInputs = dev.deepdream.model.onnx.OnnxProto.ModelProto.newBuilder()
        .mergeFrom(toModel(two)).setGraph(toModel(two).getGraph().toBuilder().addInput(OnnxBuilder.value("y", 1, 3,
            -1, -1))).build().toByteArray();
    assertThatThrownBy(() -> OnnxImport.read(twoInputs, "two.onnx", RANGE)).hasMessageContaining("2 inputs");
    OnnxBuilder computedWeights = new OnnxBuilder(13);
    computedWeights.node("Relu", "w", List.of("x"));
    computedWeights.node("Conv", "c", List.of("x", "w"));
    assertThatThrownBy(() -> graph(computedWeights)).hasMessageContaining("ONNX node 'c_node' (Conv)")
        .hasMessageContaining("input W ('w') is computed, not a constant");
    OnnxBuilder squeezeBatch = new OnnxBuilder(13);
    squeezeBatch.node("GlobalAveragePool", "g", List.of("x"));
    squeezeBatch.node("Squeeze", "s", List.of("g", squeezeBatch.longs("axes", 0, 2, 3)));
    assertThatThrownBy(() -> graph(squeezeBatch)).hasMessageContaining("layer s (onnx.Squeeze)")
        .hasMessageContaining("computes nothing");
    OnnxBuilder external = new OnnxBuilder(13);
    external.hidden(NodeProto.newBuilder().setOpType("Constant").addOutput("k").addAttribute(AttributeProto
        .newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(TensorProto.newBuilder()
            .setDataType(1).addDims(3).setDataLocation(TensorProto.DataLocation.EXTERNAL))).build());
    assertThatThrownBy(() -> graph(external)).hasMessageContaining("external file");
  }

  private static dev.deepdream.model.onnx.OnnxProto.ModelProto toModel(OnnxBuilder b) {
    try {
      return dev.deepdream.model.onnx.OnnxProto.ModelProto.parseFrom(b.bytes());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void pytorchsNamesBecomeNamesTheObjectiveTextReadsAndGetNoAliases() {
    OnnxBuilder b = new OnnxBuilder(13, "input.1", 1, 3, -1, -1);
    b.node("Relu", "/layer1/relu/Relu_output_0", List.of("input.1"));
    b.node("Sigmoid", "onnx::Mul_7", List.of("/layer1/relu/Relu_output_0"));
    b.node("Tanh", "7", List.of("onnx::Mul_7"));
    KerasGraph g = graph(b);
    assertThat(g.layers().stream().map(LayerSpec::name)).containsExactly("input.1", "layer1/relu/Relu_output_0",
        "onnx__Mul_7", "_7");
    for (String name : List.of("layer1/relu/Relu_output_0", "onnx__Mul_7", "_7")) {
      assertThat(ObjectiveParser.parse(name + "^2").describe()).isEqualTo(name + "^2");
    }
    assertThat(g.layer("onnx__Mul_7").stringOr("onnx_name", null)).isEqualTo("onnx::Mul_7");
    ModelInfo info = new ModelInfo("t", "t", 0, 1, null, null, null, null, false, null, null);
    assertThat(info.dreamable(g)).containsExactly("layer1/relu/Relu_output_0", "onnx__Mul_7", "_7");
  }

  @Test
  void caffe2sVersionedNamesGetCaffesPlainNamesForTheirLastVersion() {
    OnnxBuilder b = new OnnxBuilder(12, "data_0", 1, 3, 224, 224);
    b.node("Conv", "conv1_1", List.of("data_0", b.weight("conv1_w_0", 0.1, 4, 3, 3, 3)), ints("pads", 1, 1, 1, 1));
    b.node("Relu", "conv1_2", List.of("conv1_1"));
    b.node("MaxPool", "pool1_1", List.of("conv1_2"), ints("kernel_shape", 3, 3), ints("strides", 2, 2),
        i("ceil_mode", 1));
    // The converter's own Reshape before a fully connected layer, numbered from 0 (as in the zoo's files).
    b.node("Reshape", "OC2_DUMMY_0", List.of("pool1_1", b.longs("OC2_DUMMY_1", 1, -1)));
    KerasGraph g = graph(b);
    assertThat(g.layer("conv1").input()).isEqualTo("conv1_2");
    assertThat(g.has("OC2_DUMMY_0")).isTrue();
    assertThat(g.has("OC2_DUMMY")).isFalse();
    assertThat(g.layer("pool1").input()).isEqualTo("pool1_1");
    ModelInfo info = new ModelInfo("t", "t", 0, 1, null, null, null, null, false, null, null);
    assertThat(info.dreamable(g)).contains("conv1", "pool1").doesNotContain("conv1_1", "conv1_2", "pool1_1");
    assertThat(g.has("conv1_1")).isTrue();
    assertThat(LayerShapes.infer(g, 224, 224).get("pool1")).containsExactly(112, 112, 4);
  }

  @Test
  void theConventionIsAFirstLayerOfItsOwnAndMeanAndStdAreInRgbOrder() {
    OnnxBuilder b = new OnnxBuilder(13);
    b.node("Relu", "r", List.of("x"));
    InputConvention caffe = new InputConvention(0, 255, new double[] {123, 117, 104}, null, true);
    KerasGraph g = KerasGraph.fromConfig(OnnxImport.read(b.bytes(), "t", caffe).modelConfig());
    assertThat(g.layers().get(0).name()).isEqualTo("pixels");
    assertThat(g.layer("x").type()).isEqualTo(InputConventionLayer.TYPE);
    assertThat(g.layer("x").boolOr(ModelInfo.HIDDEN, false)).isTrue();
    ModelInfo info = new ModelInfo("t", "t", 0, 1, null, null, null, null, false, null, null).withInput(caffe);
    try (Network net = Network.build(g, new WeightSet(), info, ai.djl.engine.Engine.getInstance().defaultDevice());
        ai.djl.ndarray.NDManager step = net.newStepManager()) {
      float[] pixel = {200, 100, 50}; // R, G, B
      float[] out = net.forward(net.input(step, pixel, 3, 1, 1), List.of("x")).get("x").toFloatArray();
      assertThat(out).containsExactly(50 - 104, 100 - 117, 200 - 123); // B, G, R
    }
    assertThat(caffe.describe()).isEqualTo("RGB 0..255, minus mean (R,G,B) 123,117,104, as BGR");
    assertThat(InputConvention.range(-1, 1).describe()).isEqualTo("RGB -1..1");
    assertThat(new InputConvention(0, 1, new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225},
        false).describe()).isEqualTo("RGB 0..1, minus mean (R,G,B) 0.485,0.456,0.406, divided by std (R,G,B) "
        + "0.229,0.224,0.225");
    assertThat(InputConvention.parseRange("0..255")).containsExactly(0, 255);
    assertThat(InputConvention.parseRange("-1..1")).containsExactly(-1, 1);
    assertThatThrownBy(() -> InputConvention.parseRange("255..0")).hasMessageContaining("LO < HI");
    assertThatThrownBy(() -> InputConvention.parseRgb("1,2", "--mean")).hasMessageContaining("three numbers");
    assertThatThrownBy(() -> new InputConvention(0, 1, null, new double[] {1, 0, 1}, false))
        .hasMessageContaining("positive");
  }

  @Test
  void constantChainsAreFoldedAtImport() throws Exception {
    // A reshape target computed from constants, as exporters write them: Concat(Unsqueeze(Gather(c, 0)), [-1]).
    OnnxBuilder b = new OnnxBuilder(11);
    b.node("GlobalAveragePool", "g", List.of("x"));
    String c = b.longs("dims", 1, 3, 1, 1);
    b.hidden(node("Gather", "first", List.of(c, b.longs("zero", 0)), i("axis", 0)));
    b.hidden(node("Unsqueeze", "first1", List.of("first"), ints("axes", 0)));
    b.hidden(node("Squeeze", "first0", List.of("first1"), ints("axes", 0)));
    b.hidden(node("Unsqueeze", "first2", List.of("first0"), ints("axes", 0)));
    b.hidden(node("Concat", "target", List.of("first2", b.longs("rest", -1)), i("axis", 0)));
    b.hidden(node("Cast", "target64", List.of("target"), i("to", 7)));
    b.node("Reshape", "flat", List.of("g", "target64"));
    KerasGraph g = graph(b);
    assertThat(OnnxLayer.longs(g.layer("flat"), "shape")).containsExactly(1, -1);
    assertThat(LayerShapes.infer(g, 20, 30).get("flat")).containsExactly(3);
  }

  @Test
  void foldedIntegerDivisionTruncatesAsOnnxSays() throws Exception {
    // Pads computed as (7 / 2) * 2 in int64: 6, where a division of doubles would give 7.
    OnnxBuilder b = new OnnxBuilder(11);
    b.hidden(node("Div", "half", List.of(b.longs("seven", 0, 0, 7, 7, 0, 0, 7, 7), b.longs("two", 2))));
    b.hidden(node("Mul", "pads", List.of("half", "two")));
    b.node("Pad", "padded", List.of("x", "pads"));
    KerasGraph g = graph(b);
    assertThat(LayerShapes.infer(g, 20, 30).get("padded")).containsExactly(32, 42, 3);
  }

  private static NodeProto node(String op, String out, List<String> in, AttributeProto... attributes) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addOutput(out).addAllInput(in);
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    return n.build();
  }

  @Test
  void importsCheckTheConventionAgainstAKnownModelAndTheFileAgainstIt() throws IOException {
    ModelStore store = new ModelStore(home, ModelStore.Sources.defaults(), ModelStore.Listener.silent());
    Path resnet = OnnxFixtures.file(OnnxFixtures.RESNET);
    assertThatThrownBy(() -> store.importOnnx(resnet, KnownModels.GOOGLENET, null))
        .hasMessageContaining("is not GoogLeNet").hasMessageContaining("no layer inception_4c/output");
    Path googlenet = OnnxFixtures.file(OnnxFixtures.GOOGLENET);
    assertThatThrownBy(() -> store.importOnnx(googlenet, KnownModels.GOOGLENET, InputConvention.range(0, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("googlenet takes its pixels as RGB 0..255");
    assertThatThrownBy(() -> store.importOnnx(googlenet, KnownModels.INCEPTION_V3, null))
        .hasMessageContaining("not an ONNX graph");
    assertThatThrownBy(() -> store.importPath(Path.of("examples", "chelsea.png"), null, false))
        .hasMessageContaining("an .onnx file");
    Path copy = home.resolve("My Net.onnx");
    Files.copy(resnet, copy);
    assertThat(store.importOnnx(copy, null, null)).isEqualTo("My Net");
    ModelInfo info = store.info("My Net");
    assertThat(info.inputConvention()).isEqualTo(InputConvention.range(0, 1));
    assertThat(info.defaultLayers()).isEqualTo("block3/Concat_output_0");
    assertThat(info.source()).endsWith("My Net.onnx");
    assertThat(info.licence()).contains("unknown");
  }
}
