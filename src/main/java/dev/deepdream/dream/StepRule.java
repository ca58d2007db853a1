package dev.deepdream.dream;

import dev.deepdream.image.FloatImage;

/** The tutorial's update: gradient / (std + 1e-8) x step size, then clip to the input range. */
public final class StepRule {
  private StepRule() {}

  /**
   * One ascent step on {@code image} with {@code gradient}, clipped to [lo, hi]. The gradient is
   * consumed (its array becomes the result).
   */
  public static FloatImage apply(FloatImage image, FloatImage gradient, double stepSize, float lo, float hi) {
    double std = gradient.std();
    float scale = (float) (stepSize * (hi - lo) / 2 / (std + 1e-8));
    return gradient.consumeAsStep(image, scale, lo, hi);
  }
}
