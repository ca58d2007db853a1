package dev.deepdream.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The model store's on-disk form of one model: a TF.js layers model with a single shard
 * ({@code model.json} + {@code weights.bin}) and {@code deepdream.json} with its {@link ModelInfo}.
 * Reading it back needs no conversion, which keeps start-up fast.
 */
public final class CachedModel {
  static final String MODEL_JSON = "model.json";
  static final String WEIGHTS_BIN = "weights.bin";
  static final String INFO_JSON = "deepdream.json";
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private CachedModel() {}

  /** Writes topology, manifest entries and their bytes (as described by the entries) into {@code dir}. */
  static void write(Path dir, JsonObject topology, List<JsonObject> entries, byte[] bytes, ModelInfo info)
      throws IOException {
    Files.createDirectories(dir);
    JsonObject group = new JsonObject();
    JsonArray paths = new JsonArray();
    paths.add(WEIGHTS_BIN);
    group.add("paths", paths);
    JsonArray weights = new JsonArray();
    entries.forEach(weights::add);
    group.add("weights", weights);
    JsonArray manifest = new JsonArray();
    manifest.add(group);
    JsonObject root = new JsonObject();
    root.add("modelTopology", topology);
    root.add("weightsManifest", manifest);
    root.addProperty("format", "layers-model");
    root.addProperty("generatedBy", "deepdream");
    Files.write(dir.resolve(WEIGHTS_BIN), bytes);
    Files.writeString(dir.resolve(MODEL_JSON), GSON.toJson(root), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(INFO_JSON), info.toJson(), StandardCharsets.UTF_8);
  }

  /** Writes float32 weights with the given topology. */
  static void writeFloat32(Path dir, JsonObject topology, WeightSet weights, ModelInfo info) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) (weights.parameterCount() * 4)).order(ByteOrder.LITTLE_ENDIAN);
    List<JsonObject> entries = new java.util.ArrayList<>();
    for (WeightTensor w : weights.all()) {
      JsonObject e = new JsonObject();
      e.addProperty("name", w.name());
      JsonArray shape = new JsonArray();
      for (long d : w.shape()) {
        shape.add(d);
      }
      e.add("shape", shape);
      e.addProperty("dtype", "float32");
      entries.add(e);
      for (float v : w.data()) {
        buf.putFloat(v);
      }
    }
    write(dir, topology, entries, buf.array(), info);
  }

  /** True when {@code dir} holds a complete cached model. */
  static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(MODEL_JSON)) && Files.isRegularFile(dir.resolve(WEIGHTS_BIN))
        && Files.isRegularFile(dir.resolve(INFO_JSON));
  }

  static ModelInfo readInfo(Path dir) throws IOException {
    return ModelInfo.fromJson(Files.readString(dir.resolve(INFO_JSON), StandardCharsets.UTF_8));
  }

  static LoadedModel read(Path dir) throws IOException {
    return LoadedModel.fromTfjs(TfjsModel.read(dir), readInfo(dir));
  }

  /** The topology alone, without reading the weights. */
  static KerasGraph readGraph(Path dir) throws IOException {
    JsonObject root = parse(Files.readString(dir.resolve(MODEL_JSON), StandardCharsets.UTF_8));
    return KerasGraph.fromConfig(root.getAsJsonObject("modelTopology"));
  }

  /** Wraps a bare Keras model config as a TF.js modelTopology. */
  static JsonObject topologyOf(JsonObject modelConfig) {
    JsonObject t = new JsonObject();
    t.addProperty("backend", "tensorflow");
    t.add("model_config", modelConfig);
    return t;
  }

  static JsonObject parse(String json) {
    JsonElement e = com.google.gson.JsonParser.parseString(json);
    return e.getAsJsonObject();
  }
}
