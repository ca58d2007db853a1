package dev.deepdream.dream;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parsers for the text forms of settings, shared by the CLI and the web API. */
public final class ConfigText {
  private ConfigText() {}

  /** "mixed3,mixed5" or "mixed3=1,mixed5=1.5" to an ordered layer-to-weight map. */
  public static Map<String, Double> layers(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String name = eq < 0 ? p : p.substring(0, eq).trim();
      double weight = 1.0;
      if (eq >= 0) {
        try {
          weight = Double.parseDouble(p.substring(eq + 1).trim());
        } catch (NumberFormatException e) {
          throw new BadOptionException("layer weight '" + p.substring(eq + 1) + "' of " + name + " is not a number");
        }
      }
      if (name.isEmpty()) {
        throw new BadOptionException("empty layer name in '" + text + "'");
      }
      out.put(name, weight);
    }
    if (out.isEmpty()) {
      throw new BadOptionException("no layers given in '" + text + "'");
    }
    return out;
  }

  /** "-2..2" (or a single octave "0") to {min, max}. */
  public static int[] octaves(String text) {
    String t = text.trim();
    try {
      int dots = t.indexOf("..");
      if (dots < 0) {
        int v = Integer.parseInt(t);
        return new int[] {v, v};
      }
      int lo = Integer.parseInt(t.substring(0, dots).trim());
      int hi = Integer.parseInt(t.substring(dots + 2).trim());
      if (lo > hi) {
        throw new BadOptionException("octaves '" + text + "': the first must not exceed the second");
      }
      if (hi - lo > 20) {
        throw new BadOptionException("octaves '" + text + "': at most 21 octaves");
      }
      return new int[] {lo, hi};
    } catch (NumberFormatException e) {
      throw new BadOptionException("octaves '" + text + "' must look like -2..2");
    }
  }

  /**
   * Applies the text forms of the settings a user may give (null: not given, keep the builder's)
   * on top of a builder, e.g. one from a preset. Layers replace an objective and vice versa.
   */
  public static DreamConfig.Builder apply(DreamConfig.Builder b, String mode, Integer steps, String layers,
      String objective) {
    if (mode != null) {
      b.mode(Mode.parse(mode));
    }
    if (steps != null) {
      b.steps(steps);
    }
    if (layers != null) {
      b.layers(layers(layers)).objective(null);
    }
    if (objective != null) {
      b.objective(objective);
    }
    return b;
  }
}
