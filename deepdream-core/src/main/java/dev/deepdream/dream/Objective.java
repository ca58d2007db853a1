package dev.deepdream.dream;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.Set;

/**
 * What a dream maximises: a scalar computed from some layers' activations. Objectives compose
 * (see {@link Objectives}), as lucid's optvis objectives do.
 */
public interface Objective {
  /** The layers whose activations {@link #loss} reads. */
  Set<String> layers();

  /** The scalar loss from the activations (N, C, H, W) of {@link #layers()}. */
  NDArray loss(Map<String, NDArray> activations);

  /** A short text such as {@code mixed3 + 1.5*mixed5}. */
  String describe();
}
