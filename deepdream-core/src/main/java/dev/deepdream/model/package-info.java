/**
 * Networks as data: a model's graph ({@link dev.deepdream.model.KerasGraph}, from a Keras config,
 * a TF.js model or an ONNX file) and weights ({@link dev.deepdream.model.WeightSet}) are compiled
 * by one interpreter into a {@link dev.deepdream.model.Network} of DJL ops, layer by layer; each
 * kind of layer is one small class (a {@code LayerType}: its weights, output shape, cost and ops),
 * registered in {@code LayerTypes}. ONNX files are parsed by the classes protoc generates from
 * ONNX's schema at build time (package {@code dev.deepdream.model.onnx}, from
 * {@code src/main/protobuf/onnx.proto}) and converted at import ({@code OnnxImport}) into the same
 * cached form; their ops are kinds of their own ({@code OnnxLayer}, type names {@code onnx.*}). How
 * a network computes on this machine (memory layout, a kernel per convolution) is its
 * {@link dev.deepdream.model.ExecutionPlan}, which the engine check ({@code dev.deepdream.engine})
 * chooses. {@link dev.deepdream.model.ModelStore} fetches, imports, caches and verifies the models
 * ({@link dev.deepdream.model.KnownModels} names the built-in ones).
 */
package dev.deepdream.model;
