package dev.deepdream.visualize;

import dev.deepdream.dream.Objective;
import java.util.Locale;

/**
 * One channel of an atlas: a layer and a channel number, its objective ({@code mixed3:7}, the
 * channel's mean activation, which is also what the atlas page offers to copy), its key in the
 * atlas's manifest and its picture's path in the atlas folder.
 *
 * @param layer the layer's name
 * @param channel the channel, from 0
 */
public record AtlasChannel(String layer, int channel) implements java.io.Serializable {
  /** The objective that draws this channel. */
  public Objective objective() {
    return Objective.channels(layer, channel);
  }

  /** The objective's text, {@code layer:channel}: the manifest's key and what a user copies. */
  public String key() {
    return layer + ":" + channel;
  }

  /**
   * The picture's path in the atlas folder, {@code layer/0007.png} (a layer name's characters
   * other than letters, digits, '.', '_' and '-' become '_').
   */
  public String file() {
    return folder(layer) + "/" + String.format(Locale.ROOT, "%04d", channel) + ".png";
  }

  /** A layer's folder in the atlas. */
  static String folder(String layer) {
    return layer.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
