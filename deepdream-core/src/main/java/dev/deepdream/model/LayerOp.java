package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** One compiled layer: its inputs (N, C, H, W) to its output, on the inputs' manager. */
@FunctionalInterface
interface LayerOp {
  /** The layer's output for {@code inputs}. */
  NDArray apply(List<NDArray> inputs);
}
