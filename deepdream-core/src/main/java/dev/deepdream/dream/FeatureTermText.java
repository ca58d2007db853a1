package dev.deepdream.dream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the feature-visualisation terms of an objective expression, {@code name(arguments)}: the
 * text each {@link Objective.Leaf#text()} writes ({@code neuron(mixed4:97,x=3,y=5)},
 * {@code direction(mixed4,97=1,12=-0.5)}, {@code diversity(mixed4)}, {@code class(2)},
 * {@code class(dense_3:2)}).
 */
final class FeatureTermText {
  private FeatureTermText() {}

  /** The term {@code name(args)}; {@code text} is the whole expression, for messages. */
  static Objective parse(String name, String args, String text) {
    String[] parts = args.isEmpty() ? new String[0] : args.split(",", -1);
    switch (name) {
      case "neuron" -> {
        if (parts.length < 1 || parts.length > 3) {
          throw bad(text, "neuron takes layer:channel and optionally x=N,y=N, e.g. neuron(mixed4:97,x=3,y=5)");
        }
        int colon = parts[0].lastIndexOf(':');
        if (colon < 0) {
          throw bad(text, "neuron needs layer:channel, e.g. neuron(mixed4:97)");
        }
        Integer x = null;
        Integer y = null;
        for (int k = 1; k < parts.length; k++) {
          String p = parts[k];
          if (p.startsWith("x=") && x == null) {
            x = whole(p.substring(2), text);
          } else if (p.startsWith("y=") && y == null) {
            y = whole(p.substring(2), text);
          } else {
            throw bad(text, "'" + p + "' in neuron(...): expected x=N or y=N, each once");
          }
        }
        return new Objective.Neuron(layer(parts[0].substring(0, colon), text), whole(parts[0].substring(colon + 1),
            text), x, y);
      }
      case "direction" -> {
        if (parts.length < 2) {
          throw bad(text, "direction takes a layer and channel=weight pairs, e.g. direction(mixed4,97=1,12=-0.5)");
        }
        Map<Integer, Double> vector = new LinkedHashMap<>();
        for (int k = 1; k < parts.length; k++) {
          int eq = parts[k].indexOf('=');
          if (eq < 0) {
            throw bad(text, "'" + parts[k] + "' in direction(...) is not channel=weight");
          }
          int channel = whole(parts[k].substring(0, eq), text);
          if (vector.put(channel, number(parts[k].substring(eq + 1), text)) != null) {
            throw bad(text, "channel " + channel + " is given twice in direction(...)");
          }
        }
        return new Objective.Direction(layer(parts[0], text), vector);
      }
      case "diversity" -> {
        if (parts.length != 1) {
          throw bad(text, "diversity takes one layer, e.g. diversity(mixed4)");
        }
        return new Objective.Diversity(layer(parts[0], text));
      }
      case "class" -> {
        if (parts.length != 1) {
          throw bad(text, "class takes a class number, or head:number, e.g. class(2)");
        }
        int colon = parts[0].lastIndexOf(':');
        String head = colon < 0 ? null : layer(parts[0].substring(0, colon), text);
        return new Objective.ClassLogit(head, whole(parts[0].substring(colon + 1), text));
      }
      default -> throw bad(text, "unknown term " + name + "(...); known: neuron, direction, diversity, class");
    }
  }

  private static String layer(String s, String text) {
    if (!s.matches(ObjectiveParser.LAYER_NAME)) {
      throw bad(text, "'" + s + "' is not a layer name");
    }
    return s;
  }

  private static int whole(String s, String text) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw bad(text, "'" + s + "' is not a whole number");
    }
  }

  private static double number(String s, String text) {
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v)) {
        throw bad(text, "'" + s + "' is not a finite number");
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(text, "'" + s + "' is not a number");
    }
  }

  private static BadOptionException bad(String text, String what) {
    return new BadOptionException("objective '" + text + "': " + what);
  }
}
