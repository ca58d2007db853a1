package dev.deepdream.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A TensorFlow.js layers model: {@code model.json} (topology + weights manifest) and its binary
 * shards, as float32 or uint8/uint16/float16-quantized tensors. Also reads the variant shipped in
 * the npm package nsfwjs, where each file is wrapped as a small JavaScript module
 * ({@code model.min.js}, {@code group1-shardKofN.min.js} holding a base64 string).
 */
final class TfjsModel {
  private final JsonObject topology;
  private final JsonArray manifest;
  private final byte[] weightBytes;

  private TfjsModel(JsonObject topology, JsonArray manifest, byte[] weightBytes) {
    this.topology = topology;
    this.manifest = manifest;
    this.weightBytes = weightBytes;
  }

  /** Reads a folder holding {@code model.json} or nsfwjs's {@code model.min.js}, or a model.json path. */
  public static TfjsModel read(Path path) throws IOException {
    Path dir = Files.isDirectory(path) ? path : path.getParent();
    Path json = Files.isDirectory(path) ? dir.resolve("model.json") : path;
    boolean wrapped = false;
    if (!Files.exists(json)) {
      json = dir.resolve("model.min.js");
      wrapped = true;
      if (!Files.exists(json)) {
        throw new NoSuchFileException(dir.resolve("model.json").toString(), null, "no model.json or model.min.js there");
      }
    } else if (json.getFileName().toString().endsWith(".js")) {
      wrapped = true;
    }
    String text = Files.readString(json, StandardCharsets.UTF_8);
    JsonObject root = wrapped ? unwrapModule(text, json).getAsJsonObject() : JsonParser.parseString(text).getAsJsonObject();
    if (!root.has("modelTopology") || !root.has("weightsManifest")) {
      throw new ModelFormatException(json + ": not a TensorFlow.js layers model (no modelTopology/weightsManifest)");
    }
    JsonArray manifest = root.getAsJsonArray("weightsManifest");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (JsonElement g : manifest) {
      for (JsonElement p : g.getAsJsonObject().getAsJsonArray("paths")) {
        all.write(readShard(dir, p.getAsString(), wrapped));
      }
    }
    return new TfjsModel(root.getAsJsonObject("modelTopology"), manifest, all.toByteArray());
  }

  /** Builds a model from parts already in memory (used by the model store's converted cache). */
  public static TfjsModel of(JsonObject topology, JsonArray manifest, byte[] weightBytes) {
    return new TfjsModel(topology, manifest, weightBytes);
  }

  private static byte[] readShard(Path dir, String name, boolean wrapped) throws IOException {
    Path plain = dir.resolve(name);
    if (!wrapped && Files.exists(plain)) {
      return Files.readAllBytes(plain);
    }
    Path js = dir.resolve(name + ".min.js");
    if (Files.exists(js)) {
      JsonElement payload = unwrapModule(Files.readString(js, StandardCharsets.US_ASCII), js);
      try {
        return Base64.getDecoder().decode(payload.getAsString());
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        throw new ModelFormatException(js + ": shard is not a base64 string", e);
      }
    }
    if (Files.exists(plain)) {
      return Files.readAllBytes(plain);
    }
    throw new NoSuchFileException(plain.toString(), null, "weight shard missing");
  }

  /** The value assigned to {@code exports} in a bundled UMD module, parsed as a literal. */
  static JsonElement unwrapModule(String text, Path where) {
    // The UMD header also assigns exports (module.exports=a()); the payload is the literal one.
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\.exports\\s*=\\s*(?=[{\"'\\[])").matcher(text);
    if (!m.find()) {
      throw new ModelFormatException(where + ": no 'exports=' assignment of a literal in the JavaScript module");
    }
    try {
      return JsLiteral.parseAt(text, m.end());
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(where + ": " + e.getMessage(), e);
    }
  }

  public JsonObject topology() {
    return topology;
  }

  public JsonArray manifest() {
    return manifest;
  }

  /** The shards' bytes, concatenated in manifest order. */
  public byte[] weightBytes() {
    return weightBytes;
  }

  /** True when any weight is stored quantized. */
  public boolean quantized() {
    for (JsonElement g : manifest) {
      for (JsonElement w : g.getAsJsonObject().getAsJsonArray("weights")) {
        if (w.getAsJsonObject().has("quantization")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Decodes every weight to float32 (value = q * scale + min for quantized ones). */
  public WeightSet weights() {
    WeightSet set = new WeightSet();
    ByteBuffer buf = ByteBuffer.wrap(weightBytes).order(ByteOrder.LITTLE_ENDIAN);
    int offset = 0;
    for (JsonElement g : manifest) {
      for (JsonElement e : g.getAsJsonObject().getAsJsonArray("weights")) {
        JsonObject w = e.getAsJsonObject();
        String name = w.get("name").getAsString();
        long[] shape = shapeOf(w.getAsJsonArray("shape"));
        int n = (int) count(shape);
        String dtype = w.has("dtype") ? w.get("dtype").getAsString() : "float32";
        if (!dtype.equals("float32")) {
          throw new ModelFormatException("weight " + name + ": dtype " + dtype + " is not supported (float32 only)");
        }
        float[] data = new float[n];
        JsonObject q = w.has("quantization") ? w.getAsJsonObject("quantization") : null;
        String qtype = q == null ? "float32" : q.get("dtype").getAsString();
        int elementSize = switch (qtype) {
          case "float32" -> 4;
          case "uint8" -> 1;
          case "uint16", "float16" -> 2;
          default -> throw new ModelFormatException("weight " + name + ": quantization " + qtype + " is not supported");
        };
        if (offset + (long) n * elementSize > weightBytes.length) {
          throw new ModelFormatException("weight " + name + " runs past the end of the weight shards ("
              + weightBytes.length + " bytes): the shards are truncated or do not belong to this model.json");
        }
        decode(buf, offset, data, qtype, q);
        offset += n * elementSize;
        set.add(new WeightTensor(name, shape, data));
      }
    }
    if (offset != weightBytes.length) {
      throw new ModelFormatException("the weight shards hold " + weightBytes.length + " bytes but the manifest describes "
          + offset + ": they do not belong to this model.json");
    }
    return set;
  }

  private static void decode(ByteBuffer buf, int offset, float[] out, String qtype, JsonObject q) {
    switch (qtype) {
      case "float32":
        for (int i = 0; i < out.length; i++) {
          out[i] = buf.getFloat(offset + 4 * i);
        }
        break;
      case "uint8": {
        float scale = q.get("scale").getAsFloat();
        float min = q.get("min").getAsFloat();
        for (int i = 0; i < out.length; i++) {
          out[i] = (buf.get(offset + i) & 0xff) * scale + min;
        }
        break;
      }
      case "uint16": {
        float scale = q.get("scale").getAsFloat();
        float min = q.get("min").getAsFloat();
        for (int i = 0; i < out.length; i++) {
          out[i] = (buf.getShort(offset + 2 * i) & 0xffff) * scale + min;
        }
        break;
      }
      default: // float16
        for (int i = 0; i < out.length; i++) {
          out[i] = halfToFloat(buf.getShort(offset + 2 * i));
        }
    }
  }

  /** IEEE 754 half precision to float (Java 17 has no built-in for it). */
  static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f; // subnormal
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  static long[] shapeOf(JsonArray a) {
    long[] s = new long[a.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = a.get(i).getAsLong();
    }
    return s;
  }

  static long count(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** The manifest entries, flattened over groups. */
  public List<JsonObject> manifestEntries() {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement g : manifest) {
      for (JsonElement e : g.getAsJsonObject().getAsJsonArray("weights")) {
        out.add(e.getAsJsonObject());
      }
    }
    return out;
  }
}
