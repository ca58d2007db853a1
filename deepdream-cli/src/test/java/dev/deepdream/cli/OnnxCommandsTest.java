package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.model.onnx.OnnxProto;
import dev.deepdream.support.OnnxFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An ONNX network brought by the user, through the commands: {@code models import FILE.onnx} with
 * its input convention, {@code layers IMAGE --json} against PyTorch's float64 means, a dream on
 * Caffe-named layers, and one-line errors. The commands use a model home of their own here.
 */
@Tag("fast")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OnnxCommandsTest {
  private static Path home;
  private static String previous;

  @BeforeAll
  static void ownHome() throws Exception {
    home = Files.createTempDirectory("deepdream-onnx-cli");
    previous = System.getProperty("deepdream.home");
    System.setProperty("deepdream.home", home.toString());
  }

  @AfterAll
  static void restoreHome() throws Exception {
    if (previous != null) {
      System.setProperty("deepdream.home", previous);
    } else {
      System.clearProperty("deepdream.home");
    }
    dev.deepdream.io.AtomicFiles.deleteTree(home);
  }

  @Test
  @Order(1)
  void importedWithItsConventionItsLayersMatchTheFloat64ReferenceMeans() {
    Cli imported = Cli.run("models", "import", OnnxFixtures.file(OnnxFixtures.GOOGLENET).toString(), "--name", "gtiny",
        "--input-range", "0..255", "--bgr", "--mean", "123,117,104");
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("imported gtiny");

    Cli layers = Cli.run("layers", "examples/chelsea.png", "--model", "gtiny", "--json");
    assertThat(layers.code()).as(layers.err()).isZero();
    JsonObject reference = OnnxFixtures.reference(OnnxFixtures.GOOGLENET);
    Map<String, JsonObject> expected = OnnxFixtures.layers(reference,
        OnnxFixtures.picture(reference, "examples/chelsea.png"));
    double worst = 0;
    int compared = 0;
    for (JsonElement e : JsonParser.parseString(layers.out()).getAsJsonArray()) {
      JsonObject l = e.getAsJsonObject();
      JsonObject ref = expected.get(l.get("name").getAsString());
      assertThat(ref).as("a reference for " + l.get("name")).isNotNull();
      double mean = ref.get("mean").getAsDouble();
      worst = Math.max(worst, Math.abs(l.get("mean").getAsDouble() - mean) / Math.abs(mean));
      assertThat(l.get("shape").toString()).isEqualTo(ref.get("shape").toString());
      compared++;
    }
    System.err.printf(Locale.ROOT, "[onnx cli] layers --json: %d layers, worst relative mean error %.2e%n", compared,
        worst);
    assertThat(layers.out()).contains("\"inception_4c/output\"").contains("\"conv2/3x3\"")
        .contains("\"pool1/norm1\"").doesNotContain("\"conv2/3x3_1\"").doesNotContain("\"prob\"");
    assertThat(compared).isGreaterThan(40);
    assertThat(worst).isLessThanOrEqualTo(1e-3);
  }

  @Test
  @Order(2)
  void aDreamOnItsCaffeNamedLayersRecordsHowThePixelsWereFed() throws Exception {
    Path out = home.resolve("dream.png");
    Cli r = Cli.run("dream", OnnxFixtures.DIR.resolve("photo-odd.png").toString(), "-o", out.toString(), "--model",
        "gtiny", "--objective", "inception_4c/output^2 + 0.5*conv2/3x3:3", "--mode", "octaves", "--octaves", "-1..0",
        "--steps", "2", "--step-rule", "mean-abs", "--seed", "4");
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, String> meta = ImageFiles.readPngText(out);
    assertThat(meta).containsEntry("model", "gtiny").containsEntry("objective",
        "inception_4c/output^2 + 0.5*conv2/3x3:3").containsEntry("model_input",
        "RGB 0..255, minus mean (R,G,B) 123,117,104, as BGR");
    Cli again = Cli.run("dream", OnnxFixtures.DIR.resolve("photo-odd.png").toString(), "-o",
        home.resolve("layers.png").toString(), "--model", "gtiny", "--layers", "inception_4c/output,pool1/norm1=0.5",
        "--mode", "simple", "--steps", "1");
    assertThat(again.code()).as(again.err()).isZero();
    Cli unknown = Cli.run("dream", OnnxFixtures.DIR.resolve("photo-odd.png").toString(), "-o",
        home.resolve("x.png").toString(), "--model", "gtiny", "--layers", "inception_4c/outptu");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.errorLines()).contains("closest first: inception_4c/output");
  }

  @Test
  @Order(3)
  void modelsListsItWithItsConventionAndGooglenetAsFetchable() {
    Cli r = Cli.run("models");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("gtiny").contains("pixels RGB 0..255, minus mean (R,G,B) 123,117,104, as BGR")
        .contains("googlenet").contains("deepdream models fetch googlenet");
  }

  @Test
  @Order(3)
  void aClassOfItsCaffeHeadIsDrawnAndTheRecordSaysHowThePixelsWereFed() throws Exception {
    // Caffe's head is the alias prob of the ONNX Softmax prob_1, read at the file's own 224 px.
    Path out = home.resolve("class.png");
    Cli r = Cli.run("visualize", "-o", out.toString(), "--model", "gtiny", "--objective", "class(3)", "--size", "224",
        "--steps", "2", "--seed", "1");
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, String> meta = ImageFiles.readPngText(out);
    assertThat(meta.get("objective")).matches("class\\((prob:)?3\\)");
    assertThat(meta).containsEntry("model_input", "RGB 0..255, minus mean (R,G,B) 123,117,104, as BGR");
  }

  @Test
  @Order(4)
  void badConventionsAndUnsupportedGraphsAreOneLineErrors() throws Exception {
    Cli notOnnx = Cli.run("models", "import", "examples/chelsea.png", "--mean", "1,2,3");
    assertThat(notOnnx.code()).isEqualTo(2);
    assertThat(notOnnx.errorLines()).contains("is not an .onnx file");
    String file = OnnxFixtures.file(OnnxFixtures.GOOGLENET).toString();
    Cli outside = Cli.run("models", "import", file, "--mean", "123,117,104");
    assertThat(outside.code()).isEqualTo(2);
    assertThat(outside.errorLines()).contains("lies outside the input range 0..1");
    Cli badRange = Cli.run("models", "import", file, "--input-range", "0-255");
    assertThat(badRange.code()).isEqualTo(2);
    assertThat(badRange.errorLines()).contains("is not LO..HI");

    Path unknownOp = home.resolve("transpose.onnx");
    var input = OnnxProto.ValueInfoProto.newBuilder().setName("x").setType(OnnxProto.TypeProto.newBuilder()
        .setTensorType(OnnxProto.TypeProto.Tensor.newBuilder().setElemType(1).setShape(OnnxProto.TensorShapeProto
            .newBuilder().addDim(dim(1)).addDim(dim(3)).addDim(dim(8)).addDim(dim(8)))));
    var graph = OnnxProto.GraphProto.newBuilder().addInput(input).addNode(OnnxProto.NodeProto.newBuilder()
        .setOpType("Transpose").setName("swap").addInput("x").addOutput("y"));
    Files.write(unknownOp, OnnxProto.ModelProto.newBuilder().setIrVersion(7).addOpsetImport(OnnxProto
        .OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(graph).build().toByteArray());
    Cli r = Cli.run("models", "import", unknownOp.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errorLines().lines()).singleElement().asString()
        .contains("ONNX node 'swap' (Transpose) is an op deepdream does not support");
  }

  private static OnnxProto.TensorShapeProto.Dimension dim(long v) {
    return OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimValue(v).build();
  }
}
