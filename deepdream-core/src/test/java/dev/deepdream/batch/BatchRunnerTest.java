package dev.deepdream.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.Mode;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner over a folder with a corrupt file: failures recorded, finished inputs skipped on a rerun. */
@Tag("model")
class BatchRunnerTest {
  static DeepDream dd;
  static final DreamConfig CONFIG = DreamConfig.builder().mode(Mode.SIMPLE).steps(2).maxDim(96)
      .layers(Map.of("mixed3", 1.0)).build();

  @TempDir
  Path tmp;

  @BeforeAll
  static void open() {
    dd = new DeepDream(TestModels.store());
  }

  @AfterAll
  static void close() {
    dd.close();
  }

  /** Runs the folder as the CLI would: the earlier manifest's lines, outcomes appended to it. */
  private record Run(BatchRunner runner, BatchSummary summary, List<BatchOutcome> outcomes) {}

  private Run run(Path in, Path out, boolean force) throws Exception {
    List<BatchItem> items = BatchInputs.expand(List.of(in.toString()), out).stream()
        .map(i -> BatchItem.of(i.path(), i.relative(), 42)).toList();
    List<BatchOutcome> outcomes = new ArrayList<>();
    try (Manifest manifest = Manifest.in(out)) {
      BatchRunner runner = new BatchRunner(dd, CONFIG, new FolderTarget(out, "png", 0.92f), manifest.read(), force,
          ImageFiles.DEFAULT_MAX_PIXELS);
      BatchSummary summary = runner.run(items, manifest.sink().andThen(outcomes::add));
      return new Run(runner, summary, outcomes);
    }
  }

  @Test
  void aCorruptInputFailsAloneAndARerunSkipsWhatIsDoneAndRetriesIt() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in/sub"));
    Files.copy(Path.of("examples/chelsea.png"), in.resolve("../img2.png"));
    Files.copy(Path.of("examples/coffee.png"), in.resolve("img1.png"));
    Path bad = Files.writeString(tmp.resolve("in/img10.png"), "not a picture");
    Path out = tmp.resolve("out");

    Run first = run(tmp.resolve("in"), out, false);
    assertThat(first.outcomes().stream().map(o -> o.item().relativePath()))
        .containsExactly("img2.png", "img10.png", "sub/img1.png");
    assertThat(first.outcomes().stream().map(BatchOutcome::status)).containsExactly(BatchOutcome.Status.DONE,
        BatchOutcome.Status.FAILED, BatchOutcome.Status.DONE);
    assertThat(first.summary().failed().get(0).error()).contains("img10.png").contains("not an image");
    assertThat(first.runner().dreamsRun()).isEqualTo(2);
    assertThat(first.runner().stepsTaken()).isEqualTo(4);
    assertThat(out.resolve("img2.png")).exists();
    assertThat(out.resolve("sub/img1.png")).exists();
    assertThat(out.resolve("img10.png")).doesNotExist();
    Map<String, String> meta = ImageFiles.readPngText(out.resolve("sub/img1.png"));
    assertThat(meta).containsEntry("seed", Long.toString(BatchItem.deriveSeed(42, "sub/img1.png")))
        .containsEntry("mode", "simple").containsKey("software");
    int[] before = ImageFiles.read(out.resolve("img2.png")).rgb();

    // Rerun: no gradient step for the finished inputs; the failed one is tried again.
    Run second = run(tmp.resolve("in"), out, false);
    assertThat(second.outcomes().stream().map(BatchOutcome::status)).containsExactly(BatchOutcome.Status.SKIPPED,
        BatchOutcome.Status.FAILED, BatchOutcome.Status.SKIPPED);
    assertThat(second.runner().stepsTaken()).isZero();
    assertThat(second.runner().dreamsRun()).isZero();

    // Repaired, it is dreamed: exactly its own two steps.
    Files.copy(Path.of("examples/chelsea.png"), bad, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Run third = run(tmp.resolve("in"), out, false);
    assertThat(third.summary().toString()).isEqualTo("1 done, 2 skipped, 0 failed");
    assertThat(third.runner().stepsTaken()).isEqualTo(2);
    Map<String, ManifestEntry> latest = Manifest.in(out).read();
    assertThat(latest.values()).allMatch(ManifestEntry::done);
    assertThat(Manifest.in(out).lines()).hasSize(5); // 3 + the retried failure + the repaired one

    // Forced, everything is redone, to the same pixels (the seeds are derived, not drawn).
    Run forced = run(tmp.resolve("in"), out, true);
    assertThat(forced.summary().toString()).isEqualTo("3 done, 0 skipped, 0 failed");
    assertThat(forced.runner().stepsTaken()).isEqualTo(6);
    assertThat(Arrays.equals(ImageFiles.read(out.resolve("img2.png")).rgb(), before)).isTrue();
  }

  @Test
  void changedSettingsOrAMissingOutputAreNotSkipped() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.copy(Path.of("examples/coffee.png"), in.resolve("a.png"));
    Path out = tmp.resolve("out");
    run(in, out, false);
    Files.delete(out.resolve("a.png"));
    Run again = run(in, out, false);
    assertThat(again.summary().done()).isEqualTo(1);
    List<BatchItem> items = List.of(BatchItem.of(in.resolve("a.png"), "a.png", 42));
    BatchRunner other = new BatchRunner(dd, CONFIG.toBuilder().steps(1).build(), new FolderTarget(out, "png", 0.92f),
        Manifest.in(out).read(), false, ImageFiles.DEFAULT_MAX_PIXELS);
    assertThat(other.run(items, o -> { }).done()).isEqualTo(1);
  }
}
