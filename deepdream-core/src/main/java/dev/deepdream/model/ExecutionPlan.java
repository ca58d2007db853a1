package dev.deepdream.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * How a {@link Network} computes: the memory layout of its input (which every layer then keeps)
 * and, per convolution, the kernel that computes it when it is not the engine's own. The engine
 * check ({@code dev.deepdream.engine}) measures candidate plans against a float64 reference on
 * the machine that runs them and picks the fastest right one.
 *
 * @param name a short name for listings, e.g. {@code channels-last}
 * @param layout the input's memory layout
 * @param kernels convolutions computed other than by {@link ConvKernel#ENGINE}, by layer name
 * @param faultLayer a layer whose output this plan deliberately gets wrong (scaled by 1 + {@link
 *     #FAULT}), or null: the test hook that proves the check refuses a wrong plan
 */
public record ExecutionPlan(String name, Layout layout, Map<String, ConvKernel> kernels, String faultLayer) {
  /** How far off an injected fault makes its layer's output, relatively. */
  public static final double FAULT = 0.02;

  /** Every layer on the engine's kernels, channels-first: the layout whose forward pass was never seen wrong. */
  public static final ExecutionPlan CHANNELS_FIRST = of(Layout.CHANNELS_FIRST);

  /** Every layer on the engine's kernels, channels-last (oneDNN's NHWC kernels). */
  public static final ExecutionPlan CHANNELS_LAST = of(Layout.CHANNELS_LAST);

  public ExecutionPlan {
    kernels = Map.copyOf(kernels);
  }

  /** The plan that runs every layer on the engine's kernels in {@code layout}. */
  public static ExecutionPlan of(Layout layout) {
    return new ExecutionPlan(layout.id(), layout, Map.of(), null);
  }

  /** The kernel for convolution {@code layer}. */
  public ConvKernel kernel(String layer) {
    return kernels.getOrDefault(layer, ConvKernel.ENGINE);
  }

  /** A copy that computes {@code layers} with {@code kernel}, named after what it changed. */
  public ExecutionPlan with(Iterable<String> layers, ConvKernel kernel) {
    Map<String, ConvKernel> k = new TreeMap<>(kernels);
    for (String l : layers) {
      k.put(l, kernel);
    }
    return new ExecutionPlan(layout.id() + describeKernels(k), layout, k, faultLayer);
  }

  /** A copy that gets {@code layer} wrong on purpose (the engine check's test hook). */
  public ExecutionPlan withFault(String layer) {
    return new ExecutionPlan(name, layout, kernels, layer);
  }

  private static String describeKernels(Map<String, ConvKernel> kernels) {
    if (kernels.isEmpty()) {
      return "";
    }
    Map<ConvKernel, StringBuilder> byKernel = new TreeMap<>();
    kernels.forEach((layer, k) -> {
      StringBuilder layers = byKernel.computeIfAbsent(k, x -> new StringBuilder());
      layers.append(layers.length() == 0 ? "" : ",").append(layer);
    });
    StringBuilder out = new StringBuilder();
    byKernel.forEach((k, layers) -> out.append(", ").append(layers).append(": ").append(k.id()));
    return out.toString();
  }
}
