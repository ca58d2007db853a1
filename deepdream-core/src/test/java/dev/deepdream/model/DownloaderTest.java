package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.deepdream.io.Sha256;
import dev.deepdream.support.KerasWeightsFile;
import dev.deepdream.support.TestModels;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download path against a local HTTP server on loopback. */
@Tag("model")
class DownloaderTest {
  @TempDir
  Path tmp;

  private HttpServer server;
  private final byte[] payload = new byte[300_000];
  private String md5;

  @BeforeEach
  void start() throws Exception {
    new Random(1).nextBytes(payload);
    md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(payload));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/good.h5", ex -> {
      ex.sendResponseHeaders(200, payload.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(payload);
      }
    });
    server.createContext("/truncated.h5", ex -> {
      ex.sendResponseHeaders(200, payload.length); // promises everything, sends half, then hangs up
      OutputStream out = ex.getResponseBody();
      out.write(payload, 0, payload.length / 2);
      out.flush();
      ex.getHttpContext().getServer(); // keep the reference
      ex.close();
    });
    server.createContext("/missing.h5", ex -> {
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private Downloader downloader() {
    return new Downloader(Duration.ofSeconds(2));
  }

  @Test
  void goodFileLandsWholeWithProgress() throws Exception {
    Path target = tmp.resolve("cache/w.h5");
    long[] last = {0, 0};
    downloader().download(url("/good.h5"), target, md5, (done, total) -> {
      last[0] = done;
      last[1] = total;
    });
    assertThat(Files.readAllBytes(target)).isEqualTo(payload);
    assertThat(last).containsExactly(payload.length, payload.length);
    assertOnly(tmp.resolve("cache"), "w.h5");
  }

  @Test
  void wrongHashLeavesNothing() throws Exception {
    Path target = tmp.resolve("cache/w.h5");
    assertThatThrownBy(() -> downloader().download(url("/good.h5"), target, "0123456789abcdef0123456789abcdef",
        (d, t) -> {})).hasMessageContaining("MD5").hasMessageContaining(md5);
    assertOnly(tmp.resolve("cache"));
  }

  @Test
  void truncatedTransferLeavesNothing() throws Exception {
    Path target = tmp.resolve("cache/w.h5");
    assertThatThrownBy(() -> downloader().download(url("/truncated.h5"), target, md5, (d, t) -> {}))
        .isInstanceOf(IOException.class).hasMessageContaining("truncated.h5");
    assertOnly(tmp.resolve("cache"));
  }

  @Test
  void httpErrorAndServerDownLeaveNothing() throws Exception {
    Path target = tmp.resolve("cache/w.h5");
    assertThatThrownBy(() -> downloader().download(url("/missing.h5"), target, md5, (d, t) -> {}))
        .hasMessageContaining("HTTP 404");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> downloader().download(URI.create("http://127.0.0.1:" + port + "/w.h5"), target, md5,
        (d, t) -> {})).hasMessageContaining("cannot reach");
    assertThat(Files.exists(target)).isFalse();
  }

  @Test
  void storeFallsBackAndEndsInAClearErrorWithoutHalfWrittenEntries() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path home = tmp.resolve("home");
    // The Keras download is down and "npm" is a command that fails: the store must say how to place weights.
    ModelStore.Sources sources = new ModelStore.Sources(URI.create("http://127.0.0.1:" + port + "/w.h5"), md5,
        "nsfwjs@4.4.0", List.of("false"), Duration.ofSeconds(2));
    StringBuilder said = new StringBuilder();
    ModelStore store = new ModelStore(home, sources, text -> said.append(text).append('\n'));
    assertThatThrownBy(() -> store.load("inception_v3")).isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("--weights FILE").hasMessageContaining("cannot reach").hasMessageContaining("npm pack");
    assertThat(said.toString()).contains("trying npm package nsfwjs@4.4.0");
    assertThat(store.isCached("inception_v3")).isFalse();
    assertThat(store.list()).isEmpty();
    if (Files.exists(home.resolve("models"))) {
      assertOnly(home.resolve("models"));
    }
    if (Files.exists(home.resolve("downloads"))) {
      assertOnly(home.resolve("downloads"));
    }
  }

  @Test
  void downloadedFileThatIsNotHdf5IsRejectedAndRemoved() throws Exception {
    Path home = tmp.resolve("home2");
    ModelStore.Sources sources = new ModelStore.Sources(url("/good.h5"), md5, "nsfwjs@4.4.0", List.of("false"),
        Duration.ofSeconds(2));
    StringBuilder said = new StringBuilder();
    ModelStore store = new ModelStore(home, sources, text -> said.append(text).append('\n'));
    assertThatThrownBy(() -> store.fetch("inception_v3")).hasMessageContaining("not a readable HDF5 file");
    assertThat(store.isCached("inception_v3")).isFalse();
    assertOnly(home.resolve("downloads"));
    // The hash was right: a failed conversion is a bug, not an unavailable download.
    assertThat(said.toString()).doesNotContain("unavailable")
        .contains("The Keras download succeeded (MD5 verified) but converting it failed, which is a bug")
        .contains("not a readable HDF5 file").contains("trying npm package nsfwjs@4.4.0")
        .contains("mixed6..mixed10").contains("not ImageNet");
  }

  @Test
  void kerasFileDownloadedWithItsHashEndsConvertedInTheCache() throws Exception {
    Path file = KerasWeightsFile.nsfwjsInception();
    byte[] bytes = Files.readAllBytes(file);
    String fileMd5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    server.createContext("/inception.h5", ex -> {
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    });
    Path home = tmp.resolve("home3");
    // npm is a failing command: only the downloaded file can fill the cache.
    ModelStore.Sources sources = new ModelStore.Sources(url("/inception.h5"), fileMd5, "nsfwjs@4.4.0",
        List.of("false"), Duration.ofSeconds(2));
    StringBuilder said = new StringBuilder();
    ModelStore store = new ModelStore(home, sources, text -> said.append(text).append('\n'));
    store.fetch("inception_v3");
    assertThat(said.toString()).doesNotContain("unavailable").doesNotContain("npm");
    ModelInfo info = store.info("inception_v3");
    assertThat(info.source()).isEqualTo("Keras applications download " + url("/inception.h5") + " (md5 " + fileMd5
        + ")");
    assertThat(info.imagenetUpTo()).isNull();
    assertThat(info.imagenetSummary()).isEqualTo("ImageNet, all layers");
    assertThat(info.quantized()).isFalse();
    assertThat(info.sha256()).isEqualTo(Sha256.hex(file));
    LoadedModel cached = store.load("inception_v3");
    WeightSet nsfwjs = TestModels.inception().weights();
    assertThat(cached.weights().size()).isEqualTo(4 * 94); // kernel; beta, moving mean and variance
    for (WeightTensor w : cached.weights().all()) {
      // isEqualTo compares with Arrays.equals: AssertJ's element diff of millions of floats never ends.
      assertThat(Arrays.equals(w.data(), nsfwjs.get(w.name()).data())).as(w.name() + " equals the nsfwjs tensor")
          .isTrue();
    }
    assertOnly(home.resolve("downloads"));
    assertOnly(home.resolve("models"), "inception_v3");
  }

  private static void assertOnly(Path dir, String... names) throws IOException {
    if (!Files.exists(dir)) {
      assertThat(names).isEmpty();
      return;
    }
    try (Stream<Path> s = Files.list(dir)) {
      // Only the entries: lock files live apart, in locks/.
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(names);
    }
  }
}
