package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * ONNX Pad of an image's height and width: constant (a value), reflect or edge. The pads (and
 * the value) come from attributes before opset 11 and from constant inputs since; they are folded
 * into the config as (top, left, bottom, right).
 */
final class OnnxPadLayer extends OnnxLayer {
  OnnxPadLayer() {
    super("Pad");
  }

  @Override
  void convert(OnnxNode node) {
    node.layerInput(0);
    long[] pads;
    double value;
    if (node.opset() < 11) {
      pads = node.attrInts(node.has("pads") ? "pads" : "paddings");
      value = node.attrFloat("value", 0);
    } else {
      pads = node.constant(1, "pads").longs();
      value = node.present(2) ? node.constant(2, "constant_value").values()[0] : 0;
      if (node.present(3)) {
        throw node.unsupported("an axes input (deepdream pads height and width of [1, C, H, W])");
      }
    }
    if (pads == null || pads.length != 8 || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0) {
      throw node.unsupported("pads " + (pads == null ? "missing" : text(pads)) + " (deepdream pads height and width "
          + "of [1, C, H, W])");
    }
    for (long p : pads) {
      if (p < 0) {
        throw node.unsupported("negative pads " + text(pads) + " (cropping)");
      }
    }
    String mode = node.attrString("mode", "constant");
    if (!List.of("constant", "reflect", "edge").contains(mode)) {
      throw node.unsupported("mode " + mode + " (deepdream pads constant, reflect and edge)");
    }
    node.set("pads", new long[] {pads[2], pads[3], pads[6], pads[7]});
    node.set("mode", mode);
    node.set("value", value);
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    int[] in = inputs.get(0);
    long[] p = longs(layer, "pads");
    if (in.length != 3 || empty(in)) {
      return new int[] {0, 0, 0};
    }
    boolean reflect = layer.stringOr("mode", "constant").equals("reflect");
    if (reflect && (p[0] >= in[0] || p[2] >= in[0] || p[1] >= in[1] || p[3] >= in[1])) {
      return new int[] {0, 0, in[2]}; // a reflection needs more pixels than it pads
    }
    return new int[] {in[0] + (int) (p[0] + p[2]), in[1] + (int) (p[1] + p[3]), in[2]};
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    long[] p = longs(layer, "pads");
    String mode = layer.stringOr("mode", "constant");
    double value = layer.doubleOr("value", 0);
    return in -> {
      NDArray x = in.get(0);
      if (mode.equals("constant")) {
        return x.pad(new Shape(p[1], p[3], p[0], p[2]), value);
      }
      return sides(sides(x, 2, (int) p[0], (int) p[2], mode), 3, (int) p[1], (int) p[3], mode);
    };
  }

  /** {@code x} with {@code before} and {@code after} rows (or columns) of {@code axis} added by reflection or edge. */
  private static NDArray sides(NDArray x, int axis, int before, int after, String mode) {
    if (before + after == 0) {
      return x;
    }
    long n = x.getShape().get(axis);
    String lead = axis == 2 ? ":, :, " : ":, :, :, ";
    NDList parts = new NDList();
    if (before > 0) {
      parts.add(mode.equals("edge") ? x.get(lead + "0:1").repeat(axis, before)
          : x.get(lead + "1:" + (before + 1)).flip(axis));
    }
    parts.add(x);
    if (after > 0) {
      parts.add(mode.equals("edge") ? x.get(lead + (n - 1) + ":" + n).repeat(axis, after)
          : x.get(lead + (n - 1 - after) + ":" + (n - 1)).flip(axis));
    }
    return NDArrays.concat(parts, axis);
  }
}
