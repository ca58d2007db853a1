package dev.deepdream.model;

import ai.djl.Device;

/** A model's topology, float32 weights and description, ready to be compiled onto a device. */
public record LoadedModel(KerasGraph graph, WeightSet weights, ModelInfo info) {

  /** Reads a TF.js layers model (plain or nsfwjs-wrapped) with the given description. */
  static LoadedModel fromTfjs(TfjsModel tfjs, ModelInfo info) {
    return new LoadedModel(KerasGraph.fromConfig(tfjs.topology()), tfjs.weights(), info);
  }

  /** Compiles the network on {@code device}. */
  public Network build(Device device) {
    return Network.build(graph, weights, info, device);
  }

  /** Compiles the network on the engine's default device (a GPU when DJL finds one). */
  public Network build() {
    return build(ai.djl.engine.Engine.getInstance().defaultDevice());
  }
}
