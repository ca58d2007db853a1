package dev.deepdream.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.batch.BatchItem;
import dev.deepdream.batch.BatchRunner;
import dev.deepdream.batch.BatchSummary;
import dev.deepdream.batch.FolderTarget;
import dev.deepdream.batch.Manifest;
import dev.deepdream.batch.ManifestEntry;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.SettingsCodec;
import dev.deepdream.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job in local mode on three small photos: outputs once each, the same pixels as the CLI batch, retries. */
@Tag("model")
class SparkBatchTest {
  static final long SEED = 7;
  static final String[] SETTINGS = {"--mode", "simple", "--steps", "2", "--max-dim", "96", "--layers", "mixed3",
      "--seed", Long.toString(SEED)};
  static final List<String> NAMES = List.of("a.png", "b.png", "c.png");

  @TempDir
  Path tmp;

  private Path inputs() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    for (String n : NAMES) {
      Files.copy(Path.of("examples/chelsea.png"), in.resolve(n));
    }
    return in;
  }

  private BatchSummary spark(String master, Path in, Path out) throws Exception {
    List<String> args = new ArrayList<>(List.of(in.toString(), "-o", out.toString()));
    args.addAll(List.of(SETTINGS));
    SparkConf conf = new SparkConf().setAppName("deepdream test").setMaster(master)
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
    return SparkBatch.run(JobArgs.parse(args.toArray(String[]::new)), conf);
  }

  /** Every output once, nothing else left in OUTDIR but the manifest. */
  private static void assertCleanOutputs(Path out) throws Exception {
    try (Stream<Path> s = Files.walk(out)) {
      assertThat(s.filter(p -> !p.equals(out)).map(p -> out.relativize(p).toString()).sorted())
          .containsExactly("a.png", "b.png", "c.png", Manifest.FILE_NAME);
    }
    List<ManifestEntry> lines = Manifest.in(out).lines();
    assertThat(lines).extracting(ManifestEntry::relative).containsExactlyInAnyOrderElementsOf(NAMES);
    assertThat(lines).allMatch(ManifestEntry::done);
  }

  @Test
  void sparkLocalDreamsEveryInputOnceWithTheCliBatchPixels() throws Exception {
    Path in = inputs();
    Path out = tmp.resolve("out");
    BatchSummary summary = spark("local[2]", in, out);
    assertThat(summary.done()).isEqualTo(3);
    assertThat(summary.failed()).isEmpty();
    assertCleanOutputs(out);

    // The same items through BatchRunner in-process, as `deepdream batch --seed 7` runs them.
    Path ref = reference(in, NAMES, tmp.resolve("ref"));
    for (String n : NAMES) {
      assertThat(ImageFiles.read(out.resolve(n)).rgb()).as(n).isEqualTo(ImageFiles.read(ref.resolve(n)).rgb());
      assertThat(ImageFiles.readPngText(out.resolve(n)))
          .containsEntry("seed", Long.toString(BatchItem.deriveSeed(SEED, n)));
    }
    // A rerun skips every input: no task is dreamed.
    BatchSummary again = spark("local[2]", in, out);
    assertThat(again.skipped()).isEqualTo(3);
    assertThat(Manifest.in(out).lines()).hasSize(3);
  }

  @Test
  void aTaskThatDiesOnItsFirstAttemptIsRetriedAndLeavesNoDuplicateOrPartialFile() throws Exception {
    Path in = inputs();
    Path out = tmp.resolve("out");
    System.setProperty(AttemptTarget.FAIL_FIRST_ATTEMPT, "true");
    BatchSummary summary;
    try {
      summary = spark("local[2,2]", in, out); // local with up to 2 attempts per task
    } finally {
      System.clearProperty(AttemptTarget.FAIL_FIRST_ATTEMPT);
    }
    assertThat(summary.done()).isEqualTo(3);
    assertThat(summary.failed()).isEmpty();
    assertCleanOutputs(out);
    for (String n : NAMES) {
      assertThat(ImageFiles.read(out.resolve(n)).width()).isEqualTo(96);
    }
  }

  /**
   * {@code names} under {@code in} dreamed into {@code ref} by core's BatchRunner in this JVM, as
   * {@code deepdream batch} with {@link #SETTINGS} dreams them: the pixels every Spark run must give.
   */
  static Path reference(Path in, List<String> names, Path ref) throws Exception {
    List<String> a = new ArrayList<>(List.of(SETTINGS));
    a.addAll(List.of("-o", "unused", "x.png"));
    DreamConfig config = SettingsCodec.decode(JobArgs.parse(a.toArray(String[]::new)).settings(),
        ImageSource.files(ImageFiles.DEFAULT_MAX_PIXELS));
    try (DeepDream dd = new DeepDream(TestModels.store())) {
      BatchRunner runner = new BatchRunner(dd, config, new FolderTarget(ref, "png", 0.92f), Map.of(), false,
          ImageFiles.DEFAULT_MAX_PIXELS);
      List<BatchItem> items = names.stream().map(n -> BatchItem.of(in.resolve(n), n, SEED)).toList();
      assertThat(runner.run(items, o -> { }).done()).isEqualTo(names.size());
    }
    return ref;
  }
}
