package dev.deepdream.model;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names users dream on in an imported ONNX graph. Caffe2's converter (the ONNX Model Zoo's
 * GoogLeNet and its kin) gave every tensor a version suffix: Caffe's {@code inception_4c/output}
 * is {@code inception_4c/output_1}, and Caffe's in-place ReLU made {@code conv2/3x3_1} (the
 * convolution) and {@code conv2/3x3_2} (after the ReLU), where Caffe's {@code conv2/3x3} meant the
 * last. In a graph whose every computed tensor has such a suffix, from 1 (Caffe2 numbers only its
 * inputs 0; PyTorch's names all end in {@code _0}), each plain name is added as an alias (an
 * identity layer) of the last version of that name, which is what Caffe's name meant; the
 * suffixed names stay valid but are not listed.
 */
final class OnnxNames {
  private static final Pattern VERSIONED = Pattern.compile("(.+)_(\\d+)");
  /**
   * Tensors Caffe2's converter made up itself, with no Caffe name behind them: the shape input and
   * output of the Reshape it puts before each fully connected layer ({@code OC2_DUMMY_0}, numbered
   * from 0 like the converter's inputs).
   */
  private static final Pattern CONVERTER_OWN = Pattern.compile("OC2_DUMMY_\\d+");

  private OnnxNames() {}

  /** Adds the plain names to {@code layers} (each right after its target) when the graph is versioned. */
  static void addAliases(List<JsonObject> layers) {
    Set<String> names = new HashSet<>();
    Map<String, String> last = new HashMap<>();
    Map<String, Integer> version = new HashMap<>();
    boolean any = false;
    for (JsonObject l : layers) {
      String name = l.get("name").getAsString();
      names.add(name);
      if (!l.get("class_name").getAsString().startsWith(OnnxLayer.PREFIX)) {
        continue; // the input and the convention are not node outputs
      }
      if (CONVERTER_OWN.matcher(name).matches()) {
        continue; // keeps its own name; the graph is still Caffe2's
      }
      Matcher m = VERSIONED.matcher(name);
      if (!m.matches() || m.group(2).length() > 6 || Integer.parseInt(m.group(2)) < 1) {
        return; // not a Caffe2 graph (PyTorch's names end in _0): its names are the only names
      }
      any = true;
      int v = Integer.parseInt(m.group(2));
      if (v >= version.getOrDefault(m.group(1), -1)) {
        version.put(m.group(1), v);
        last.put(m.group(1), name);
      }
    }
    if (!any) {
      return;
    }
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject l : layers) {
      out.add(l);
      String name = l.get("name").getAsString();
      Matcher m = VERSIONED.matcher(name);
      if (!m.matches() || !last.containsKey(m.group(1)) || names.contains(m.group(1))) {
        continue;
      }
      l.getAsJsonObject("config").addProperty(ModelInfo.HIDDEN, true);
      if (last.get(m.group(1)).equals(name)) {
        JsonObject config = new JsonObject();
        config.addProperty("alias_of", name);
        out.add(OnnxImport.layer(m.group(1), OnnxLayer.PREFIX + "Identity", config, List.of(name)));
      }
    }
    layers.clear();
    layers.addAll(out);
  }

  /**
   * A layer worth dreaming on by default: of the listed block outputs (concatenations, sums) with
   * an image shape at the file's size, the one 60% of the way down, as inception_4c is in
   * GoogLeNet; without such blocks, the listed image layer 60% of the way down.
   */
  static String defaultLayer(KerasGraph graph, Map<String, int[]> shapes) {
    List<String> blocks = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (LayerSpec l : graph.layers()) {
      if (l.type().equals(LayerTypes.INPUT) || l.boolOr(ModelInfo.HIDDEN, false) || shapes.get(l.name()).length != 3
          || shapes.get(l.name())[0] < 2) {
        continue;
      }
      images.add(l.name());
      LayerSpec target = l.config().has("alias_of") ? graph.layer(l.input()) : l;
      if (target.type().equals(OnnxLayer.PREFIX + "Concat") || target.type().equals(OnnxLayer.PREFIX + "Add")) {
        blocks.add(l.name());
      }
    }
    List<String> from = blocks.isEmpty() ? images : blocks;
    return from.isEmpty() ? null : from.get((int) (0.6 * (from.size() - 1)));
  }
}
