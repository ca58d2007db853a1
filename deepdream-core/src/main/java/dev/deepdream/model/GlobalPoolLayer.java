package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.function.UnaryOperator;

/** GlobalAveragePooling2D and GlobalMaxPooling2D: each channel's plane to one number. */
final class GlobalPoolLayer implements LayerType {
  /** The mean of each channel. */
  static final GlobalPoolLayer AVERAGE = new GlobalPoolLayer("GlobalAveragePooling2D", x -> x.mean(new int[] {2}));
  /** The maximum of each channel. */
  static final GlobalPoolLayer MAX = new GlobalPoolLayer("GlobalMaxPooling2D", x -> x.max(new int[] {2}));

  private final String name;
  /** The reduction over axis 2 of (N, C, H*W): mean() and max() take one axis at a time here. */
  private final UnaryOperator<NDArray> overPlane;

  private GlobalPoolLayer(String name, UnaryOperator<NDArray> overPlane) {
    this.name = name;
    this.overPlane = overPlane;
  }

  @Override
  public List<String> names() {
    return List.of(name);
  }

  @Override
  public int[] outputShape(LayerSpec layer, List<int[]> inputs) {
    return new int[] {inputs.get(0)[2]};
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    return in -> {
      Shape s = in.get(0).getShape();
      return overPlane.apply(in.get(0).reshape(s.get(0), s.get(1), -1));
    };
  }
}
