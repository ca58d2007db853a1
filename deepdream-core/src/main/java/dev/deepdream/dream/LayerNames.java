package dev.deepdream.dream;

import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.ModelInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Checks layer names against a model, suggesting the closest valid ones. */
public final class LayerNames {
  private LayerNames() {}

  /** The layers a model lists as dreamable, in graph order. */
  public static List<String> dreamable(KerasGraph graph, ModelInfo info) {
    return info.dreamable(graph);
  }

  /** Throws {@link BadOptionException} naming the valid layers, closest first, if {@code name} is unknown. */
  public static void require(KerasGraph graph, ModelInfo info, String name) {
    if (graph.has(name)) {
      return;
    }
    List<String> valid = new ArrayList<>(dreamable(graph, info));
    valid.sort(Comparator.comparingInt((String v) -> distance(name, v)).thenComparing(v -> v));
    throw new BadOptionException("unknown layer '" + name + "' for model " + info.name() + "; valid layers, closest first: "
        + String.join(", ", valid));
  }

  /** Levenshtein edit distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
