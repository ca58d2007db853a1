package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * ONNX Reshape (its target shape a constant, folded into the config), Flatten and Squeeze: the
 * same values in other dims, in ONNX's (NCHW) order. The target is worked out for each input
 * size, so a Flatten after a global pool works at any size; a fixed target that another size
 * cannot fill makes the layer empty there.
 */
final class OnnxReshapeLayer extends OnnxLayer {
  OnnxReshapeLayer() {
    super("Reshape", "Flatten", "Squeeze");
  }

  @Override
  void convert(OnnxNode node) {
    node.layerInput(0);
    switch (node.op()) {
      case "Reshape" -> {
        long[] shape = node.opset() < 5 ? node.attrInts("shape") : node.constant(1, "shape").longs();
        if (shape == null || (shape.length != 2 && shape.length != 4)) {
          throw node.unsupported("target shape " + (shape == null ? "missing" : text(shape))
              + " (deepdream's tensors are images [1, C, H, W] or vectors [1, N])");
        }
        node.set("shape", shape);
        node.set("allowzero", node.attrInt("allowzero", 0));
      }
      case "Flatten" -> node.set("axis", node.attrInt("axis", 1));
      default -> {
        long[] axes = node.opset() < 13 ? node.attrInts("axes")
            : node.present(1) ? node.constant(1, "axes").longs() : null;
        if (axes == null) {
          throw node.unsupported("no axes (deepdream squeezes named axes, keeping the batch)");
        }
        node.set("axes", axes);
      }
    }
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    long[] target = target(layer, nchw(inputs.get(0)));
    int[] out = shape(target);
    if (target == null) {
      return new int[rank(layer, inputs.get(0).length + 1) == 4 ? 3 : 1];
    }
    return empty(inputs.get(0)) ? emptyLike(out) : out;
  }

  /** The rank of the output for an input of {@code rank}. */
  private static int rank(LayerSpec layer, int rank) {
    return switch (op(layer)) {
      case "Reshape" -> longs(layer, "shape").length;
      case "Flatten" -> 2;
      default -> rank - longs(layer, "axes").length;
    };
  }

  /** The output dims for input dims {@code in}, or null when the layer cannot make them. */
  static long[] target(LayerSpec layer, long[] in) {
    long count = OnnxTensor.count(in);
    switch (op(layer)) {
      case "Flatten" -> {
        int axis = layer.intOr("axis", 1);
        axis = axis < 0 ? axis + in.length : axis;
        long rows = 1;
        for (int i = 0; i < axis; i++) {
          rows *= in[i];
        }
        return rows == 0 ? null : new long[] {rows, count / rows};
      }
      case "Squeeze" -> {
        long[] axes = longs(layer, "axes");
        long[] out = new long[in.length - axes.length];
        int j = 0;
        for (int i = 0; i < in.length; i++) {
          boolean squeezed = false;
          for (long a : axes) {
            squeezed |= (a < 0 ? a + in.length : a) == i;
          }
          if (squeezed && in[i] != 1) {
            return null;
          }
          if (!squeezed) {
            if (j == out.length) {
              return null;
            }
            out[j++] = in[i];
          }
        }
        return out;
      }
      default -> {
        long[] shape = longs(layer, "shape");
        boolean allowZero = layer.intOr("allowzero", 0) != 0;
        long[] out = new long[shape.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
          out[i] = shape[i] == 0 && !allowZero ? (i < in.length ? in[i] : 0) : shape[i];
          if (out[i] == -1) {
            infer = i;
          } else {
            known *= out[i];
          }
        }
        if (infer >= 0) {
          if (known == 0 || count % known != 0) {
            return null;
          }
          out[infer] = count / known;
        }
        return OnnxTensor.count(out) == count ? out : null;
      }
    }
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    return in -> {
      NDArray x = in.get(0);
      long[] target = target(layer, x.getShape().getShape());
      if (target == null) {
        throw new IllegalArgumentException("layer " + layer.name() + " (" + op(layer) + ") cannot reshape "
            + x.getShape() + ": it was made for the file's own input size");
      }
      return x.reshape(new Shape(target));
    };
  }
}
