package dev.deepdream.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * Keras's InceptionV3 without its top, written out as a Keras model config. Keras's weights-only
 * HDF5 file has no topology, so this builder mirrors {@code keras.applications.inception_v3} call
 * for call, with the layer names Keras 2.2 gave them ({@code conv2d_1}..{@code conv2d_94},
 * {@code mixed0}..{@code mixed10}).
 */
public final class InceptionV3Config {
  private final JsonArray layers = new JsonArray();
  private int conv;
  private int maxPool;
  private int avgPool;
  private int concat;

  private InceptionV3Config() {}

  /** The config ({@code {class_name: "Model", config: {...}}}) of InceptionV3 up to mixed10. */
  public static JsonObject build() {
    return new InceptionV3Config().define();
  }

  private JsonObject define() {
    JsonObject inCfg = new JsonObject();
    JsonArray shape = new JsonArray();
    shape.add(JsonNull.INSTANCE);
    shape.add(JsonNull.INSTANCE);
    shape.add(JsonNull.INSTANCE);
    shape.add(3);
    inCfg.add("batch_input_shape", shape);
    inCfg.addProperty("dtype", "float32");
    inCfg.addProperty("name", "input_1");
    add("input_1", "InputLayer", inCfg, List.of());

    String x = convBn("input_1", 32, 3, 3, 2, "valid");
    x = convBn(x, 32, 3, 3, 1, "valid");
    x = convBn(x, 64, 3, 3, 1, "same");
    x = maxPool(x);
    x = convBn(x, 80, 1, 1, 1, "valid");
    x = convBn(x, 192, 3, 3, 1, "valid");
    x = maxPool(x);

    // mixed 0, 1, 2: 35 x 35
    for (int i = 0; i < 3; i++) {
      String b1 = convBn(x, 64, 1, 1, 1, "same");
      String b5 = convBn(x, 48, 1, 1, 1, "same");
      b5 = convBn(b5, 64, 5, 5, 1, "same");
      String b3 = convBn(x, 64, 1, 1, 1, "same");
      b3 = convBn(b3, 96, 3, 3, 1, "same");
      b3 = convBn(b3, 96, 3, 3, 1, "same");
      String bp = avgPool(x);
      bp = convBn(bp, i == 0 ? 32 : 64, 1, 1, 1, "same");
      x = concat("mixed" + i, b1, b5, b3, bp);
    }

    // mixed 3: 17 x 17
    String b3 = convBn(x, 384, 3, 3, 2, "valid");
    String bd = convBn(x, 64, 1, 1, 1, "same");
    bd = convBn(bd, 96, 3, 3, 1, "same");
    bd = convBn(bd, 96, 3, 3, 2, "valid");
    String bp = maxPool(x);
    x = concat("mixed3", b3, bd, bp);

    // mixed 4..7: 17 x 17, 7x1 factorised
    int[] widths = {128, 160, 160, 192};
    for (int i = 0; i < 4; i++) {
      int c = widths[i];
      String b1 = convBn(x, 192, 1, 1, 1, "same");
      String b7 = convBn(x, c, 1, 1, 1, "same");
      b7 = convBn(b7, c, 1, 7, 1, "same");
      b7 = convBn(b7, 192, 7, 1, 1, "same");
      String b7d = convBn(x, c, 1, 1, 1, "same");
      b7d = convBn(b7d, c, 7, 1, 1, "same");
      b7d = convBn(b7d, c, 1, 7, 1, "same");
      b7d = convBn(b7d, c, 7, 1, 1, "same");
      b7d = convBn(b7d, 192, 1, 7, 1, "same");
      String pool = avgPool(x);
      pool = convBn(pool, 192, 1, 1, 1, "same");
      x = concat("mixed" + (4 + i), b1, b7, b7d, pool);
    }

    // mixed 8: 8 x 8
    String b3x3 = convBn(x, 192, 1, 1, 1, "same");
    b3x3 = convBn(b3x3, 320, 3, 3, 2, "valid");
    String b7x3 = convBn(x, 192, 1, 1, 1, "same");
    b7x3 = convBn(b7x3, 192, 1, 7, 1, "same");
    b7x3 = convBn(b7x3, 192, 7, 1, 1, "same");
    b7x3 = convBn(b7x3, 192, 3, 3, 2, "valid");
    String pool8 = maxPool(x);
    x = concat("mixed8", b3x3, b7x3, pool8);

    // mixed 9, 10: 8 x 8
    for (int i = 0; i < 2; i++) {
      String b1 = convBn(x, 320, 1, 1, 1, "same");
      String b3a = convBn(x, 384, 1, 1, 1, "same");
      String b31 = convBn(b3a, 384, 1, 3, 1, "same");
      String b32 = convBn(b3a, 384, 3, 1, 1, "same");
      String b3cat = concat("mixed9_" + i, b31, b32);
      String bdbl = convBn(x, 448, 1, 1, 1, "same");
      bdbl = convBn(bdbl, 384, 3, 3, 1, "same");
      String bd1 = convBn(bdbl, 384, 1, 3, 1, "same");
      String bd2 = convBn(bdbl, 384, 3, 1, 1, "same");
      String bdcat = concat("concatenate_" + (++concat), bd1, bd2);
      String pool = avgPool(x);
      pool = convBn(pool, 192, 1, 1, 1, "same");
      x = concat("mixed" + (9 + i), b1, b3cat, bdcat, pool);
    }

    JsonObject config = new JsonObject();
    config.addProperty("name", "inception_v3");
    config.add("layers", layers);
    config.add("input_layers", ref("input_1"));
    config.add("output_layers", ref("mixed10"));
    JsonObject model = new JsonObject();
    model.addProperty("class_name", "Model");
    model.add("config", config);
    return model;
  }

  private static JsonArray ref(String name) {
    JsonArray one = new JsonArray();
    one.add(name);
    one.add(0);
    one.add(0);
    JsonArray list = new JsonArray();
    list.add(one);
    return list;
  }

  /** Keras's conv2d_bn: convolution without bias, batch norm without scale, ReLU. */
  private String convBn(String input, int filters, int rows, int cols, int stride, String padding) {
    conv++;
    String convName = "conv2d_" + conv;
    JsonObject c = new JsonObject();
    c.addProperty("name", convName);
    c.addProperty("filters", filters);
    c.add("kernel_size", pair(rows, cols));
    c.add("strides", pair(stride, stride));
    c.addProperty("padding", padding);
    c.addProperty("data_format", "channels_last");
    c.add("dilation_rate", pair(1, 1));
    c.addProperty("activation", "linear");
    c.addProperty("use_bias", false);
    add(convName, "Conv2D", c, List.of(input));

    String bnName = "batch_normalization_" + conv;
    JsonObject b = new JsonObject();
    b.addProperty("name", bnName);
    b.addProperty("axis", 3);
    b.addProperty("momentum", 0.99);
    b.addProperty("epsilon", 0.001);
    b.addProperty("center", true);
    b.addProperty("scale", false);
    add(bnName, "BatchNormalization", b, List.of(convName));

    String actName = "activation_" + conv;
    JsonObject a = new JsonObject();
    a.addProperty("name", actName);
    a.addProperty("activation", "relu");
    add(actName, "Activation", a, List.of(bnName));
    return actName;
  }

  private String maxPool(String input) {
    String name = "max_pooling2d_" + (++maxPool);
    JsonObject c = new JsonObject();
    c.addProperty("name", name);
    c.add("pool_size", pair(3, 3));
    c.addProperty("padding", "valid");
    c.add("strides", pair(2, 2));
    c.addProperty("data_format", "channels_last");
    add(name, "MaxPooling2D", c, List.of(input));
    return name;
  }

  private String avgPool(String input) {
    String name = "average_pooling2d_" + (++avgPool);
    JsonObject c = new JsonObject();
    c.addProperty("name", name);
    c.add("pool_size", pair(3, 3));
    c.addProperty("padding", "same");
    c.add("strides", pair(1, 1));
    c.addProperty("data_format", "channels_last");
    add(name, "AveragePooling2D", c, List.of(input));
    return name;
  }

  private String concat(String name, String... inputs) {
    JsonObject c = new JsonObject();
    c.addProperty("name", name);
    c.addProperty("axis", 3);
    add(name, "Concatenate", c, List.of(inputs));
    return name;
  }

  private void add(String name, String type, JsonObject config, List<String> inputs) {
    JsonObject layer = new JsonObject();
    layer.addProperty("name", name);
    layer.addProperty("class_name", type);
    layer.add("config", config);
    JsonArray node = new JsonArray();
    for (String in : inputs) {
      JsonArray r = new JsonArray();
      r.add(in);
      r.add(0);
      r.add(0);
      r.add(new JsonObject());
      node.add(r);
    }
    JsonArray nodes = new JsonArray();
    if (!inputs.isEmpty()) {
      nodes.add(node);
    }
    layer.add("inbound_nodes", nodes);
    layers.add(layer);
  }

  private static JsonArray pair(int a, int b) {
    JsonArray p = new JsonArray();
    p.add(a);
    p.add(b);
    return p;
  }
}
