package dev.deepdream.engine;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.deepdream.model.ExecutionPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdict of one engine check: under which key it was made, every plan tried with its errors
 * and time, and the plan chosen (null when none was right). Stored as JSON in the model home.
 *
 * @param key what the verdict depends on
 * @param cpu the CPU, in words ({@link CpuInfo#describe})
 * @param probe the probe image's size, "HxW"
 * @param tolerance the bounds a plan had to meet
 * @param plans every plan tried, in the order tried
 * @param chosen the fastest right plan, or null
 * @param seconds what the check cost
 * @param checkedAt when it ran (ISO-8601)
 */
public record EngineReport(EngineKey key, String cpu, String probe, Tolerance tolerance, List<PlanResult> plans,
    ExecutionPlan chosen, double seconds, String checkedAt) {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
      .disableHtmlEscaping().create();

  public EngineReport {
    plans = List.copyOf(plans);
  }

  /** True when some plan was right. */
  public boolean passed() {
    return chosen != null;
  }

  /** The result of the chosen plan, or null. */
  public PlanResult chosenResult() {
    return plans.stream().filter(p -> chosen != null && p.plan().name().equals(chosen.name())).findFirst().orElse(null);
  }

  /** Lines for doctor and bench: the CPU, each plan tried and the plan chosen. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    out.add("CPU: " + cpu);
    out.add("engine check (" + key.model() + ", " + key.engine() + ", natives " + key.natives() + ", " + key.threads()
        + " threads, " + tolerance.name() + " math; probe " + probe + ", float64 reference; "
        + String.format(java.util.Locale.ROOT, "%.1f s", seconds) + " on " + checkedAt + "):");
    for (PlanResult p : plans) {
      out.add("  " + p.describe());
    }
    out.add(chosen == null ? "plan: none is right; nothing can dream here" : "plan: " + chosen.name()
        + " (the fastest right one)");
    return out;
  }

  /** This report as JSON. */
  public String toJson() {
    return GSON.toJson(this);
  }

  /** A report from {@link #toJson}. */
  public static EngineReport fromJson(String json) {
    return GSON.fromJson(json, EngineReport.class);
  }
}
