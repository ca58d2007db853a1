package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.dream.LossGradient;
import dev.deepdream.image.FloatImage;
import dev.deepdream.support.KerasWeightsFile;
import dev.deepdream.support.Reference;
import dev.deepdream.support.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras's {@code model.layers} order, and importing a weights-only file written in it (the
 * layout of Keras's canonical InceptionV3 file) by order.
 */
@Tag("model")
class KerasLayerOrderTest {
  @TempDir
  Path tmp;

  /** A functional config from "name:input,input" entries, listed in the given order. */
  private static JsonObject config(String outputs, String... layers) {
    StringBuilder json = new StringBuilder("{\"class_name\":\"Model\",\"config\":{\"name\":\"m\",\"layers\":[");
    for (int i = 0; i < layers.length; i++) {
      String[] parts = layers[i].split(":", -1);
      StringBuilder node = new StringBuilder();
      for (String in : parts[1].isEmpty() ? new String[0] : parts[1].split(",")) {
        node.append(node.length() == 0 ? "" : ",").append("[\"").append(in).append("\",0,0,{}]");
      }
      json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(parts[0])
          .append("\",\"class_name\":\"Layer\",\"config\":{},\"inbound_nodes\":")
          .append(node.length() == 0 ? "[]" : "[[" + node + "]]").append('}');
    }
    json.append("],\"input_layers\":[[\"in\",0,0]],\"output_layers\":[[\"").append(outputs).append("\",0,0]]}}");
    return JsonParser.parseString(json.toString()).getAsJsonObject();
  }

  @Test
  void deepestFirstThenTraversalOrderOnASmallBranchingGraph() {
    // in -> a -> cat; in -> b1 -> b2 -> cat. Depths from cat: a 1, b2 1, b1 2, in 3.
    // The DFS from cat enters a before b2 (cat's input order), so a comes first at depth 1.
    assertThat(KerasLayerOrder.of(config("cat", "in:", "a:in", "b1:in", "b2:b1", "cat:a,b2")))
        .containsExactly("in", "b1", "a", "b2", "cat");
    // The same graph with cat's inputs swapped: the tie at depth 1 follows the DFS, not the listing.
    assertThat(KerasLayerOrder.of(config("cat", "in:", "a:in", "b1:in", "b2:b1", "cat:b2,a")))
        .containsExactly("in", "b1", "b2", "a", "cat");
    // A layer read at two depths takes the deeper one: x feeds cat directly and through y.
    assertThat(KerasLayerOrder.of(config("cat", "in:", "x:in", "cat:x,y", "y:x")))
        .containsExactly("in", "x", "y", "cat");
  }

  @Test
  void nsfwjsConfigListIsReproducedAndTheBuilderGetsKerasOrder() {
    JsonObject nsfwjs = TestModels.inception().graph().modelConfig();
    List<String> kerasListed = KerasWeightsFile.configLayerNames(nsfwjs);
    // Keras wrote nsfwjs's config from model.layers: computing the order from its graph gives it back.
    assertThat(KerasLayerOrder.of(nsfwjs)).containsExactlyElementsOf(kerasListed);
    // The builder lists layers as it creates them, which is not Keras's order...
    List<String> builderListed = KerasWeightsFile.configLayerNames(InceptionV3Config.build());
    List<String> expected = KerasWeightsFile.nsfwjsInceptionOrder();
    assertThat(builderListed).containsExactlyInAnyOrderElementsOf(expected).isNotEqualTo(expected);
    // ...but its computed order is (nsfwjs's top is one chain after mixed10, so the rest keeps its order).
    assertThat(KerasLayerOrder.of(InceptionV3Config.build())).containsExactlyElementsOf(expected);
    List<String> fromGraph = new ArrayList<>();
    KerasGraph.fromConfig(InceptionV3Config.build()).kerasOrder().forEach(l -> fromGraph.add(l.name()));
    assertThat(fromGraph).containsExactlyElementsOf(expected);
  }

  @Test
  void kerasOrderFileImportsByOrderWithTheNsfwjsLayerMeans() throws Exception {
    Path file = KerasWeightsFile.nsfwjsInception();
    ModelStore store = new ModelStore(tmp.resolve("home"), ModelStore.Sources.defaults(), ModelStore.Listener.silent());
    // importPath of a weights-only .h5 runs importKerasH5 by order, as the download does.
    assertThat(store.importPath(file, null, false)).containsExactly(KnownModels.INCEPTION_V3);
    LoadedModel imported = store.load(KnownModels.INCEPTION_V3);
    assertThat(imported.info().imagenetUpTo()).isNull();
    assertThat(imported.info().imagenetSummary()).isEqualTo("ImageNet, all layers");

    List<String> mixed = new ArrayList<>();
    for (LayerSpec l : imported.graph().layers()) {
      if (l.name().startsWith("mixed")) {
        mixed.add(l.name());
      }
    }
    assertThat(mixed).hasSize(13); // mixed0..mixed10, mixed9_0, mixed9_1
    FloatImage photo = Reference.of("chelsea").input();
    Map<String, float[]> expected = LossGradient.activations(TestModels.inceptionNetwork(), mixed, photo);
    Map<String, float[]> actual;
    try (Network net = imported.build()) {
      // The same plan as the shared network's: exact equality compares the weights, not two
      // kernels' rounding (the engine check may have chosen another layout on this machine).
      net.use(TestModels.inceptionNetwork().plan());
      actual = LossGradient.activations(net, mixed, photo);
    }
    for (String layer : mixed) {
      assertThat(mean(actual.get(layer))).as(layer + " mean").isEqualTo(mean(expected.get(layer)));
    }
  }

  @Test
  void layersShuffledWithinADepthAreNamedAndByNameStillWorks() {
    List<String> order = new ArrayList<>(KerasWeightsFile.nsfwjsInceptionOrder());
    int a = order.indexOf("conv2d_7");
    int b = order.indexOf("conv2d_10");
    assertThat(b).isEqualTo(a + 1); // neighbours at one depth in Keras's order
    order.set(a, "conv2d_10");
    order.set(b, "conv2d_7");
    Path file = tmp.resolve("shuffled.h5");
    KerasWeightsFile.writeInception(file, order);
    ModelStore store = new ModelStore(tmp.resolve("home"), ModelStore.Sources.defaults(), ModelStore.Listener.silent());
    assertThatThrownBy(() -> store.importPath(file, null, false)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("layer conv2d_10 ").hasMessageContaining("conv2d_7 (Conv2D)")
        .hasMessageContaining("--by-name");
    assertThat(store.isCached(KnownModels.INCEPTION_V3)).isFalse();

    WeightSet byName = KerasH5Weights.read(file).pairWith(KerasGraph.fromConfig(InceptionV3Config.build()), true);
    assertThat(java.util.Arrays.equals(byName.get("conv2d_7/kernel").data(),
        TestModels.inception().weights().get("conv2d_7/kernel").data())).isTrue();
  }

  private static double mean(float[] a) {
    double s = 0;
    for (float v : a) {
      s += v;
    }
    return s / a.length;
  }
}
