package dev.deepdream.dream;

import dev.deepdream.engine.EngineReport;
import dev.deepdream.engine.PlanResult;
import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.LayerShapes;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How long a dream will take on this machine, before it starts: the engine check timed a
 * gradient step of the model's default layers at its probe size; a dream's steps cost what their
 * convolutions' multiply-adds cost relative to that step (every octave's size, the layers the
 * objective reads).
 */
final class DreamEstimate {
  private DreamEstimate() {}

  /**
   * Estimated seconds of gradient steps for {@code config} (resolved: its objective set) on a
   * picture of {@code width} x {@code height} after its max-dim shrink; -1 when the check has no
   * timing to go by.
   */
  static double seconds(KerasGraph graph, String defaultLayers, EngineReport report, int width, int height,
      DreamConfig config) {
    PlanResult chosen = report == null ? null : report.chosenResult();
    if (chosen == null || chosen.stepSeconds() == null) {
      return -1;
    }
    String[] probe = report.probe().split("x");
    int probeHeight = Integer.parseInt(probe[0]);
    int probeWidth = Integer.parseInt(probe[1]);
    Set<String> timedLayers = new LinkedHashSet<>();
    for (String l : (defaultLayers == null ? "" : defaultLayers).split(",")) {
      if (!l.isBlank()) {
        timedLayers.add(l.trim());
      }
    }
    Set<String> layers = new LinkedHashSet<>(config.objectiveLayers());
    if (timedLayers.isEmpty()) {
      timedLayers = layers;
    }
    double probeCost = LayerShapes.multiplyAdds(graph, timedLayers, probeHeight, probeWidth);
    if (probeCost <= 0) {
      return -1;
    }
    double cost = 0;
    for (int[] size : config.octaves().sizes(height, width)) {
      cost += LayerShapes.multiplyAdds(graph, layers, size[0], size[1]);
    }
    return chosen.stepSeconds() * config.steps() * cost / probeCost;
  }
}
