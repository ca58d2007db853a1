package dev.deepdream.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.LayerShapes;
import dev.deepdream.model.LayerSpec;
import dev.deepdream.model.LayerWeights;
import dev.deepdream.model.WeightSet;
import dev.deepdream.model.WeightTensor;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small Keras functional model that uses every supported layer type, with random weights:
 * for gradient checks, format round trips and interpreter tests without the big model.
 */
public final class TinyNet {
  private TinyNet() {}

  /** The model config JSON ({class_name, config}). */
  public static JsonObject config() {
    String[][] layers = {
      {"input_1", "InputLayer", "{\"batch_input_shape\":[null,null,null,3]}", ""},
      {"pad", "ZeroPadding2D", "{\"padding\":[[1,0],[0,1]]}", "input_1"},
      {"conv_a", "Conv2D", "{\"filters\":4,\"kernel_size\":[3,3],\"strides\":[2,2],\"padding\":\"same\",\"use_bias\":true,\"activation\":\"linear\"}", "pad"},
      {"bn_a", "BatchNormalization", "{\"axis\":3,\"epsilon\":0.001,\"center\":true,\"scale\":true}", "conv_a"},
      {"relu_a", "Activation", "{\"activation\":\"relu\"}", "bn_a"},
      {"dw", "DepthwiseConv2D", "{\"kernel_size\":[3,3],\"strides\":[1,1],\"padding\":\"same\",\"depth_multiplier\":2,\"use_bias\":true,\"activation\":\"linear\"}", "relu_a"},
      {"bn_dw", "BatchNormalization", "{\"axis\":-1,\"epsilon\":0.001,\"center\":false,\"scale\":false}", "dw"},
      {"relu6", "ReLU", "{\"max_value\":6.0}", "bn_dw"},
      {"avg", "AveragePooling2D", "{\"pool_size\":[3,3],\"strides\":[1,1],\"padding\":\"same\"}", "relu6"},
      {"max", "MaxPooling2D", "{\"pool_size\":[3,3],\"strides\":[1,1],\"padding\":\"same\"}", "relu6"},
      {"cat", "Concatenate", "{\"axis\":-1}", "avg,max"},
      {"conv_b", "Conv2D", "{\"filters\":5,\"kernel_size\":[1,1],\"strides\":[1,1],\"padding\":\"valid\",\"use_bias\":false,\"activation\":\"relu\"}", "cat"},
      {"conv_c", "Conv2D", "{\"filters\":5,\"kernel_size\":[1,3],\"strides\":[1,1],\"padding\":\"same\",\"use_bias\":true,\"activation\":\"tanh\"}", "cat"},
      {"add", "Add", "{}", "conv_b,conv_c"},
      {"drop", "Dropout", "{\"rate\":0.5}", "add"},
      {"gap", "GlobalAveragePooling2D", "{}", "drop"},
      {"dense", "Dense", "{\"units\":3,\"use_bias\":true,\"activation\":\"softmax\"}", "gap"},
    };
    JsonArray arr = new JsonArray();
    for (String[] l : layers) {
      JsonObject o = new JsonObject();
      o.addProperty("name", l[0]);
      o.addProperty("class_name", l[1]);
      JsonObject cfg = JsonParser.parseString(l[2]).getAsJsonObject();
      cfg.addProperty("name", l[0]);
      o.add("config", cfg);
      JsonArray nodes = new JsonArray();
      if (!l[3].isEmpty()) {
        JsonArray node = new JsonArray();
        for (String in : l[3].split(",")) {
          JsonArray ref = new JsonArray();
          ref.add(in);
          ref.add(0);
          ref.add(0);
          ref.add(new JsonObject());
          node.add(ref);
        }
        nodes.add(node);
      }
      o.add("inbound_nodes", nodes);
      arr.add(o);
    }
    JsonObject c = new JsonObject();
    c.addProperty("name", "tiny");
    c.add("layers", arr);
    JsonObject model = new JsonObject();
    model.addProperty("class_name", "Model");
    model.add("config", c);
    return model;
  }

  /** Random weights of the right shapes (variances positive). */
  public static WeightSet weights(long seed) {
    KerasGraph g = KerasGraph.fromConfig(config());
    Map<String, int[]> shapes = LayerShapes.infer(g, 16, 16);
    Random r = new Random(seed);
    WeightSet set = new WeightSet();
    for (LayerSpec l : g.layers()) {
      if (l.inputs().isEmpty()) {
        continue;
      }
      int[] in = shapes.get(l.inputs().get(0));
      List<LayerWeights.Expected> expected = LayerWeights.expected(l, in[in.length - 1]);
      for (LayerWeights.Expected e : expected) {
        int n = 1;
        for (long d : e.shape()) {
          n *= (int) d;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
          data[i] = e.shortName().equals("moving_variance") ? 0.5f + r.nextFloat()
              : e.shortName().equals("gamma") ? 0.5f + r.nextFloat() : (float) (r.nextGaussian() * 0.5);
        }
        set.add(new WeightTensor(l.name() + "/" + e.shortName(), e.shape(), data));
      }
    }
    return set;
  }
}
