package dev.deepdream.visualize;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.Numbers;
import dev.deepdream.image.Picture;
import dev.deepdream.model.Network;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws one channel of a layer, as an atlas does (or a page's "show me this channel"): the
 * channel's mean activation maximised from noise with the given settings, and, where the model has
 * a classifier head, the classes the finished picture scores highest. Its picture's text metadata
 * ({@link Drawing#record()}) is what an atlas reads back.
 */
public final class ChannelRenderer {
  /** How many of the head's classes an atlas keeps per channel. */
  public static final int TOP_CLASSES = 3;

  private final DeepDream dreamer;

  /** A renderer over {@code dreamer}'s models. */
  public ChannelRenderer(DeepDream dreamer) {
    this.dreamer = dreamer;
  }

  /**
   * A drawn channel.
   *
   * @param channel the channel
   * @param result the visualisation (its one picture, settings, losses, time)
   * @param top the head's most probable classes for the picture, most probable first (empty without a head)
   */
  public record Drawing(AtlasChannel channel, VisualizeResult result, List<Heads.ClassScore> top) {
    /** Keeps an unmodifiable copy. */
    public Drawing {
      top = List.copyOf(top);
    }

    /** The picture. */
    public Picture picture() {
      return result.pictures().get(0);
    }

    /** The picture's text metadata: the settings, the final objective and the top classes. */
    public Map<String, String> record() {
      Map<String, String> out = new LinkedHashMap<>(result.record());
      out.put("layer", channel.layer());
      out.put("channel", Integer.toString(channel.channel()));
      out.put("loss", Numbers.format(Math.round(result.lastLoss() * 1e4) / 1e4));
      if (!top.isEmpty()) {
        out.put("top_classes", classesText(top));
      }
      return out;
    }
  }

  /** Draws {@code ch} of {@code plan}. */
  public Drawing draw(AtlasPlan plan, AtlasChannel ch, DreamListener listener) throws IOException {
    return draw(plan.configFor(ch), ch, listener);
  }

  /** Draws {@code ch} with {@code config} (whose objective should be the channel's). */
  public Drawing draw(VisualizeConfig config, AtlasChannel ch, DreamListener listener) throws IOException {
    VisualizeResult r = new Visualizer(dreamer).render(config, listener);
    Network net = dreamer.network(config.model());
    String head = Heads.find(net.graph());
    List<Heads.ClassScore> top = head == null ? List.of() : dreamer.exclusive(() -> Heads.top(net, head,
        r.pictures().get(0), TOP_CLASSES));
    return new Drawing(ch, r, top);
  }

  /** Classes as text, {@code 2:0.7123,0:0.2011}: class number and probability. */
  public static String classesText(List<Heads.ClassScore> top) {
    List<String> parts = new ArrayList<>();
    for (Heads.ClassScore s : top) {
      parts.add(s.label() + ":" + String.format(java.util.Locale.ROOT, "%.4f", s.probability()));
    }
    return String.join(",", parts);
  }

  /** The classes of {@link #classesText}; empty for null or blank text. */
  public static List<Heads.ClassScore> parseClasses(String text) {
    List<Heads.ClassScore> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String part : text.split(",")) {
      int colon = part.indexOf(':');
      out.add(new Heads.ClassScore(Integer.parseInt(part.substring(0, colon).trim()),
          Double.parseDouble(part.substring(colon + 1).trim())));
    }
    return out;
  }
}
