package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.batch.Manifest;
import dev.deepdream.visualize.Atlas;
import dev.deepdream.visualize.AtlasFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The atlas command end to end: four channels, atlas.json, the page, a rerun that changes nothing, bad usage. */
@Tag("model")
class AtlasCommandTest {
  @TempDir
  Path tmp;

  private static Cli atlas(Path dir, String... more) {
    List<String> args = new ArrayList<>(List.of("atlas", "-o", dir.toString(), "--model", "inception_v3", "--size",
        "96", "--steps", "4"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  /** Every file under {@code dir} with its bytes' hash and modification time. */
  private static Map<String, String> snapshot(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), dev.deepdream.io.Sha256.hex(p) + " " + Files.getLastModifiedTime(p));
      }
    }
    return out;
  }

  @Test
  void fourChannelsGiveFourPicturesAtlasJsonAndAPageAndARerunChangesNothing() throws Exception {
    Path dir = tmp.resolve("atlas");
    Cli r = atlas(dir, "--layers", "mixed3", "--channels", "0..3", "--seed", "5");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("4 drawn, 0 skipped").contains("index.html");
    assertThat(r.err()).contains("channel 4/4 mixed3:3: drawn").contains("overall ETA");
    Atlas atlas = AtlasFolder.read(dir);
    assertThat(atlas.entries()).hasSize(4).extracting(Atlas.Entry::objective)
        .containsExactly("mixed3:0", "mixed3:1", "mixed3:2", "mixed3:3");
    assertThat(atlas.model()).isEqualTo("inception_v3");
    assertThat(atlas.head()).isEqualTo("dense_3");
    assertThat(atlas.entries().get(0).topClasses()).hasSize(3);
    assertThat(atlas.entries().get(0).settings()).containsEntry("objective", "mixed3:0").containsEntry("size", "96");
    assertThat(atlas.layers()).containsExactly(new Atlas.Layer("mixed3", 768, 4));
    assertThat(atlas.notes()).anyMatch(n -> n.contains("not ImageNet's classes"));
    for (Atlas.Entry e : atlas.entries()) {
      assertThat(dir.resolve(e.file())).isRegularFile();
    }
    assertThat(Files.readString(dir.resolve("index.html"))).contains("mixed3/0003.png");
    Map<String, String> before = snapshot(dir);
    assertThat(before).containsOnlyKeys("atlas.json", "index.html", Manifest.FILE_NAME, "mixed3/0000.png",
        "mixed3/0001.png", "mixed3/0002.png", "mixed3/0003.png");

    Cli again = atlas(dir, "--layers", "mixed3", "--channels", "0..3");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("0 drawn, 4 skipped");
    assertThat(again.err()).contains("seed 5 (recorded").doesNotContain("channel 1/");
    assertThat(snapshot(dir)).isEqualTo(before);

    // Other settings draw again; more channels add to the same atlas.
    Cli more = atlas(dir, "--layers", "mixed3", "--channels", "3..4");
    assertThat(more.out()).contains("1 drawn, 1 skipped");
    assertThat(AtlasFolder.read(dir).entries()).hasSize(5);
  }

  @Test
  void badUsageIsOneLineAndExitCodeTwo() throws Exception {
    Cli layer = atlas(tmp.resolve("a"), "--layers", "mixd3");
    assertThat(layer.code()).isEqualTo(2);
    assertThat(layer.errorLines()).contains("unknown layer 'mixd3'");
    Cli channels = atlas(tmp.resolve("a"), "--layers", "mixed3", "--channels", "2000..2001");
    assertThat(channels.code()).isEqualTo(2);
    assertThat(channels.errorLines()).contains("names no channel");
    Path file = Files.writeString(tmp.resolve("file"), "x");
    Cli notDir = atlas(file, "--layers", "mixed3");
    assertThat(notDir.code()).isEqualTo(2);
    assertThat(notDir.errorLines()).contains("is a file, not a folder");
    assertThat(tmp.resolve("a")).doesNotExist();
  }
}
