package dev.deepdream.engine;

import dev.deepdream.model.ExecutionPlan;

/**
 * How one candidate plan did against the float64 reference.
 *
 * @param plan the plan
 * @param passed whether it is within the tolerance
 * @param meanError the largest relative error of a checked layer's mean activation
 * @param activationError the largest absolute activation error, relative to that layer's largest value
 * @param gradientCosine cosine similarity of the input gradient to the reference's
 * @param stepSeconds median seconds of a float32 gradient step of the model's default layers at
 *     the probe size, or null when the plan was refused before timing
 * @param verdict one line: why it was refused, or "right"
 */
public record PlanResult(ExecutionPlan plan, boolean passed, double meanError, double activationError,
    double gradientCosine, Double stepSeconds, String verdict) {

  /** A copy with its measured step time. */
  public PlanResult timed(double seconds) {
    return new PlanResult(plan, passed, meanError, activationError, gradientCosine, seconds, verdict);
  }

  /** One line for listings: name, errors, cosine, time and verdict. */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "%s: mean error %.1e, max activation error %.1e, gradient cosine %.7f%s, %s",
        plan.name(), meanError, activationError, gradientCosine,
        stepSeconds == null ? "" : String.format(java.util.Locale.ROOT, ", %.3f s/step", stepSeconds), verdict);
  }
}
