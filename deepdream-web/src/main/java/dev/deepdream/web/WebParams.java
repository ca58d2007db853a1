package dev.deepdream.web;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.ConfigText;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.Mode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The job parameters of the web API (named like the CLI options), checked and turned into a config. */
public final class WebParams {
  /** The form fields a job takes, besides the image. */
  public static final List<String> NAMES = List.of("preset", "model", "layers", "objective", "mode", "steps",
      "step_size", "step_rule", "smoothing", "tv_weight", "jitter", "octaves", "octave_scale", "octave_mode",
      "tile_size", "seed", "max_dim", "guide_layer", "guide_weight", "mask_objective");

  private WebParams() {}

  /** Keeps the known, non-blank fields. */
  public static Map<String, String> pick(Map<String, String> form) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String n : NAMES) {
      String v = form.get(n);
      if (v != null && !v.isBlank()) {
        out.put(n, v.trim());
      }
    }
    return out;
  }

  /**
   * The dream config of these parameters, with ranges checked.
   *
   * @throws BadOptionException naming the first bad parameter
   */
  public static DreamConfig toConfig(Map<String, String> p) {
    try {
      DreamConfig.Builder b = p.containsKey("preset") ? dev.deepdream.dream.Presets.builder(p.get("preset"))
          : DreamConfig.builder();
      if (p.containsKey("model")) {
        b.model(p.get("model"));
      }
      if (p.containsKey("layers")) {
        b.layers(ConfigText.layers(p.get("layers"))).objective(null);
      }
      if (p.containsKey("objective")) {
        b.objective(p.get("objective"));
      }
      if (p.containsKey("step_rule")) {
        b.stepRule(dev.deepdream.dream.StepRule.parse(p.get("step_rule")));
      }
      if (p.containsKey("smoothing")) {
        b.smoothing(doubleIn(p, "smoothing", 0, 20));
      }
      if (p.containsKey("tv_weight")) {
        b.tvWeight(doubleIn(p, "tv_weight", 0, 100));
      }
      if (p.containsKey("jitter")) {
        b.jitter(intIn(p, "jitter", 0, 512));
      }
      if (p.containsKey("octave_mode")) {
        b.octaveMode(dev.deepdream.dream.OctaveMode.parse(p.get("octave_mode")));
      }
      if (p.containsKey("guide_weight")) {
        doubleIn(p, "guide_weight", 0, 100);
      }
      if (p.containsKey("mask_objective")) {
        dev.deepdream.dream.ObjectiveParser.terms(p.get("mask_objective"));
      }
      if (p.containsKey("mode")) {
        b.mode(Mode.parse(p.get("mode")));
      }
      if (p.containsKey("steps")) {
        b.steps(intIn(p, "steps", 1, 1000));
      }
      if (p.containsKey("step_size")) {
        b.stepSize(doubleIn(p, "step_size", 1e-5, 0.2));
      }
      if (p.containsKey("octaves")) {
        int[] o = ConfigText.octaves(p.get("octaves"));
        if (o[0] < -8 || o[1] > 4) {
          throw new BadOptionException("octaves must lie within -8..4");
        }
        b.octaves(o[0], o[1]);
      }
      if (p.containsKey("octave_scale")) {
        b.octaveScale(doubleIn(p, "octave_scale", 1.05, 2.0));
      }
      if (p.containsKey("tile_size")) {
        b.tileSize(intIn(p, "tile_size", 64, 2048));
      }
      if (p.containsKey("seed")) {
        try {
          b.seed(Long.parseLong(p.get("seed")));
        } catch (NumberFormatException e) {
          throw new BadOptionException("seed must be a whole number");
        }
      }
      if (p.containsKey("max_dim")) {
        b.maxDim(intIn(p, "max_dim", 64, 8000));
      }
      return b.build();
    } catch (BadOptionException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new BadOptionException(e.getMessage());
    }
  }

  private static int intIn(Map<String, String> p, String name, int lo, int hi) {
    try {
      int v = Integer.parseInt(p.get(name));
      if (v < lo || v > hi) {
        throw new BadOptionException(name + " must be between " + lo + " and " + hi + ", got " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new BadOptionException(name + " must be a whole number, got '" + p.get(name) + "'");
    }
  }

  private static double doubleIn(Map<String, String> p, String name, double lo, double hi) {
    try {
      double v = Double.parseDouble(p.get(name));
      if (!(v >= lo && v <= hi)) {
        throw new BadOptionException(name + " must be between " + lo + " and " + hi + ", got " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new BadOptionException(name + " must be a number, got '" + p.get(name) + "'");
    }
  }
}
