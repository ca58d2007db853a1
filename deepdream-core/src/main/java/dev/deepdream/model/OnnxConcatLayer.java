package dev.deepdream.model;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.List;

/** ONNX Concat along the channels (axis 1, an inception block's output) of images or vectors. */
final class OnnxConcatLayer extends OnnxLayer {
  OnnxConcatLayer() {
    super("Concat");
  }

  @Override
  void convert(OnnxNode node) {
    for (int i = 0; i < node.inputCount(); i++) {
      node.layerInput(i);
    }
    node.set("axis", node.attrInt("axis", 1));
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    channelAxis(layer, inputs.get(0).length + 1);
    int[] out = inputs.get(0).clone();
    int c = out.length - 1;
    out[c] = 0;
    for (int[] s : inputs) {
      if (s.length != out.length) {
        return emptyLike(out);
      }
      for (int i = 0; i < c; i++) {
        if (s[i] != out[i]) {
          return emptyLike(out); // the branches disagree at this size
        }
      }
      out[c] += s[c];
    }
    return out;
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    return in -> NDArrays.concat(new NDList(in), channelAxis(layer, in.get(0).getShape().dimension()));
  }

  /** The concatenation's axis for inputs of {@code rank}, which must be the channels' (1). */
  private static int channelAxis(LayerSpec layer, int rank) {
    int axis = layer.intOr("axis", 1);
    if ((axis < 0 ? axis + rank : axis) != 1) {
      throw new UnsupportedLayerException("layer " + layer.name() + " (Concat) joins axis " + axis + " of "
          + rank + "-D tensors; deepdream joins channels (axis 1)");
    }
    return 1;
  }
}
