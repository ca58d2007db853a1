package dev.deepdream.engine;

/**
 * How close to the float64 reference a plan must come to be used. fp32 holds the strict
 * bounds; oneDNN's bf16 math mode rounds every convolution's inputs to 8 bits of mantissa, so it
 * is held to bounds of its own, measured on InceptionV3 (docs/benchmarks.md), and checked the
 * same way.
 *
 * @param name "fp32" or "bf16"
 * @param minCosine the least cosine similarity of the input gradient to the reference's
 * @param maxMeanError the largest relative error of any checked layer's mean activation
 */
public record Tolerance(String name, double minCosine, double maxMeanError) {
  /** Plain float32 math. */
  public static final Tolerance FP32 = new Tolerance("fp32", 0.9999, 1e-4);

  /** oneDNN's bf16 math mode ({@code ONEDNN_DEFAULT_FPMATH_MODE=BF16}). */
  public static final Tolerance BF16 = new Tolerance("bf16", 0.99, 2e-2);

  /** The tolerance for a math mode as {@link EngineKey#fpmath()} names it. */
  public static Tolerance forMathMode(String fpmath) {
    return fpmath != null && fpmath.equalsIgnoreCase("bf16") ? BF16 : FP32;
  }
}
