package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.batch.Manifest;
import dev.deepdream.batch.ManifestEntry;
import dev.deepdream.image.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepdream batch} end to end: exit codes, the manifest, resuming, and the same pixels as {@code dream}. */
class BatchCommandTest {
  private static final String[] LIGHT = {"--mode", "simple", "--steps", "2", "--max-dim", "96", "--layers", "mixed3"};

  @TempDir
  Path tmp;

  private static String[] args(String... first) {
    String[] all = Arrays.copyOf(first, first.length + LIGHT.length);
    System.arraycopy(LIGHT, 0, all, first.length, LIGHT.length);
    return all;
  }

  @Test
  @Tag("model")
  void aCorruptFileFailsAloneWithExit1AndARerunSkipsTheRest() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("photos/more"));
    Files.copy(Path.of("examples/chelsea.png"), tmp.resolve("photos/cat.png"));
    Files.copy(Path.of("examples/rocket.jpg"), in.resolve("rocket.jpg"));
    Files.writeString(tmp.resolve("photos/broken.jpg"), "not a picture");
    Path out = tmp.resolve("out");
    Cli r = Cli.run(args("batch", tmp.resolve("photos").toString(), "-o", out.toString(), "--seed", "9"));
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.errorLines().lines()).singleElement().asString().contains("broken.jpg").contains("not an image");
    assertThat(r.err()).contains("item 1/3 broken.jpg: failed").contains("item 2/3 cat.png")
        .contains("item 3/3 more/rocket.jpg: done").contains("overall ETA").contains("step 2/2");
    assertThat(r.out()).contains("batch: 2 done, 0 skipped, 1 failed");
    assertThat(out.resolve("cat.png")).exists();
    assertThat(out.resolve("more/rocket.png")).exists();
    assertThat(out.resolve("broken.png")).doesNotExist();
    Map<String, ManifestEntry> m = Manifest.in(out).read();
    assertThat(m.get("broken.jpg").status()).isEqualTo("failed");
    assertThat(m.get("broken.jpg").error()).contains("not an image");
    assertThat(m.get("cat.png").output()).isEqualTo("cat.png");
    assertThat(m.get("more/rocket.jpg").settings()).containsEntry("mode", "simple");

    // Without --seed, the rerun reuses the recorded one, so the finished inputs match and are skipped.
    Cli again = Cli.run(args("batch", tmp.resolve("photos").toString(), "-o", out.toString()));
    assertThat(again.code()).as(again.err()).isEqualTo(1);
    assertThat(again.out()).contains("batch: 0 done, 2 skipped, 1 failed");
    assertThat(again.err()).doesNotContain("step 1/2").contains("seed 9");
    assertThat(Manifest.in(out).lines()).hasSize(4);
  }

  @Test
  @Tag("model")
  void batchAndDreamWithTheDerivedSeedGiveTheSamePixelsAndForceRedoes() throws Exception {
    Path photo = Files.copy(Path.of("examples/coffee.png"), tmp.resolve("coffee.png"));
    Path out = tmp.resolve("out");
    Cli batch = Cli.run(args("batch", tmp + "/*.png", "-o", out.toString(), "--seed", "5"));
    assertThat(batch.code()).as(batch.err()).isZero();
    ManifestEntry e = Manifest.in(out).read().get("coffee.png");
    assertThat(e.seed()).isEqualTo(dev.deepdream.batch.BatchItem.deriveSeed(5, "coffee.png"));
    Path single = tmp.resolve("single.png");
    Cli dream = Cli.run(args("dream", photo.toString(), "-o", single.toString(), "--seed", Long.toString(e.seed())));
    assertThat(dream.code()).as(dream.err()).isZero();
    assertThat(Arrays.equals(ImageFiles.read(out.resolve("coffee.png")).rgb(), ImageFiles.read(single).rgb()))
        .isTrue();

    Cli skip = Cli.run(args("batch", photo.toString(), "-o", out.toString(), "--seed", "5"));
    assertThat(skip.out()).contains("0 done, 1 skipped");
    Cli forced = Cli.run(args("batch", photo.toString(), "-o", out.toString(), "--seed", "5", "--force",
        "--format", "jpg"));
    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("1 done, 0 skipped");
    assertThat(out.resolve("coffee.jpg")).exists();
  }

  @Test
  @Tag("fast")
  void badUsageExitsWith2() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Cli none = Cli.run(args("batch", empty.toString(), "-o", tmp.resolve("o").toString()));
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.errorLines()).contains("matches no picture");
    Path photo = Files.copy(Path.of("examples/coffee.png"), tmp.resolve("coffee.png"));
    Path file = Files.writeString(tmp.resolve("file"), "x");
    Cli outFile = Cli.run(args("batch", photo.toString(), "-o", file.toString()));
    assertThat(outFile.code()).isEqualTo(2);
    assertThat(outFile.errorLines()).contains("is a file, not a folder");
    Cli jobs = Cli.run(args("batch", photo.toString(), "-o", tmp.resolve("o").toString(), "--jobs", "2"));
    assertThat(jobs.code()).isEqualTo(2);
    assertThat(jobs.errorLines()).contains("only 1 is supported");
    Cli format = Cli.run(args("batch", photo.toString(), "-o", tmp.resolve("o").toString(), "--format", "gif"));
    assertThat(format.code()).isEqualTo(2);
    Files.copy(Path.of("examples/chelsea.png"), tmp.resolve("coffee.jpg"));
    Cli clash = Cli.run(args("batch", photo.toString(), tmp.resolve("coffee.jpg").toString(), "-o",
        tmp.resolve("o").toString()));
    assertThat(clash.code()).isEqualTo(2);
    assertThat(clash.errorLines()).contains("would both write");
    assertThat(tmp.resolve("o")).doesNotExist();
  }
}
