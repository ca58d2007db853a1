package dev.deepdream.visualize;

import java.util.List;
import java.util.Map;

/**
 * What {@code atlas.json} holds: the model, its classifier head (where it has one), the settings
 * the last run shared, and one {@link Entry} per drawn channel, layer by layer. A page or a web
 * tab reads it with {@link AtlasFolder#read}.
 *
 * @param format the file's format, {@value #FORMAT}
 * @param model the model's name
 * @param modelSource where its weights came from
 * @param notes what a reader must know about the model (fine-tuned layers, what its head's classes are)
 * @param head the classifier head's layer, or null
 * @param seed the atlas's seed S (each channel's own seed derives from it)
 * @param settings the settings the channels share (as {@link VisualizeParams} writes them; no objective, no seed)
 * @param layers each layer's name, channel count and how many of its channels are drawn
 * @param entries the drawn channels
 */
public record Atlas(String format, String model, String modelSource, List<String> notes, String head, long seed,
    Map<String, String> settings, List<Layer> layers, List<Entry> entries) {
  /** The format written by this version. */
  public static final String FORMAT = "deepdream-atlas/1";

  /** Keeps unmodifiable copies. */
  public Atlas {
    notes = List.copyOf(notes);
    settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    layers = List.copyOf(layers);
    entries = List.copyOf(entries);
  }

  /**
   * A layer of the atlas.
   *
   * @param name the layer
   * @param channels how many channels it has
   * @param drawn how many of them are drawn
   */
  public record Layer(String name, int channels, int drawn) {}

  /**
   * One drawn channel.
   *
   * @param layer the layer
   * @param channel the channel
   * @param objective its objective's text ({@code mixed3:7}), to copy into {@code --objective}
   * @param file the picture, relative to the atlas folder ({@code mixed3/0007.png})
   * @param seed the channel's own seed
   * @param settings everything that drew it, as {@link VisualizeParams} writes it (objective and seed included)
   * @param topClasses the head's most probable classes for the picture (empty without a head)
   * @param loss the objective (the channel's mean activation) at the last step
   */
  public record Entry(String layer, int channel, String objective, String file, long seed, Map<String, String> settings,
      List<Heads.ClassScore> topClasses, Double loss) {
    /** Keeps unmodifiable copies. */
    public Entry {
      settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
      topClasses = List.copyOf(topClasses);
    }
  }
}
