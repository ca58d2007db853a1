package dev.deepdream.engine;

/**
 * No execution plan computed the model right on this machine: dreaming would follow a wrong
 * gradient, so nothing is dreamed. The message names the check and each plan's failure.
 */
public final class EngineCheckException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient EngineReport report;

  public EngineCheckException(EngineReport report) {
    super("engine check failed: no execution plan computes " + report.key().model() + " right on this machine ("
        + report.cpu() + "; " + report.key().engine() + ", natives " + report.key().natives() + "): "
        + String.join("; ", report.plans().stream().map(p -> p.plan().name() + " " + p.verdict()).toList())
        + ". Nothing was dreamed; 'deepdream doctor' shows the check");
    this.report = report;
  }

  /** The check that failed. */
  public EngineReport report() {
    return report;
  }
}
