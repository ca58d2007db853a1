package dev.deepdream.settings;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.StepRule;
import dev.deepdream.dream.Transform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which parts of a config its recorded settings cannot make again: a step rule or transform of
 * the user's own that no service registers, or transforms in an order the settings do not replay.
 * A record names them instead of silently making another picture when it is reused.
 */
final class Provenance {
  private Provenance() {}

  /** One line per part that decoding the config's record would not give back. */
  static List<String> unreproducible(DreamConfig config) {
    List<String> out = new ArrayList<>();
    if (!StepRule.reproducible(config.stepRule())) {
      out.add("step rule '" + config.stepRule().id() + "' (a rule of your own that is not registered as a service"
          + " in META-INF/services/" + StepRule.class.getName() + ")");
    }
    boolean allKnown = true;
    for (Transform t : config.transforms()) {
      if (Transform.builtIn(t)) {
        continue;
      }
      try {
        String again = Transform.parse(t.describe()).describe();
        if (!again.equals(t.describe())) {
          out.add("transform '" + t.describe() + "' (its registered factory makes '" + again + "' from that text)");
          allKnown = false;
        }
      } catch (BadOptionException e) {
        out.add("transform '" + t.describe() + "' (a transform of your own with no registered Transform.Factory)");
        allKnown = false;
      }
    }
    if (allKnown) {
      List<String> given = describe(config.transforms());
      List<String> replayed = describe(replayTransforms(config));
      if (!replayed.equals(given)) {
        out.add("transforms in the order " + String.join(", ", given) + " (the settings replay them as "
            + String.join(", ", replayed) + ")");
      }
    }
    return out;
  }

  /** The transforms that decoding the config's transform settings gives. */
  private static List<Transform> replayTransforms(DreamConfig config) {
    Map<String, List<String>> text = new LinkedHashMap<>();
    for (Param p : DreamParams.RECORDED) {
      if (p.group().equals("transforms")) {
        List<String> v = p.read(config);
        if (!v.isEmpty()) {
          text.put(p.name(), v);
        }
      }
    }
    try {
      return SettingsCodec.decode(text, ImageSource.none()).transforms();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // no pictures are read here
    }
  }

  private static List<String> describe(List<Transform> transforms) {
    return transforms.stream().map(Transform::describe).toList();
  }
}
