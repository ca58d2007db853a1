package dev.deepdream.model;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.List;

/** ZeroPadding2D: zeros around the image. */
final class ZeroPaddingLayer implements LayerType {
  @Override
  public List<String> names() {
    return List.of("ZeroPadding2D");
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    int[] in = inputs.get(0);
    int[][] p = padding(layer);
    return new int[] {in[0] + p[0][0] + p[0][1], in[1] + p[1][0] + p[1][1], in[2]};
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    int[][] p = padding(layer);
    Shape pad = new Shape(p[1][0], p[1][1], p[0][0], p[0][1]);
    return in -> in.get(0).pad(pad, 0);
  }

  /** The padding as {{top, bottom}, {left, right}} from any of Keras's three forms. */
  static int[][] padding(LayerSpec l) {
    JsonElement p = l.config().get("padding");
    if (p == null || p.isJsonNull()) {
      return new int[][] {{1, 1}, {1, 1}};
    }
    if (p.isJsonPrimitive()) {
      int n = p.getAsInt();
      return new int[][] {{n, n}, {n, n}};
    }
    JsonArray a = p.getAsJsonArray();
    int[][] out = new int[2][2];
    for (int i = 0; i < 2; i++) {
      JsonElement e = a.get(i);
      if (e.isJsonPrimitive()) {
        out[i][0] = e.getAsInt();
        out[i][1] = e.getAsInt();
      } else {
        out[i][0] = e.getAsJsonArray().get(0).getAsInt();
        out[i][1] = e.getAsJsonArray().get(1).getAsInt();
      }
    }
    return out;
  }
}
