package dev.deepdream.visualize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.batch.Manifest;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.ModelInfo;
import dev.deepdream.support.TinyNet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The atlas folder without a network: channels planned from a graph, the manifest's rule for what
 * is finished, atlas.json written only when it changes and read back, and the page's data.
 */
@Tag("fast")
class AtlasFolderTest {
  @TempDir
  Path tmp;

  private static final ModelInfo TINY = new ModelInfo("tiny", "tiny", -1, 1, null, null, "a test", "abc", false, null,
      null);

  @Test
  void channelsArePlannedLayerByLayerWithTheirOwnSeeds() {
    KerasGraph g = KerasGraph.fromConfig(TinyNet.config());
    List<AtlasChannel> all = AtlasPlan.channels(g, TINY, List.of("conv_a", "add"), "all");
    assertThat(all).hasSize(4 + 5).first().isEqualTo(new AtlasChannel("conv_a", 0));
    assertThat(AtlasPlan.channels(g, TINY, List.of("conv_a", "add"), "1..2,4")).extracting(AtlasChannel::key)
        .containsExactly("conv_a:1", "conv_a:2", "add:1", "add:2", "add:4");
    assertThatThrownBy(() -> AtlasPlan.channels(g, TINY, List.of("conv_a"), "9..12")).hasMessageContaining(
        "names no channel");
    assertThatThrownBy(() -> AtlasPlan.channels(g, TINY, List.of("conv_a"), "3..1")).hasMessageContaining("range");
    assertThatThrownBy(() -> AtlasPlan.channels(g, TINY, List.of("dense"), "all")).hasMessageContaining(
        "no channels");
    assertThatThrownBy(() -> AtlasPlan.channels(g, TINY, List.of("conv_q"), "all")).hasMessageContaining("conv_a");
    AtlasPlan plan = new AtlasPlan(VisualizeConfig.atlasBuilder().model("tiny").build(), 7, all);
    VisualizeConfig c = plan.configFor(all.get(1));
    assertThat(c.objective().describe()).isEqualTo("conv_a:1");
    assertThat(c.seed()).isEqualTo(dev.deepdream.batch.BatchItem.deriveSeed(7, "conv_a:1"))
        .isNotEqualTo(plan.configFor(all.get(2)).seed());
    assertThat(new AtlasChannel("inception_4c/output", 7).file()).isEqualTo("inception_4c_output/0007.png");
  }

  @Test
  void theIndexListsFinishedChannelsAndIsWrittenOnlyWhenItChanges() throws Exception {
    AtlasFolder folder = new AtlasFolder(tmp.resolve("atlas"));
    AtlasPlan plan = new AtlasPlan(VisualizeConfig.atlasBuilder().model("tiny").build(), 7,
        List.of(new AtlasChannel("conv_a", 0), new AtlasChannel("conv_a", 1), new AtlasChannel("conv_a", 2)));
    try (Manifest m = folder.manifest()) {
      for (AtlasChannel ch : plan.channels()) {
        boolean ok = ch.channel() != 2;
        if (ok) {
          Files.createDirectories(folder.file(ch).getParent());
          Map<String, String> text = new LinkedHashMap<>(plan.settingsFor(ch));
          text.put("top_classes", "1:0.6000,0:0.3000");
          text.put("loss", "1.5");
          ImageFiles.write(new Picture(2, 2, new int[4], null), folder.file(ch), text, 0.9f);
        }
        m.append(AtlasFolder.line(ch, plan.settingsFor(ch), "abc", plan.configFor(ch).seed(), 7, 1.0,
            ok ? null : "boom"));
      }
    }
    Map<String, dev.deepdream.batch.ManifestEntry> lines = folder.manifest().read();
    AtlasChannel first = plan.channels().get(0);
    assertThat(folder.finished(lines.get("conv_a:0"), first, plan.settingsFor(first), "abc")).isTrue();
    assertThat(folder.finished(lines.get("conv_a:0"), first, plan.settingsFor(first), "other weights")).isFalse();
    assertThat(folder.finished(lines.get("conv_a:2"), plan.channels().get(2), plan.settingsFor(plan.channels()
        .get(2)), "abc")).isFalse();
    Atlas atlas = folder.index("tiny", "a test", List.of("a note"), "dense", 7, Map.of("size", "128"),
        Map.of("conv_a", 4));
    assertThat(atlas.entries()).extracting(Atlas.Entry::objective).containsExactly("conv_a:0", "conv_a:1");
    assertThat(atlas.layers()).containsExactly(new Atlas.Layer("conv_a", 4, 2));
    assertThat(atlas.entries().get(1).topClasses()).containsExactly(new Heads.ClassScore(1, 0.6),
        new Heads.ClassScore(0, 0.3));
    assertThat(folder.writeIndex(atlas)).isTrue();
    assertThat(folder.writeIndex(atlas)).isFalse();
    assertThat(AtlasFolder.read(folder.dir())).isEqualTo(atlas);
    String page = Files.readString(folder.dir().resolve(AtlasFolder.PAGE));
    assertThat(page).contains("conv_a/0001.png").contains("\"objective\":\"conv_a:1\"").doesNotContain("@DATA@");
    assertThatThrownBy(() -> AtlasFolder.read(tmp)).hasMessageContaining("holds no atlas.json");
  }

  @Test
  void userTextCannotEndThePagesScript() {
    Atlas atlas = new Atlas(Atlas.FORMAT, "</script><script>alert(1)</script>", "x", List.of(), null, 1, Map.of(),
        List.of(), List.of());
    String page = AtlasPage.html(atlas);
    assertThat(page).doesNotContain("</script><script>alert(1)").contains("&lt;/script&gt;");
  }
}
