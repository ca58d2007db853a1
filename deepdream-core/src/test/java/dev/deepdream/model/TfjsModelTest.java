package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.deepdream.dream.LossGradient;
import dev.deepdream.image.FloatImage;
import dev.deepdream.support.TinyNet;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TF.js layers models: float32 and quantized shards, plain and nsfwjs-wrapped. */
@Tag("fast")
class TfjsModelTest {
  @TempDir
  Path tmp;

  /** Writes a TF.js model of TinyNet's weights; quant is "float32", "uint8", "uint16" or "float16". */
  static byte[] writeModel(Path dir, WeightSet weights, String quant, int shards, boolean wrapped) throws Exception {
    Files.createDirectories(dir);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JsonArray entries = new JsonArray();
    for (WeightTensor w : weights.all()) {
      JsonObject e = new JsonObject();
      e.addProperty("name", w.name());
      JsonArray shape = new JsonArray();
      for (long d : w.shape()) {
        shape.add(d);
      }
      e.add("shape", shape);
      e.addProperty("dtype", "float32");
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (float v : w.data()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      int levels = quant.equals("uint8") ? 255 : 65535;
      float scale = max > min ? (max - min) / levels : 1f;
      if (!quant.equals("float32")) {
        JsonObject q = new JsonObject();
        q.addProperty("dtype", quant);
        if (!quant.equals("float16")) {
          q.addProperty("min", min);
          q.addProperty("scale", scale);
        }
        e.add("quantization", q);
      }
      int size = quant.equals("float32") ? 4 : quant.equals("uint8") ? 1 : 2;
      ByteBuffer b = ByteBuffer.allocate(w.size() * size).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : w.data()) {
        switch (quant) {
          case "float32" -> b.putFloat(v);
          case "uint8" -> b.put((byte) Math.round((v - min) / scale));
          case "uint16" -> b.putShort((short) Math.round((v - min) / scale));
          default -> b.putShort(toHalf(v));
        }
      }
      bytes.write(b.array());
      entries.add(e);
    }
    byte[] all = bytes.toByteArray();
    JsonArray paths = new JsonArray();
    int per = (all.length + shards - 1) / shards;
    for (int s = 0; s < shards; s++) {
      String name = "group1-shard" + (s + 1) + "of" + shards;
      paths.add(name);
      byte[] part = java.util.Arrays.copyOfRange(all, s * per, Math.min(all.length, (s + 1) * per));
      if (wrapped) {
        Files.writeString(dir.resolve(name + ".min.js"), "!function(d){module.exports=d()}(function(){return{1:"
            + "[function(a,n,i){n.exports=\"" + Base64.getEncoder().encodeToString(part) + "\"},{}]}});");
      } else {
        Files.write(dir.resolve(name), part);
      }
    }
    JsonObject group = new JsonObject();
    group.add("paths", paths);
    group.add("weights", entries);
    JsonArray manifest = new JsonArray();
    manifest.add(group);
    JsonObject topology = new JsonObject();
    topology.add("model_config", TinyNet.config());
    JsonObject root = new JsonObject();
    root.add("modelTopology", topology);
    root.add("weightsManifest", manifest);
    String json = new Gson().toJson(root);
    if (wrapped) {
      // Minifier style: true/false as !0/!1, keys unquoted where possible.
      String js = json.replace("true", "!0").replace("false", "!1").replaceAll("\"([A-Za-z_][A-Za-z0-9_]*)\":", "$1:");
      Files.writeString(dir.resolve("model.min.js"),
          "!function(a){module.exports=a()}(function(){return function(){}({1:[function(a,n,i){n.exports=" + js
              + "},{}]})});");
    } else {
      Files.writeString(dir.resolve("model.json"), json);
    }
    return all;
  }

  static short toHalf(float f) {
    int bits = Float.floatToIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = ((bits >>> 23) & 0xff) - 127 + 15;
    int mant = (bits >>> 13) & 0x3ff;
    if (exp <= 0) {
      return (short) sign;
    }
    return (short) (sign | (exp << 10) | mant);
  }

  @Test
  void float32ModelReadsBackValueByValue() throws Exception {
    WeightSet w = TinyNet.weights(1);
    writeModel(tmp.resolve("m"), w, "float32", 3, false);
    TfjsModel m = TfjsModel.read(tmp.resolve("m"));
    assertThat(m.quantized()).isFalse();
    WeightSet back = m.weights();
    assertThat(back.names()).containsExactlyElementsOf(w.names());
    for (WeightTensor t : w.all()) {
      assertThat(back.get(t.name()).data()).containsExactly(t.data());
      assertThat(back.get(t.name()).shape()).containsExactly(t.shape());
    }
  }

  @Test
  void quantizedWeightsDequantizeAsQTimesScalePlusMin() throws Exception {
    WeightSet w = TinyNet.weights(2);
    for (String q : List.of("uint8", "uint16", "float16")) {
      Path dir = tmp.resolve(q);
      writeModel(dir, w, q, 2, false);
      TfjsModel m = TfjsModel.read(dir);
      assertThat(m.quantized()).isTrue();
      WeightSet back = m.weights();
      for (WeightTensor t : w.all()) {
        float max = 0;
        float min = 0;
        for (float v : t.data()) {
          max = Math.max(max, v);
          min = Math.min(min, v);
        }
        float tol = q.equals("uint8") ? (max - min) / 255 : q.equals("uint16") ? (max - min) / 65535 : 2e-3f * Math.max(1, max - min);
        float[] got = back.get(t.name()).data();
        for (int i = 0; i < got.length; i++) {
          assertThat(got[i]).as(q + " " + t.name()).isCloseTo(t.data()[i], within(tol));
        }
      }
    }
  }

  @Test
  void nsfwjsWrappedModulesGiveTheSameModel() throws Exception {
    WeightSet w = TinyNet.weights(3);
    writeModel(tmp.resolve("plain"), w, "uint8", 2, false);
    writeModel(tmp.resolve("wrapped"), w, "uint8", 2, true);
    TfjsModel plain = TfjsModel.read(tmp.resolve("plain"));
    TfjsModel wrapped = TfjsModel.read(tmp.resolve("wrapped"));
    assertThat(wrapped.weightBytes()).isEqualTo(plain.weightBytes());
    assertThat(KerasGraph.fromConfig(wrapped.topology()).layers()).hasSameSizeAs(
        KerasGraph.fromConfig(plain.topology()).layers());
    ModelInfo info = new ModelInfo("tiny", "tiny", -1, 1, null, null, null, null, true, null, null);
    FloatImage x = new FloatImage(3, 8, 8, new float[192]);
    java.util.Arrays.fill(x.data(), 0.3f);
    try (Network a = LoadedModel.fromTfjs(plain, info).build(Engine.getInstance().defaultDevice());
        Network b = LoadedModel.fromTfjs(wrapped, info).build(Engine.getInstance().defaultDevice())) {
      Map<String, float[]> ra = LossGradient.activations(a, List.of("dense"), x);
      Map<String, float[]> rb = LossGradient.activations(b, List.of("dense"), x);
      assertThat(rb.get("dense")).containsExactly(ra.get("dense"));
    }
  }

  @Test
  void truncatedShardsMissingWeightsAndWrongShapesAreNamed() throws Exception {
    WeightSet w = TinyNet.weights(4);
    Path dir = tmp.resolve("t");
    writeModel(dir, w, "float32", 1, false);
    byte[] shard = Files.readAllBytes(dir.resolve("group1-shard1of1"));
    Files.write(dir.resolve("group1-shard1of1"), java.util.Arrays.copyOf(shard, shard.length - 10));
    assertThatThrownBy(() -> TfjsModel.read(dir).weights()).hasMessageContaining("dense/bias")
        .hasMessageContaining("truncated");

    // A weight missing from the set, one of the wrong shape, one extra.
    KerasGraph g = KerasGraph.fromConfig(TinyNet.config());
    WeightSet missing = new WeightSet();
    w.all().stream().filter(t -> !t.name().equals("conv_b/kernel")).forEach(missing::add);
    assertThatThrownBy(() -> LayerWeights.bind(g, missing)).hasMessageContaining("conv_b/kernel")
        .hasMessageContaining("missing");
    WeightSet wrong = new WeightSet();
    for (WeightTensor t : w.all()) {
      wrong.add(t.name().equals("conv_c/kernel") ? new WeightTensor(t.name(), new long[] {3, 1, 16, 5}, new float[240]) : t);
    }
    assertThatThrownBy(() -> LayerWeights.bind(g, wrong)).hasMessageContaining("conv_c/kernel")
        .hasMessageContaining("[3, 1, 16, 5]").hasMessageContaining("[1, 3, 16, 5]");
    WeightSet extra = new WeightSet();
    w.all().forEach(extra::add);
    extra.add(new WeightTensor("ghost/kernel", new long[] {1}, new float[1]));
    assertThatThrownBy(() -> LayerWeights.bind(g, extra)).hasMessageContaining("ghost/kernel")
        .hasMessageContaining("no layer");
  }

  @Test
  void unsupportedLayerTypeIsNamed() {
    JsonObject cfg = TinyNet.config();
    cfg.getAsJsonObject("config").getAsJsonArray("layers").get(14).getAsJsonObject().addProperty("class_name", "LSTM");
    KerasGraph g = KerasGraph.fromConfig(cfg);
    ModelInfo info = new ModelInfo("tiny", "tiny", -1, 1, null, null, null, null, false, null, null);
    WeightSet w = TinyNet.weights(5);
    assertThatThrownBy(() -> Network.build(g, w, info, Engine.getInstance().defaultDevice()).close())
        .isInstanceOf(UnsupportedLayerException.class).hasMessageContaining("drop").hasMessageContaining("LSTM");
  }
}
