package dev.deepdream.dream;

import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.LayerShapes;
import dev.deepdream.model.LayerSpec;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the tile side from a memory budget. A gradient step keeps every activation up to the
 * deepest requested layer for the backward pass and builds a gradient of each, so a tile's
 * engine memory is estimated as (input + all those activations) x 4 bytes x {@link #FACTOR}.
 */
public final class TileBudget {
  /** Activations, their gradients, and oneDNN's scratch space: measured peak / activation bytes. */
  static final double FACTOR = 3.0;

  /** The default budget: a quarter of the JVM's view of memory, at most 2 GiB. */
  public static long defaultBudget() {
    long total = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getTotalMemorySize();
    return Math.min(2L << 30, total / 4);
  }

  private TileBudget() {}

  /** Estimated engine bytes for one square tile of side {@code tile}. */
  public static long estimateBytes(KerasGraph graph, Set<String> layers, int tile) {
    Map<String, int[]> shapes = LayerShapes.infer(graph, tile, tile);
    long elements = 0;
    for (LayerSpec l : graph.ancestorsOf(layers)) {
      long n = 1;
      for (int d : shapes.get(l.name())) {
        n *= Math.max(d, 0);
      }
      elements += n;
    }
    return (long) (elements * 4L * FACTOR);
  }

  /**
   * The largest tile side (a multiple of 32, at most {@code maxTile}, at least {@code minTile})
   * whose estimate fits {@code budgetBytes}.
   *
   * @throws BadOptionException when even the smallest tile does not fit, naming what it needs
   */
  public static int choose(KerasGraph graph, Set<String> layers, long budgetBytes, int maxTile, int minTile) {
    int best = -1;
    for (int t = Math.max(32, (minTile + 31) / 32 * 32); t <= maxTile; t += 32) {
      if (estimateBytes(graph, layers, t) <= budgetBytes) {
        best = t;
      } else {
        break;
      }
    }
    if (best < 0) {
      int t = Math.max(32, (minTile + 31) / 32 * 32);
      throw new BadOptionException("memory budget " + (budgetBytes >> 20) + " MB is too small: the smallest tile ("
          + t + " px) needs about " + (estimateBytes(graph, layers, t) >> 20) + " MB");
    }
    return best;
  }
}
