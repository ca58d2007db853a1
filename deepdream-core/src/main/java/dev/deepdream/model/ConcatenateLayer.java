package dev.deepdream.model;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.List;

/** Concatenate along an axis given in Keras's channels-last terms. */
final class ConcatenateLayer implements LayerType {
  @Override
  public List<String> names() {
    return List.of("Concatenate");
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    int[] out = inputs.get(0).clone();
    int axis = out.length - 1;
    out[axis] = 0;
    for (int[] s : inputs) {
      out[axis] += s[axis];
    }
    return out;
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    int kerasAxis = layer.intOr("axis", -1);
    return in -> NDArrays.concat(new NDList(in), channelsFirstAxis(kerasAxis, in.get(0).getShape().dimension()));
  }

  /** Keras's channels-last axis to the NCHW axis. */
  private static int channelsFirstAxis(int kerasAxis, int rank) {
    int axis = kerasAxis < 0 ? kerasAxis + rank : kerasAxis;
    if (rank != 4) {
      return axis;
    }
    return switch (axis) {
      case 0 -> 0;
      case 1 -> 2;
      case 2 -> 3;
      default -> 1;
    };
  }
}
