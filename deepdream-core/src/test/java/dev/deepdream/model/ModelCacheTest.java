package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.io.Sha256;
import dev.deepdream.support.TestModels;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache that cannot rot: every load checks the entry's files against the hashes recorded when it
 * was cached; a damaged entry is refused naming the file and the repair, which works offline here
 * (npm is a script that copies a local package); concurrent fetches end with one good entry.
 * Works on copies of the tests' cached models in temporary homes.
 */
@Tag("model")
class ModelCacheTest {
  private static final String NAME = KnownModels.INCEPTION_V3;

  @TempDir
  Path tmp;

  /** The tests' home's npm copy of {@code model}, copied into a fresh home under {@code as}. */
  private Path copyEntry(String model, String as) throws IOException {
    Path from = TestModels.store().home().resolve("models").resolve(model + KnownModels.NPM_COPY);
    Path to = Files.createDirectories(tmp.resolve("home/models").resolve(as));
    for (String f : List.of("model.json", "weights.bin", "deepdream.json")) {
      Files.copy(from.resolve(f), to.resolve(f));
    }
    return to;
  }

  /** Sources that reach nothing: Keras's address is a closed loopback port, npm a script. */
  private ModelStore.Sources sources(List<String> npm) {
    return new ModelStore.Sources(URI.create("http://127.0.0.1:9/w.h5"), "0", KnownModels.NSFWJS_PACKAGE, npm,
        Duration.ofMillis(500));
  }

  private ModelStore store(Path home, List<String> npm, StringBuffer said) {
    return new ModelStore(home, sources(npm), text -> said.append(text).append('\n'));
  }

  private static void flipBits(Path file, long seed, int count) throws IOException {
    Random r = new Random(seed);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      for (int i = 0; i < count; i++) {
        long at = (long) (r.nextDouble() * f.length());
        f.seek(at);
        int b = f.read();
        f.seek(at);
        f.write(b ^ (1 << r.nextInt(8)));
      }
    }
  }

  /** Makes the entry in {@code dir} look as an older deepdream wrote it: no recorded file hashes. */
  private static Path asOldEntry(Path dir) throws IOException {
    Files.writeString(dir.resolve("deepdream.json"), CachedModel.readInfo(dir).withFileSha256(null).toJson());
    return dir;
  }

  @Test
  void anOldEntryGetsItsHashesRecordedThenBitFlipsAreRefusedNamingTheFileAndTheRepair() throws Exception {
    Path entry = asOldEntry(copyEntry(NAME, NAME));
    StringBuffer said = new StringBuffer();
    ModelStore store = store(tmp.resolve("home"), List.of("false"), said);
    assertThat(CachedModel.readInfo(entry).fileSha256()).as("the seeded entry predates recorded hashes").isNull();
    LoadedModel good = store.load(NAME);
    // An npm entry's sha256 is of its weights: checked, and the hashes of all files recorded for next time.
    assertThat(CachedModel.readInfo(entry).fileSha256()).containsOnlyKeys("weights.bin", "model.json")
        .containsEntry("weights.bin", Sha256.hex(entry.resolve("weights.bin")));
    assertThat(good.info().fileSha256()).isEqualTo(CachedModel.readInfo(entry).fileSha256());

    flipBits(entry.resolve("weights.bin"), 12, 3);
    assertThatThrownBy(() -> store.load(NAME)).isInstanceOf(CorruptModelException.class)
        .hasMessageContaining(entry.resolve("weights.bin").toString())
        .hasMessageContaining("deepdream models fetch inception_v3 --force")
        .hasMessageContaining("the cached model inception_v3 is damaged")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(said.toString()).doesNotContain("Fetching"); // a damaged entry is reported, never silently refetched
  }

  @Test
  void anOldEntryWithFlippedBitsIsRefusedByItsRecordedSha256() throws Exception {
    Path entry = asOldEntry(copyEntry(NAME, NAME));
    flipBits(entry.resolve("weights.bin"), 3, 1);
    ModelStore store = store(tmp.resolve("home"), List.of("false"), new StringBuffer());
    assertThatThrownBy(() -> store.load(NAME)).isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("weights.bin is truncated or altered")
        .hasMessageContaining("models fetch inception_v3 --force");
    assertThat(CachedModel.readInfo(entry).fileSha256()).as("nothing recorded for a damaged entry").isNull();
  }

  @Test
  void truncatedMissingAndAlteredFilesAreRefused() throws Exception {
    Path entry = copyEntry(NAME, NAME);
    ModelStore store = store(tmp.resolve("home"), List.of("false"), new StringBuffer());
    store.load(NAME); // records the hashes
    Path weights = entry.resolve("weights.bin");
    byte[] whole = Files.readAllBytes(weights);
    try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
      f.setLength(whole.length / 3);
    }
    assertThatThrownBy(() -> store.load(NAME)).isInstanceOf(CorruptModelException.class)
        .hasMessageContaining(weights + " is truncated or altered (" + whole.length / 3 + " bytes")
        .hasMessageContaining("deepdream models fetch inception_v3 --force");
    Files.delete(weights);
    assertThatThrownBy(() -> store.load(NAME)).isInstanceOf(CorruptModelException.class)
        .hasMessageContaining(weights + " is missing").hasMessageContaining("models fetch inception_v3 --force");
    Files.write(weights, whole);
    // A changed quantization scale in model.json would alter the weights as surely as the bytes do.
    Path json = entry.resolve("model.json");
    Files.writeString(json, Files.readString(json).replaceFirst("\"scale\":", "\"scale\": "));
    assertThatThrownBy(() -> store.load(NAME)).isInstanceOf(CorruptModelException.class)
        .hasMessageContaining(json + " is truncated or altered");
  }

  @Test
  void anImportedModelSaysToImportItAgain() throws Exception {
    Path entry = copyEntry(NAME, "mine");
    flipBits(entry.resolve("weights.bin"), 5, 1);
    ModelStore store = store(tmp.resolve("home"), List.of("false"), new StringBuffer());
    assertThatThrownBy(() -> store.load("mine")).isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("deepdream models import FILE-OR-FOLDER --name mine");
  }

  /** An nsfwjs-like package holding the tests' npm copy of {@code model}, in a temporary folder. */
  private Path packageWith(String model) throws IOException {
    Path from = TestModels.store().home().resolve("models").resolve(model + KnownModels.NPM_COPY);
    Path tgz = tmp.resolve("nsfwjs-" + model + ".tgz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz)) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        };
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      for (String f : List.of("model.json", "weights.bin")) {
        TarArchiveEntry e = new TarArchiveEntry("package/dist/models/" + model + "/" + f);
        e.setSize(Files.size(from.resolve(f)));
        tar.putArchiveEntry(e);
        Files.copy(from.resolve(f), tar);
        tar.closeArchiveEntry();
      }
    }
    return tgz;
  }

  /** An "npm" that notes each run in {@code runs}, takes a moment, and "packs" {@code tgz}. */
  private static List<String> fakeNpm(Path tgz, Path runs) {
    return List.of("sh", "-c", "echo run >> \"$1\"; sleep 0.5; cp \"$2\" .", "npm", runs.toString(), tgz.toString());
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void fetchForceReplacesADamagedEntry() throws Exception {
    Path entry = copyEntry(NAME, NAME);
    Path runs = tmp.resolve("runs");
    StringBuffer said = new StringBuffer();
    ModelStore store = store(tmp.resolve("home"), fakeNpm(packageWith(NAME), runs), said);
    flipBits(entry.resolve("weights.bin"), 7, 2);
    assertThatThrownBy(() -> store.load(NAME)).isInstanceOf(CorruptModelException.class);
    assertThat(store.fetch(NAME, false)).as("without --force a cached entry is kept").isFalse();
    assertThat(store.fetch(NAME, true)).isTrue();
    assertThat(said.toString()).contains("Cached inception_v3 from npm package");
    LoadedModel repaired = store.load(NAME);
    assertThat(repaired.weights().size()).isEqualTo(TestModels.inception().weights().size());
    assertThat(CachedModel.readInfo(entry).fileSha256().get("weights.bin"))
        .isEqualTo(Sha256.hex(TestModels.store().home().resolve("models/inception_v3@nsfwjs/weights.bin")));
    assertNoLeftovers(tmp.resolve("home/models"), NAME, NAME + KnownModels.NPM_COPY);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void twoThreadsFetchingAtOnceEndWithOneGoodEntry() throws Exception {
    Path home = tmp.resolve("home");
    Path runs = tmp.resolve("runs");
    List<String> npm = fakeNpm(packageWith(KnownModels.MOBILENET_V2), runs);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<LoadedModel>> loads = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        ModelStore store = store(home, npm, new StringBuffer()); // a store each, as two processes have
        Callable<LoadedModel> load = () -> {
          start.await();
          return store.load(KnownModels.MOBILENET_V2);
        };
        loads.add(pool.submit(load));
      }
      start.countDown();
      for (Future<LoadedModel> f : loads) {
        assertThat(f.get(60, TimeUnit.SECONDS).weights().size()).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(Files.readAllLines(runs)).as("npm ran once; the second waited and found the entry").hasSize(1);
    assertNoLeftovers(home.resolve("models"), KnownModels.MOBILENET_V2, KnownModels.MOBILENET_V2 + KnownModels.NPM_COPY);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void twoProcessesFetchingAtOnceEndWithOneGoodEntry() throws Exception {
    Path home = tmp.resolve("home");
    Path runs = tmp.resolve("runs");
    Path tgz = packageWith(KnownModels.MOBILENET_V2);
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), FetchInChild.class.getName(), home.toString(),
          KnownModels.MOBILENET_V2));
      cmd.addAll(fakeNpm(tgz, runs));
      children.add(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }
    for (Process p : children) {
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("loaded mobilenet_v2");
    }
    assertThat(Files.readAllLines(runs)).as("npm ran once; the other process waited and found the entry").hasSize(1);
    assertNoLeftovers(home.resolve("models"), KnownModels.MOBILENET_V2, KnownModels.MOBILENET_V2 + KnownModels.NPM_COPY);
    StringBuffer said = new StringBuffer();
    assertThat(store(home, List.of("false"), said).load(KnownModels.MOBILENET_V2).weights().size()).isPositive();
  }

  /**
   * The check's cost: SHA-256 of the weights (22 MB quantized; 90 MB as float32 would be) against
   * a load from the cache, best of 5 after warm-up. Printed for docs/benchmarks.md.
   */
  @Test
  void theHashCheckCostsLittleAgainstALoad() throws Exception {
    copyEntry(NAME, NAME);
    ModelStore store = store(tmp.resolve("home"), List.of("false"), new StringBuffer());
    byte[] quantized = Files.readAllBytes(tmp.resolve("home/models/inception_v3/weights.bin"));
    byte[] float32 = new byte[4 * 22_000_000];
    new Random(1).nextBytes(float32);
    double load = Double.MAX_VALUE;
    double hash22 = Double.MAX_VALUE;
    double hash90 = Double.MAX_VALUE;
    for (int i = 0; i < 6; i++) {
      long t0 = System.nanoTime();
      store.load(NAME);
      long t1 = System.nanoTime();
      Sha256.hex(quantized);
      long t2 = System.nanoTime();
      Sha256.hex(float32);
      long t3 = System.nanoTime();
      if (i > 0) {
        load = Math.min(load, (t1 - t0) / 1e6);
        hash22 = Math.min(hash22, (t2 - t1) / 1e6);
        hash90 = Math.min(hash90, (t3 - t2) / 1e6);
      }
    }
    System.out.printf("cache check: load of inception_v3 (22.4 MB uint8, hash included) %.0f ms; SHA-256 of its "
        + "weights %.0f ms (%.0f%% of the load); SHA-256 of 88 MB (float32 InceptionV3) %.0f ms%n", load, hash22,
        100 * hash22 / load, hash90);
    assertThat(hash22).as("ms to hash 22 MB").isLessThan(500); // a loose bound: shared machines vary
  }

  /** The entries named: no temporary or old folders (lock files live apart, in locks/). */
  private static void assertNoLeftovers(Path models, String... entries) throws IOException {
    try (Stream<Path> s = Files.list(models)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(entries);
    }
  }

  /** A second process for the test above: loads (so fetches) a model with the given npm command. */
  static final class FetchInChild {
    public static void main(String[] args) throws Exception {
      ModelStore.Sources sources = new ModelStore.Sources(URI.create("http://127.0.0.1:9/w.h5"), "0",
          KnownModels.NSFWJS_PACKAGE, List.of(args).subList(2, args.length), Duration.ofMillis(500));
      ModelStore store = new ModelStore(Path.of(args[0]), sources, text -> System.out.println("[store] " + text));
      LoadedModel m = store.load(args[1]);
      System.out.println("loaded " + args[1] + " (" + m.weights().size() + " tensors)");
    }
  }
}
