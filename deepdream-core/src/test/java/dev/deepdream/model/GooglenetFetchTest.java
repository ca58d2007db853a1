package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.DreamResult;
import dev.deepdream.dream.Presets;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.io.Sha256;
import dev.deepdream.settings.SettingsCodec;
import dev.deepdream.support.OnnxFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models fetch googlenet} against a local HTTP server serving a generated GoogLeNet-shaped
 * file (googlenet-tiny, with the Caffe2 converter's names) in place of the zoo's: size and SHA-256
 * checked, imported with Caffe's input convention, verified on every load, dreamable with the
 * classic preset; and a clear line when it cannot be fetched.
 */
@Tag("fast")
class GooglenetFetchTest {
  @TempDir
  Path home;

  private HttpServer server;
  private byte[] file;

  @BeforeEach
  void start() throws IOException {
    file = Files.readAllBytes(OnnxFixtures.file(OnnxFixtures.GOOGLENET));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/googlenet-12.onnx", ex -> {
      ex.sendResponseHeaders(200, file.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(file);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ModelStore store(Path at, String sha256, long size) {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/googlenet-12.onnx");
    return new ModelStore(at, ModelStore.Sources.defaults().withGooglenet(new KnownModels.Download(url, sha256, size)),
        ModelStore.Listener.silent());
  }

  @Test
  void fetchDownloadsChecksImportsWithCaffesConventionAndVerifiesEveryLoad() throws IOException {
    ModelStore store = store(home, Sha256.hex(file), file.length);
    assertThat(store.fetch(KnownModels.GOOGLENET, false)).isTrue();
    assertThat(store.fetch(KnownModels.GOOGLENET, false)).isFalse(); // cached now
    ModelInfo info = store.info(KnownModels.GOOGLENET);
    assertThat(info.source()).contains("/googlenet-12.onnx").contains(Sha256.hex(file));
    assertThat(info.inputConvention()).isEqualTo(InputConvention.CAFFE);
    assertThat(info.inputMin()).isEqualTo(0);
    assertThat(info.inputMax()).isEqualTo(255);
    try (var files = Files.list(home.resolve("downloads"))) {
      assertThat(files).as("the download is gone once converted").isEmpty();
    }

    LoadedModel model = store.load(KnownModels.GOOGLENET);
    assertThat(model.info().defaultLayers()).isEqualTo("inception_4c/output");
    assertThat(model.info().imagenetSummary()).isEqualTo("ImageNet, all layers");
    List<String> listed = model.info().dreamable(model.graph());
    assertThat(listed).contains("conv1/7x7_s2", "pool1/norm1", "conv2/3x3", "inception_4c/output", "prob")
        .doesNotContain("conv2/3x3_1", "conv2/3x3_2", "inception_4c/output_1", "data_0");
    // The converter's own names stay valid: conv2/3x3_1 is the convolution, before its ReLU.
    assertThat(model.graph().has("conv2/3x3_1")).isTrue();
    assertThat(model.graph().layer("conv2/3x3").input()).isEqualTo("conv2/3x3_2");

    Path weights = home.resolve("models").resolve(KnownModels.GOOGLENET).resolve("weights.bin");
    byte[] w = Files.readAllBytes(weights);
    w[w.length / 2] ^= 1;
    Files.write(weights, w);
    assertThatThrownBy(() -> store.load(KnownModels.GOOGLENET)).isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("googlenet").hasMessageContaining("weights.bin");
  }

  @Test
  void aFileOfAnotherHashOrSizeIsRefusedAndNothingIsCached() {
    ModelStore wrongHash = store(home.resolve("a"), "0".repeat(64), file.length);
    assertThatThrownBy(() -> wrongHash.fetch(KnownModels.GOOGLENET)).isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("SHA-256").hasMessageContaining("not the published file")
        .hasMessageContaining("deepdream models import FILE --name googlenet").hasMessageNotContaining("\n");
    assertThat(wrongHash.isCached(KnownModels.GOOGLENET)).isFalse();
    ModelStore wrongSize = store(home.resolve("b"), Sha256.hex(file), file.length + 1);
    assertThatThrownBy(() -> wrongSize.fetch(KnownModels.GOOGLENET)).hasMessageContaining("bytes, expected");
  }

  @Test
  void dreamingOnItWhenItCannotBeFetchedSaysHowToFetchOrImportIt() {
    ModelStore offline = new ModelStore(home, ModelStore.Sources.defaults().withGooglenet(new KnownModels.Download(
        URI.create("http://127.0.0.1:9/googlenet-12.onnx"), Sha256.hex(file), file.length)),
        ModelStore.Listener.silent());
    try (DeepDream dd = new DeepDream(offline)) {
      Picture photo = ImageFiles.read(OnnxFixtures.DIR.resolve("photo-odd.png"));
      assertThatThrownBy(() -> dd.dream(photo, Presets.builder("classic").build(), DreamListener.none()))
          .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("model googlenet is not cached")
          .hasMessageContaining("deepdream models fetch googlenet")
          .hasMessageContaining("deepdream models import FILE --name googlenet")
          .hasMessageContaining("huggingface.co/onnxmodelzoo").hasMessageNotContaining("\n");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theClassicPresetDreamsOnACaffeNamedLayerAndTheRecordSaysHowPixelsWereFed() throws IOException {
    ModelStore store = store(home, Sha256.hex(file), file.length);
    try (DeepDream dd = new DeepDream(store)) {
      Picture photo = ImageFiles.read(OnnxFixtures.DIR.resolve("photo-224.png"));
      DreamConfig config = Presets.builder("classic").steps(2).seed(3L).build();
      assertThat(config.model()).isEqualTo(KnownModels.GOOGLENET);
      DreamResult result = dd.dream(photo, config, DreamListener.none());
      assertThat(result.picture().width()).isEqualTo(photo.width());
      assertThat(result.losses()).hasSize(8).allMatch(Float::isFinite);
      Map<String, String> record = SettingsCodec.record(result);
      assertThat(record).containsEntry("model", "googlenet").containsEntry("objective", "inception_4c/output^2")
          .containsEntry("step_rule", "mean-abs").containsEntry("jitter", "32").containsEntry("octaves", "-3..0")
          .containsEntry("model_input", "RGB 0..255, minus mean (R,G,B) 123.68,116.779,103.939, as BGR");
      assertThat(Double.parseDouble(record.get("step_size")) * 127.5).isCloseTo(1.5,
          org.assertj.core.data.Offset.offset(1e-12));
      assertThat(result.picture().toFloat(0, 255).data()).isNotEqualTo(photo.toFloat(0, 255).data());
    }
  }
}
