package dev.deepdream.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.model.InputConvention;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ONNX fixtures made by deepdream-core/src/test/python/onnx_fixtures.py (small networks with
 * random weights, exported by PyTorch) and their float64 references: per picture, each layer's
 * shape, mean and five values, and one input gradient.
 */
public final class OnnxFixtures {
  /** Where the fixtures are, from the project root (the tests' working folder). */
  public static final Path DIR = Path.of("deepdream-core", "src", "test", "resources", "onnx");
  /** GoogLeNet's shape with the Caffe2 converter's names. */
  public static final String GOOGLENET = "googlenet-tiny";
  /** A ResNet/MobileNet shape with PyTorch's names. */
  public static final String RESNET = "resnet-tiny";

  private OnnxFixtures() {}

  /** The fixture's ONNX file. */
  public static Path file(String fixture) {
    return DIR.resolve(fixture + ".onnx");
  }

  /** The fixture's reference document. */
  public static JsonObject reference(String fixture) {
    try {
      return JsonParser.parseString(Files.readString(DIR.resolve(fixture + ".json"))).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The input convention the reference was computed with. */
  public static InputConvention convention(JsonObject reference) {
    JsonObject in = reference.getAsJsonObject("input");
    JsonArray range = in.getAsJsonArray("range");
    return new InputConvention(range.get(0).getAsDouble(), range.get(1).getAsDouble(), doubles(in, "mean"),
        doubles(in, "std"), in.get("bgr").getAsBoolean());
  }

  private static double[] doubles(JsonObject o, String key) {
    JsonArray a = o.getAsJsonArray(key);
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsDouble();
    }
    return out;
  }

  /** The reference on the picture at {@code image} (a path from the project root). */
  public static JsonObject picture(JsonObject reference, String image) {
    for (JsonElement e : reference.getAsJsonArray("references")) {
      if (Path.of(e.getAsJsonObject().get("image").getAsString()).equals(Path.of(image))) {
        return e.getAsJsonObject();
      }
    }
    throw new IllegalArgumentException("no reference on " + image);
  }

  /** Each layer's reference ({shape, mean, values}) on {@code picture}, by every name (aliases too). */
  public static Map<String, JsonObject> layers(JsonObject reference, JsonObject picture) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    picture.getAsJsonObject("layers").entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsJsonObject()));
    if (reference.has("aliases")) {
      reference.getAsJsonObject("aliases").entrySet().forEach(e -> {
        if (out.containsKey(e.getValue().getAsString())) {
          out.put(e.getKey(), out.get(e.getValue().getAsString()));
        }
      });
    }
    return out;
  }

  /** The reference input gradient on {@code picture} (CHW). */
  public static float[] gradient(JsonObject picture) {
    try {
      byte[] b = Files.readAllBytes(DIR.resolve(picture.getAsJsonObject("gradient").get("file").getAsString()));
      float[] out = new float[b.length / 4];
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
