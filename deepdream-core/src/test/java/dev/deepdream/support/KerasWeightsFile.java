package dev.deepdream.support;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.deepdream.model.InceptionV3Config;
import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.LayerSpec;
import dev.deepdream.model.LayerWeights;
import dev.deepdream.model.WeightSet;
import dev.deepdream.model.WeightTensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras weights-only HDF5 files as {@code model.save_weights} writes them, made here from the
 * nsfwjs InceptionV3 weights (dequantized): Keras's canonical InceptionV3 file has this layout.
 */
public final class KerasWeightsFile {
  private static Path shared;

  private KerasWeightsFile() {}

  /**
   * The layers of the builder's InceptionV3 (up to mixed10) in the order of nsfwjs's own
   * {@code model_config}: Keras wrote that list from {@code model.layers}, so it is Keras's order.
   */
  public static List<String> nsfwjsInceptionOrder() {
    KerasGraph built = KerasGraph.fromConfig(InceptionV3Config.build());
    List<String> out = new ArrayList<>();
    for (String name : configLayerNames(TestModels.inception().graph().modelConfig())) {
      if (built.has(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** The layer names a model config lists, in its order. */
  public static List<String> configLayerNames(JsonObject modelConfig) {
    List<String> out = new ArrayList<>();
    for (JsonElement e : modelConfig.getAsJsonObject("config").getAsJsonArray("layers")) {
      out.add(e.getAsJsonObject().get("name").getAsString());
    }
    return out;
  }

  /**
   * The nsfwjs InceptionV3 as a Keras weights-only file in Keras's layer order, written once per
   * JVM (88 MB) and deleted at exit.
   */
  public static synchronized Path nsfwjsInception() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("deepdream-keras-h5");
        Path file = dir.resolve("inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5");
        writeInception(file, nsfwjsInceptionOrder());
        file.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        shared = file;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /** Writes the nsfwjs InceptionV3 weights with the builder's layers in {@code layerOrder}. */
  public static void writeInception(Path file, List<String> layerOrder) {
    write(file, KerasGraph.fromConfig(InceptionV3Config.build()), layerOrder, TestModels.inception().weights());
  }

  /**
   * Writes {@code weights} in {@code save_weights}'s layout: root attribute {@code layer_names}
   * listing every layer in {@code layerOrder}, one group per layer with attribute
   * {@code weight_names} (such as {@code conv2d_1/kernel:0}) and the datasets under
   * {@code layer/layer/name:0}, in Keras's weight order.
   */
  public static void write(Path file, KerasGraph graph, List<String> layerOrder, WeightSet weights) {
    try (WritableHdfFile f = HdfFile.write(file)) {
      for (String layer : layerOrder) {
        LayerSpec spec = graph.layer(layer);
        WritableGroup g = f.putGroup(layer);
        List<LayerWeights.Expected> expected = LayerWeights.expected(spec, -1);
        if (expected.isEmpty()) {
          continue; // jhdf cannot write an empty string list; the reader takes none as empty
        }
        WritableGroup inner = g.putGroup(layer);
        List<String> names = new ArrayList<>();
        for (LayerWeights.Expected e : expected) {
          WeightTensor w = weights.get(layer + "/" + e.shortName());
          names.add(layer + "/" + e.shortName() + ":0");
          inner.putDataset(e.shortName() + ":0", nested(w));
        }
        g.putAttribute("weight_names", names.toArray(new String[0]));
      }
      f.putAttribute("layer_names", layerOrder.toArray(new String[0]));
      f.putAttribute("backend", "tensorflow");
      f.putAttribute("keras_version", "2.2.4");
    }
  }

  /** A flat weight as the nested Java array jhdf writes with its shape. */
  public static Object nested(WeightTensor w) {
    int[] dims = new int[w.shape().length];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = (int) w.shape()[i];
    }
    Object arr = Array.newInstance(float.class, dims);
    fill(arr, w.data(), new int[] {0});
    return arr;
  }

  private static void fill(Object arr, float[] data, int[] pos) {
    if (arr instanceof float[] f) {
      System.arraycopy(data, pos[0], f, 0, f.length);
      pos[0] += f.length;
      return;
    }
    for (int i = 0; i < Array.getLength(arr); i++) {
      fill(Array.get(arr, i), data, pos);
    }
  }
}
