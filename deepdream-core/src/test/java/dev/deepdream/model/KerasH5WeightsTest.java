package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import dev.deepdream.io.Sha256;
import dev.deepdream.support.KerasWeightsFile;
import dev.deepdream.support.TinyNet;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras's HDF5 weights layout, written here with jhdf and read back value by value. */
@Tag("fast")
class KerasH5WeightsTest {
  @TempDir
  Path tmp;

  /**
   * Writes {@code weights} in Keras's layout; layer groups are renamed with {@code prefix} (as
   * older Keras versions numbered them differently), and datasets get Keras's ":0" suffix.
   */
  static void writeKerasH5(Path file, WeightSet weights, String prefix, String modelConfig) {
    Map<String, List<WeightTensor>> byLayer = new LinkedHashMap<>();
    for (WeightTensor w : weights.all()) {
      byLayer.computeIfAbsent(w.name().substring(0, w.name().indexOf('/')), k -> new ArrayList<>()).add(w);
    }
    try (WritableHdfFile f = HdfFile.write(file)) {
      List<String> layerNames = new ArrayList<>();
      layerNames.add(prefix + "input_1"); // a layer without weights, as Keras lists them too
      f.putGroup(prefix + "input_1"); // jhdf cannot write an empty string list; the reader takes none as empty
      for (Map.Entry<String, List<WeightTensor>> e : byLayer.entrySet()) {
        String layer = prefix + e.getKey();
        layerNames.add(layer);
        WritableGroup g = f.putGroup(layer);
        WritableGroup inner = g.putGroup(layer);
        List<String> names = new ArrayList<>();
        for (WeightTensor w : e.getValue()) {
          String shortName = w.name().substring(w.name().indexOf('/') + 1) + ":0";
          names.add(layer + "/" + shortName);
          inner.putDataset(shortName, KerasWeightsFile.nested(w));
        }
        g.putAttribute("weight_names", names.toArray(new String[0]));
      }
      f.putAttribute("layer_names", layerNames.toArray(new String[0]));
      f.putAttribute("backend", "tensorflow");
      if (modelConfig != null) {
        f.putAttribute("model_config", modelConfig);
      }
    }
  }

  @Test
  void readsKerasLayoutValueByValueAndPairsInOrder() {
    WeightSet w = TinyNet.weights(21);
    Path file = tmp.resolve("tiny.h5");
    writeKerasH5(file, w, "old_", null);
    KerasH5Weights h5 = KerasH5Weights.read(file);
    assertThat(h5.layers()).hasSize(8);
    assertThat(h5.layersWithWeights()).hasSize(7);
    assertThat(h5.modelConfig()).isNull();
    assertThat(h5.layers().get(1).weights().get(0).name()).isEqualTo("old_conv_a/kernel"); // ":0" dropped
    // Names differ (old_ prefix): by-order pairing must still put every value in place.
    WeightSet paired = h5.pairWith(KerasGraph.fromConfig(TinyNet.config()), false);
    assertThat(paired.names()).containsExactlyElementsOf(w.names());
    for (WeightTensor t : w.all()) {
      assertThat(paired.get(t.name()).shape()).containsExactly(t.shape());
      assertThat(paired.get(t.name()).data()).containsExactly(t.data());
    }
    assertThatThrownBy(() -> h5.pairWith(KerasGraph.fromConfig(TinyNet.config()), true))
        .hasMessageContaining("no layer conv_a");
  }

  @Test
  void shapeMismatchNamesTheTensor() {
    WeightSet w = TinyNet.weights(22);
    WeightSet bad = new WeightSet();
    for (WeightTensor t : w.all()) {
      bad.add(t.name().equals("dense/kernel") ? new WeightTensor(t.name(), new long[] {4, 3}, new float[12]) : t);
    }
    Path file = tmp.resolve("bad.h5");
    writeKerasH5(file, bad, "", null);
    KerasH5Weights h5 = KerasH5Weights.read(file);
    assertThatThrownBy(() -> LayerWeights.bind(KerasGraph.fromConfig(TinyNet.config()),
        h5.pairWith(KerasGraph.fromConfig(TinyNet.config()), true)))
        .hasMessageContaining("dense/kernel").hasMessageContaining("[4, 3]");
  }

  @Test
  void fullModelFileImportsIntoTheStoreWithItsOwnTopology() throws Exception {
    WeightSet w = TinyNet.weights(23);
    Path file = tmp.resolve("full.h5");
    writeKerasH5(file, w, "", new Gson().toJson(TinyNet.config()));
    ModelStore store = new ModelStore(tmp.resolve("home"), ModelStore.Sources.defaults(), ModelStore.Listener.silent());
    assertThat(store.importPath(file, "tiny", false)).containsExactly("tiny");
    assertThat(store.isCached("tiny")).isTrue();
    LoadedModel m = store.load("tiny");
    assertThat(m.info().source()).contains("full.h5");
    assertThat(m.info().quantized()).isFalse();
    assertThat(m.info().sha256()).isEqualTo(Sha256.hex(file));
    for (WeightTensor t : w.all()) {
      assertThat(m.weights().get(t.name()).data()).containsExactly(t.data());
    }
    try (var list = Files.list(tmp.resolve("home/models"))) {
      assertThat(list.map(p -> p.getFileName().toString())).containsExactly("tiny"); // no temp leftovers
    }
  }

  @Test
  void notAnHdf5FileIsAClearError() throws Exception {
    Path file = tmp.resolve("junk.h5");
    Files.writeString(file, "this is not HDF5");
    assertThatThrownBy(() -> KerasH5Weights.read(file)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("junk.h5");
  }
}
