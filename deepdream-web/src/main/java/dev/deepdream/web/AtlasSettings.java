package dev.deepdream.web;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Numbers;
import dev.deepdream.model.KnownModels;
import dev.deepdream.model.ModelStore;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.Setting;
import dev.deepdream.visualize.AtlasChannel;
import dev.deepdream.visualize.AtlasPlan;
import dev.deepdream.visualize.VisualizeConfig;
import dev.deepdream.visualize.VisualizeParams;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of an atlas drawn on request, declared once: the atlas's name, layers and channels
 * (the web's own), and every feature-visualisation setting an atlas takes ({@link VisualizeParams},
 * with {@code deepdream atlas}'s defaults). The Atlas tab builds its form from
 * {@link #declarations}; an atlas job records its settings under these names ({@link Drawing#record})
 * and its run reads them back ({@link Drawing#of}).
 */
final class AtlasSettings {
  /** The atlas's name: its folder among the server's atlases ({@link Atlases}). */
  static final String ATLAS = "atlas";
  /** The layers to draw, comma-separated. */
  static final String LAYERS = "layers";
  /** Which channels of each layer, as {@link AtlasPlan#channels} reads them. */
  static final String CHANNELS = "channels";
  /** The atlas's seed S (each channel's derives from it); fixed when the job starts when not given. */
  static final String SEED = "seed";

  /** A setting of the web's own, with its default as the page shows it. */
  private static final class Own extends Setting {
    private final String defaultText;

    Own(String name, String label, String help, String defaultText) {
      super(name, Kind.TEXT, "atlas", help, null, List.of(), false, label, null);
      this.defaultText = defaultText;
    }

    @Override
    public String defaultText() {
      return defaultText;
    }
  }

  private static final Own NAME = new Own(ATLAS, "NAME", "the atlas's name (letters, digits, '.', '_', '-'): drawing "
      + "into an atlas that exists adds to it and draws only the channels it lacks", "MODEL-LAYERS");
  private static final Own LAYER_LIST = new Own(LAYERS, "LIST", "the layers to draw, e.g. mixed3,mixed4",
      "none (required)");
  // A few channels, not deepdream atlas's "all": a first click on a page should take minutes, not hours.
  private static final Own CHANNEL_SPEC = new Own(CHANNELS, "SPEC", "which channels of each layer: all, or numbers "
      + "and ranges such as 0..31 or 0..3,97", "0..7");

  private AtlasSettings() {}

  /** Every setting as the page builds its control from it ({@link Catalog#declaration}), the atlas's defaults. */
  static List<Map<String, Object>> declarations() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Own o : List.of(NAME, LAYER_LIST, CHANNEL_SPEC)) {
      out.add(Catalog.declaration(o));
    }
    for (VisualizeParams.VisualizeParam p : VisualizeParams.ALL) {
      if (p.atlas()) {
        Map<String, Object> m = Catalog.declaration(p);
        m.put("default", p.defaultText(VisualizeConfig.atlasBuilder()));
        out.add(m);
      }
    }
    return out;
  }

  /**
   * The form's settings as text by name, blanks left out.
   *
   * @throws BadOptionException for an unknown field or one given twice
   */
  static Map<String, String> form(Context ctx) {
    List<String> names = new ArrayList<>(List.of(ATLAS, LAYERS, CHANNELS));
    VisualizeParams.ALL.stream().filter(VisualizeParams.VisualizeParam::atlas).forEach(p -> names.add(p.name()));
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> f : ctx.formParamMap().entrySet()) {
      if (!names.contains(f.getKey())) {
        throw new BadOptionException("unknown atlas setting '" + f.getKey() + "' (settings: " + String.join(", ", names)
            + ")");
      }
      List<String> given = f.getValue().stream().filter(v -> !v.isBlank()).toList();
      if (given.size() > 1) {
        throw new BadOptionException(f.getKey() + " is given " + given.size() + " times");
      }
      if (!given.isEmpty()) {
        out.put(f.getKey(), given.get(0).trim());
      }
    }
    return out;
  }

  /** The atlas an atlas job draws into. */
  static String atlas(Job job) {
    return job.params.get(ATLAS);
  }

  /** The layers an atlas job draws. */
  static List<String> layers(Job job) {
    return split(job.params.getOrDefault(LAYERS, ""));
  }

  private static List<String> split(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
  }

  /**
   * What an atlas job draws.
   *
   * @param atlas the atlas's name
   * @param layers the layers
   * @param channels which channels of each, as given
   * @param base the shared settings (no objective: each channel's own; no seed)
   * @param seed the atlas's seed as given, or null for the one its manifest recorded (else a random one)
   */
  record Drawing(String atlas, List<String> layers, String channels, VisualizeConfig base, String seed) {
    /**
     * The settings given as text by name (a form, or a job's record), each checked; an atlas's name
     * defaults to its model and layers.
     *
     * @throws BadOptionException naming the setting that is wrong or missing
     */
    static Drawing of(Map<String, String> text) throws IOException {
      Map<String, String> left = new LinkedHashMap<>(text);
      List<String> layers = split(left.getOrDefault(LAYERS, ""));
      left.remove(LAYERS);
      if (layers.isEmpty()) {
        throw new BadOptionException("give the layers to draw, e.g. layers=mixed3,mixed4");
      }
      String channels = left.remove(CHANNELS);
      String seed = left.remove(SEED);
      if (seed != null) {
        Numbers.parseLong("seed", seed);
      }
      String atlas = left.remove(ATLAS);
      for (String name : left.keySet()) {
        if (!VisualizeParams.named(name).atlas()) {
          throw new BadOptionException("an atlas takes no " + name + " (each channel is its own objective)");
        }
      }
      VisualizeConfig base = VisualizeParams.decode(left, VisualizeConfig.atlasBuilder(), ImageSource.none());
      atlas = atlas == null ? Atlases.defaultName(base.model(), layers) : atlas;
      Atlases.checkName(atlas);
      return new Drawing(atlas, layers, channels == null ? CHANNEL_SPEC.defaultText() : channels, base, seed);
    }

    /** The settings as the job records them (and {@link #of} reads back): every one, the defaults too. */
    Map<String, String> record() {
      Map<String, String> out = new LinkedHashMap<>();
      out.put(ATLAS, atlas);
      out.put(LAYERS, String.join(",", layers));
      out.put(CHANNELS, channels);
      VisualizeParams.encode(base).forEach((k, v) -> {
        if (VisualizeParams.named(k).atlas()) {
          out.put(k, v);
        }
      });
      if (seed != null) {
        out.put(SEED, seed);
      }
      return out;
    }

    /**
     * The channels to draw on the model of {@link #base}, fetched first when it is known but not
     * cached, as a photo's model is.
     *
     * @throws BadOptionException for an unknown model or layer, or a channel spec that is wrong or names no channel
     */
    List<AtlasChannel> channels(ModelStore models) throws IOException {
      String model = base.model();
      List<String> names = new ArrayList<>(KnownModels.names());
      for (ModelStore.Entry e : models.list()) {
        if (!names.contains(e.name())) {
          names.add(e.name());
        }
      }
      // Checked before the name reaches the model cache's folders.
      if (KnownModels.info(model) == null && !names.contains(model)) {
        throw new BadOptionException("unknown model " + model + " (models: " + String.join(", ", names) + ")");
      }
      if (!models.isCached(model)) {
        models.fetch(model, false);
      }
      return AtlasPlan.channels(models.graph(model), models.info(model), layers, channels);
    }
  }
}
