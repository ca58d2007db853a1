package dev.deepdream.visualize;

import dev.deepdream.batch.BatchItem;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.LayerNames;
import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.LayerShapes;
import dev.deepdream.model.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What an atlas draws: the channels of some layers, each with the shared settings and its own
 * seed, derived from the atlas's seed S and the channel's key as a batch derives an input's
 * ({@link BatchItem#deriveSeed}), so a channel's picture depends neither on the order nor on which
 * machine draws it, and {@code deepdream visualize --objective layer:c --seed D} with the recorded
 * seed D gives the same pixels.
 *
 * @param base the shared settings (their objective and seed are each channel's own)
 * @param seed the atlas's seed S
 * @param channels the channels, in order: layer by layer, channel by channel
 */
public record AtlasPlan(VisualizeConfig base, long seed, List<AtlasChannel> channels) {
  /** Keeps an unmodifiable copy. */
  public AtlasPlan {
    channels = List.copyOf(channels);
  }

  /** The settings that draw {@code ch}: the shared ones, its objective and its seed. */
  public VisualizeConfig configFor(AtlasChannel ch) {
    return base.toBuilder().objective(ch.objective()).seed(BatchItem.deriveSeed(seed, ch.key())).build();
  }

  /** {@link #configFor} as the settings' text, as the manifest and atlas.json record it. */
  public Map<String, String> settingsFor(AtlasChannel ch) {
    return VisualizeParams.encode(configFor(ch));
  }

  /**
   * The channels of {@code layers} that {@code spec} names: {@code all}, or numbers and inclusive
   * ranges such as {@code 0..31} or {@code 0..3,97,100..103}; channels past a layer's last are
   * left out (a layer with fewer channels gives what it has).
   *
   * @throws BadOptionException for an unknown layer, a bad spec, or a spec that names no channel
   */
  public static List<AtlasChannel> channels(KerasGraph graph, ModelInfo info, List<String> layers, String spec) {
    if (layers.isEmpty()) {
      throw new BadOptionException("give the layers to draw, e.g. --layers mixed3,mixed4");
    }
    Map<String, int[]> shapes = LayerShapes.infer(graph, graph.nativeSide(299), graph.nativeSide(299));
    TreeSet<Integer> wanted = parse(spec);
    List<AtlasChannel> out = new ArrayList<>();
    for (String layer : layers) {
      LayerNames.require(graph, info, layer);
      int[] shape = shapes.get(layer);
      if (shape == null || shape.length != 3) {
        throw new BadOptionException("layer " + layer + " has no channels to draw (its output is not an image)");
      }
      int count = shape[2];
      for (int c = 0; c < count; c++) {
        if (wanted == null || wanted.contains(c)) {
          out.add(new AtlasChannel(layer, c));
        }
      }
    }
    if (out.isEmpty()) {
      throw new BadOptionException("--channels " + spec + " names no channel of " + String.join(", ", layers));
    }
    return out;
  }

  /** The channel numbers of a spec, or null for all. */
  static TreeSet<Integer> parse(String spec) {
    String s = spec.trim().replace(" ", "");
    if (s.equals("all")) {
      return null;
    }
    TreeSet<Integer> out = new TreeSet<>();
    for (String part : s.split(",")) {
      try {
        int dots = part.indexOf("..");
        int lo = Integer.parseInt(dots < 0 ? part : part.substring(0, dots));
        int hi = dots < 0 ? lo : Integer.parseInt(part.substring(dots + 2));
        if (lo < 0 || hi < lo || hi - lo > 100_000) {
          throw new NumberFormatException();
        }
        for (int c = lo; c <= hi; c++) {
          out.add(c);
        }
      } catch (NumberFormatException e) {
        throw new BadOptionException("--channels: '" + part + "' is not a channel or a range such as 0..31");
      }
    }
    return out;
  }
}
