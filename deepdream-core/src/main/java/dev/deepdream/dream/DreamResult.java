package dev.deepdream.dream;

import dev.deepdream.image.Picture;
import dev.deepdream.model.ModelInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A finished dream and how it was made: the picture, the exact settings (seed included), the
 * model it used, the loss at every step and the time taken.
 */
public record DreamResult(Picture picture, DreamConfig config, long seed, ModelInfo model, List<Float> losses,
    long millis) {

  /** The settings as text, for PNG metadata and job records. */
  public Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("model", config.model());
    if (model != null && model.source() != null) {
      p.put("model_source", model.source());
    }
    if (config.objectiveText() == null) {
      p.put("layers", config.layers().entrySet().stream()
          .map(e -> e.getKey() + "=" + Objectives.formatWeight(e.getValue())).collect(Collectors.joining(",")));
    }
    if (config.objectiveText() != null) {
      p.put("objective", config.objectiveText());
    }
    p.put("mode", config.mode().id());
    p.put("steps", Integer.toString(config.steps()));
    p.put("step_size", Double.toString(config.stepSize()));
    if (config.mode() != Mode.SIMPLE) {
      p.put("octaves", config.octaveMin() + ".." + config.octaveMax());
      p.put("octave_scale", Double.toString(config.octaveScale()));
    }
    if (config.mode() == Mode.TILED) {
      p.put("tile_size", Integer.toString(config.tileSize()));
    }
    p.put("seed", Long.toString(seed));
    if (config.stepRule() != StepRule.STD) {
      p.put("step_rule", config.stepRule().id());
    }
    if (config.octaveMode() != OctaveMode.RESIZE) {
      p.put("octave_mode", config.octaveMode().id());
    }
    if (config.jitter() > 0) {
      p.put("jitter", Integer.toString(config.jitter()));
    }
    if (config.tvWeight() > 0) {
      p.put("tv_weight", Double.toString(config.tvWeight()));
    }
    if (config.smoothing() > 0) {
      p.put("smoothing", Double.toString(config.smoothing()));
    }
    if (config.memoryBytes() != null) {
      p.put("memory_budget_mb", Long.toString(config.memoryBytes() >> 20));
    }
    if (config.maxDim() != null) {
      p.put("max_dim", Integer.toString(config.maxDim()));
    }
    p.put("software", "deepdream " + Version.get());
    return p;
  }

  /** The loss at the first step, or NaN. */
  public float firstLoss() {
    return losses.isEmpty() ? Float.NaN : losses.get(0);
  }

  /** The loss at the last step, or NaN. */
  public float lastLoss() {
    return losses.isEmpty() ? Float.NaN : losses.get(losses.size() - 1);
  }
}
