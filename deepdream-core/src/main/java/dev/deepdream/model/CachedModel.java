package dev.deepdream.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.deepdream.io.AtomicFiles;
import dev.deepdream.io.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The model store's on-disk form of one model: a TF.js layers model with a single shard
 * ({@code model.json} + {@code weights.bin}) and {@code deepdream.json} with its {@link ModelInfo}.
 * Reading it back needs no conversion, which keeps start-up fast.
 */
final class CachedModel {
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
    byte[] modelJson = GSON.toJson(root).getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve(WEIGHTS_BIN), bytes);
    Files.write(dir.resolve(MODEL_JSON), modelJson);
    ModelInfo recorded = info.withFileSha256(hashes(modelJson, bytes));
    Files.writeString(dir.resolve(INFO_JSON), recorded.toJson(), StandardCharsets.UTF_8);
  }

  private static Map<String, String> hashes(byte[] modelJson, byte[] weights) {
    return Map.of(MODEL_JSON, Sha256.hex(modelJson), WEIGHTS_BIN, Sha256.hex(weights));
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

  /**
   * A model read from the cache; {@code unrecorded} holds its files' hashes when the entry is an
   * old one that lacks them (the store records them once), else null.
   */
  record Checked(LoadedModel model, Map<String, String> unrecorded) {}

  /**
   * Reads the entry in {@code dir}, checking each file against the SHA-256 recorded when it was
   * cached. The hashes are taken of the very bytes that are then decoded: each file is read once.
   * An old entry without recorded hashes is checked against its {@code sha256} where that is the
   * hash of the weights (TF.js and npm imports); one converted from HDF5 (whose {@code sha256} is
   * the .h5 file's) cannot be checked this once.
   *
   * @throws CorruptModelException naming the model and the file that is missing, cut short or altered
   */
  static Checked read(Path dir, String name) throws IOException {
    ModelInfo info;
    try {
      info = readInfo(dir);
    } catch (NoSuchFileException e) {
      throw new CorruptModelException(name, dir.resolve(INFO_JSON), "is missing");
    } catch (JsonParseException e) {
      throw new CorruptModelException(name, dir.resolve(INFO_JSON), "is not valid JSON");
    }
    byte[] modelJson = readFile(dir, MODEL_JSON, name);
    byte[] weights = readFile(dir, WEIGHTS_BIN, name);
    Map<String, String> actual = hashes(modelJson, weights);
    Map<String, String> recorded = info.fileSha256();
    Map<String, String> unrecorded = null;
    if (recorded != null) {
      for (String file : List.of(WEIGHTS_BIN, MODEL_JSON)) {
        if (recorded.containsKey(file) && !recorded.get(file).equalsIgnoreCase(actual.get(file))) {
          throw altered(dir, file, name);
        }
      }
    } else {
      if (!actual.get(WEIGHTS_BIN).equalsIgnoreCase(String.valueOf(info.sha256())) && !convertedFromHdf5(info)) {
        throw altered(dir, WEIGHTS_BIN, name);
      }
      unrecorded = actual;
    }
    TfjsModel tfjs;
    try {
      JsonObject root = parse(new String(modelJson, StandardCharsets.UTF_8));
      if (!root.has("modelTopology") || !root.has("weightsManifest")) {
        throw new ModelFormatException("no modelTopology or weightsManifest");
      }
      tfjs = TfjsModel.of(root.getAsJsonObject("modelTopology"), root.getAsJsonArray("weightsManifest"), weights);
    } catch (RuntimeException e) {
      throw new CorruptModelException(name, dir.resolve(MODEL_JSON), "cannot be read (" + e.getMessage() + ")");
    }
    try {
      return new Checked(LoadedModel.fromTfjs(tfjs, info), unrecorded);
    } catch (ModelFormatException e) {
      if (unrecorded == null) {
        throw e; // the files are as they were cached: not damage
      }
      throw new CorruptModelException(name, dir.resolve(WEIGHTS_BIN), "cannot be decoded (" + e.getMessage() + ")");
    }
  }

  private static byte[] readFile(Path dir, String file, String name) throws IOException {
    try {
      return Files.readAllBytes(dir.resolve(file));
    } catch (NoSuchFileException e) {
      throw new CorruptModelException(name, dir.resolve(file), "is missing");
    }
  }

  private static CorruptModelException altered(Path dir, String file, String name) throws IOException {
    return new CorruptModelException(name, dir.resolve(file), "is truncated or altered (" + Files.size(dir.resolve(file))
        + " bytes; its SHA-256 is not the one recorded when it was cached)");
  }

  /** True for an entry converted from a Keras HDF5 file: its {@code sha256} is that file's, not the weights'. */
  static boolean convertedFromHdf5(ModelInfo info) {
    return !info.quantized() && info.source() != null && info.source().matches("(?is).*\\.(h5|hdf5|keras)\\b.*");
  }

  /** Rewrites the entry's record with the hashes of its files. */
  static void recordHashes(Path dir, Map<String, String> hashes) throws IOException {
    ModelInfo info = readInfo(dir).withFileSha256(hashes);
    AtomicFiles.writeStream(dir.resolve(INFO_JSON), out -> out.write(info.toJson().getBytes(StandardCharsets.UTF_8)));
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
