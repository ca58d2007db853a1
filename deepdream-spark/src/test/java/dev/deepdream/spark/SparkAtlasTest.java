package dev.deepdream.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.batch.Manifest;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.model.LoadedModel;
import dev.deepdream.support.TestModels;
import dev.deepdream.visualize.Atlas;
import dev.deepdream.visualize.AtlasFolder;
import dev.deepdream.visualize.AtlasPlan;
import dev.deepdream.visualize.AtlasRunner;
import dev.deepdream.visualize.VisualizeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The atlas job in local mode: every channel once, the pixels of the local atlas, a rerun that draws nothing. */
@Tag("model")
class SparkAtlasTest {
  static final String[] ARGS = {"--model", "inception_v3", "--layers", "mixed3", "--channels", "0..2", "--size", "96",
      "--steps", "3", "--seed", "5", "--decorrelate"};

  @TempDir
  Path tmp;

  private static AtlasRunner.Summary spark(Path out, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("-o", out.toString()));
    args.addAll(List.of(ARGS));
    args.addAll(List.of(more));
    SparkConf conf = new SparkConf().setAppName("deepdream atlas test").setMaster("local[2]")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
    return SparkAtlas.run(AtlasArgs.parse(args.toArray(String[]::new)), conf);
  }

  @Test
  void sparkDrawsEachChannelOnceWithTheLocalAtlasPixelsAndARerunDrawsNothing() throws Exception {
    Path out = tmp.resolve("atlas");
    AtlasRunner.Summary summary = spark(out);
    assertThat(summary.drawn()).isEqualTo(3);
    assertThat(summary.failed()).isEmpty();
    try (Stream<Path> s = Files.walk(out)) {
      assertThat(s.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).sorted())
          .containsExactly("atlas.json", "index.html", Manifest.FILE_NAME, "mixed3/0000.png", "mixed3/0001.png",
              "mixed3/0002.png");
    }
    Atlas atlas = AtlasFolder.read(out);
    assertThat(atlas.entries()).extracting(Atlas.Entry::objective).containsExactly("mixed3:0", "mixed3:1", "mixed3:2");
    assertThat(atlas.entries().get(0).topClasses()).hasSize(3);

    // The same plan drawn in-process, as `deepdream atlas --seed 5` draws it.
    Path ref = tmp.resolve("ref");
    try (DeepDream dd = new DeepDream(TestModels.store())) {
      LoadedModel m = dd.store().load("inception_v3");
      VisualizeConfig base = VisualizeConfig.atlasBuilder().model("inception_v3").size(96).steps(3).build();
      AtlasPlan plan = new AtlasPlan(base, 5, AtlasPlan.channels(m.graph(), m.info(), List.of("mixed3"), "0..2"));
      assertThat(new AtlasRunner(dd, new AtlasFolder(ref)).run(plan, false, new AtlasRunner.Listener() { })
          .drawn()).isEqualTo(3);
    }
    for (Atlas.Entry e : atlas.entries()) {
      assertThat(ImageFiles.read(out.resolve(e.file())).rgb()).as(e.objective())
          .isEqualTo(ImageFiles.read(ref.resolve(e.file())).rgb());
    }
    // The manifests agree on what drew each channel (their times differ).
    assertThat(Manifest.in(out).read().values()).extracting(e -> e.relative() + " " + e.settings() + " " + e.seed())
        .containsExactlyElementsOf(Manifest.in(ref).read().values().stream().map(e -> e.relative() + " "
            + e.settings() + " " + e.seed()).toList());

    byte[] json = Files.readAllBytes(out.resolve("atlas.json"));
    AtlasRunner.Summary again = spark(out);
    assertThat(again.drawn()).isZero();
    assertThat(again.skipped()).isEqualTo(3);
    assertThat(Files.readAllBytes(out.resolve("atlas.json"))).isEqualTo(json);
    assertThat(Manifest.in(out).lines()).hasSize(3);
  }

  @Test
  void badArgumentsAreBadUsage() {
    assertThatThrownBy(() -> AtlasArgs.parse(new String[] {"--layers", "mixed3"})).hasMessageContaining("-o ATLASDIR");
    assertThatThrownBy(() -> AtlasArgs.parse(new String[] {"-o", "x"})).hasMessageContaining("--layers");
    assertThatThrownBy(() -> AtlasArgs.parse(new String[] {"-o", "hdfs://nn/atlas", "--layers", "mixed3"}))
        .hasMessageContaining("local path");
    assertThatThrownBy(() -> AtlasArgs.parse(new String[] {"-o", "x", "--layers", "mixed3", "--objective", "m:1"}))
        .hasMessageContaining("not an atlas setting: --objective");
    assertThatThrownBy(() -> AtlasArgs.parse(new String[] {"-o", "x", "--layers", "mixed3", "photo.png"}))
        .hasMessageContaining("takes no inputs");
    AtlasArgs a = AtlasArgs.parse(new String[] {"-o", "x", "--layers", "mixed3,mixed4", "--decorrelate=false",
        "--size", "64", "--master", "local[2]"});
    assertThat(a.layers()).containsExactly("mixed3", "mixed4");
    assertThat(a.settings()).containsEntry("decorrelate", "false").containsEntry("size", "64");
    assertThat(a.master()).isEqualTo("local[2]");
  }
}
