package dev.deepdream.settings;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamResult;
import dev.deepdream.dream.ObjectiveParser;
import dev.deepdream.dream.Presets;
import dev.deepdream.dream.Version;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Settings as text and back, for every {@link Param} of {@link DreamParams#ALL}: what the CLI
 * options, a web form, a job record and a PNG's text metadata hold. Decoding applies a preset
 * first and then the other settings in declaration order; encoding writes every setting that
 * applies to the config, so that decoding the text gives an equal config.
 */
public final class SettingsCodec {
  private SettingsCodec() {}

  /**
   * The config of the given settings (name to values; blank values count as not given).
   *
   * @throws BadOptionException naming the first unknown or bad setting
   */
  public static DreamConfig decode(Map<String, List<String>> text, ImageSource images) throws IOException {
    return builder(text, images).build();
  }

  /** A builder holding the given settings, for callers that add more in code. */
  public static DreamConfig.Builder builder(Map<String, List<String>> text, ImageSource images) throws IOException {
    return builder(DreamConfig::builder, text, images);
  }

  /**
   * A builder holding the given settings on top of {@code base} (used when no preset is given;
   * e.g. the zoom command's lighter per-frame defaults).
   */
  public static DreamConfig.Builder builder(Supplier<DreamConfig.Builder> base, Map<String, List<String>> text,
      ImageSource images) throws IOException {
    Map<String, List<String>> given = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : text.entrySet()) {
      Param p = DreamParams.get(e.getKey());
      if (p == null) {
        throw new BadOptionException("unknown setting '" + e.getKey() + "' (settings: "
            + String.join(", ", DreamParams.RECORDED.stream().map(Param::name).toList()) + ")");
      }
      List<String> values = e.getValue().stream().filter(v -> v != null && !v.isBlank()).map(String::trim).toList();
      if (values.size() > 1 && !p.repeatable()) {
        throw new BadOptionException(p.name().replace('_', ' ') + " is given " + values.size() + " times");
      }
      if (!values.isEmpty()) {
        given.put(p.name(), values);
      }
    }
    String preset = DreamParams.first(given, "preset");
    DreamConfig.Builder b = preset != null ? Presets.builder(preset) : base.get();
    for (Param p : DreamParams.RECORDED) {
      List<String> values = given.get(p.name());
      if (values == null || p.name().equals("preset")) {
        continue;
      }
      if (p.objectivePerPicture()) {
        b.masks(masks(values, images));
        continue;
      }
      for (String v : values) {
        p.apply(b, v, given, images);
      }
    }
    return b;
  }

  private static List<DreamConfig.Mask> masks(List<String> values, ImageSource images) throws IOException {
    List<DreamConfig.Mask> out = new ArrayList<>();
    for (String v : values) {
      int eq = v.indexOf('=');
      String ref = eq < 0 ? v : v.substring(0, eq);
      String expr = eq < 0 ? null : v.substring(eq + 1).trim();
      out.add(new DreamConfig.Mask(images.image("mask", ref.trim()),
          expr == null || expr.isEmpty() ? null : ObjectiveParser.parse(expr)));
    }
    return out;
  }

  /** Every setting that applies to {@code config}, as text (repeated values on separate lines). */
  public static Map<String, String> encode(DreamConfig config) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Param p : DreamParams.RECORDED) {
      List<String> v = p.read(config);
      if (!v.isEmpty()) {
        out.put(p.name(), String.join("\n", v));
      }
    }
    return out;
  }

  /**
   * What a result records: its settings (seed included), where the model came from, the program,
   * and, under {@link #NOT_REPRODUCIBLE}, the parts its settings cannot make again (a step rule
   * or transform of your own that is not registered).
   */
  public static Map<String, String> record(DreamResult result) {
    Map<String, String> out = encode(result.config());
    List<String> missing = Provenance.unreproducible(result.config());
    if (!missing.isEmpty()) {
      out.put(NOT_REPRODUCIBLE, String.join("\n", missing));
    }
    if (result.model() != null && result.model().source() != null) {
      out.put("model_source", result.model().source());
    }
    if (result.model() != null) {
      out.put("model_input", result.model().inputConvention().describe()); // what the network was fed
    }
    out.put("software", "deepdream " + Version.get());
    return out;
  }

  /** The record's key listing the parts its settings cannot make again, one per line. */
  public static final String NOT_REPRODUCIBLE = "not_reproducible";

  /** The record's key that says what made a picture: absent for a dream. */
  public static final String KIND = "kind";

  /** {@link #KIND}'s value for a feature visualisation ({@code visualize}, an atlas's channel). */
  public static final String VISUALISATION = "visualize";

  /**
   * What a dream takes from a feature visualisation's record: its model and objective (dream on a
   * photo with that channel), not its steps, seed and the like, which the two read differently.
   */
  private static final java.util.Set<String> FROM_VISUALISATION = java.util.Set.of("model", "objective");

  /**
   * Recorded text (a PNG's metadata, a job record) as settings to decode: the keys that name
   * settings, repeated values split again; the information keys are left out.
   *
   * @throws BadOptionException when the record names parts its settings cannot make again
   */
  public static Map<String, List<String>> fromRecord(Map<String, String> recorded) {
    String missing = recorded.get(NOT_REPRODUCIBLE);
    if (missing != null && !missing.isBlank()) {
      throw new BadOptionException("these settings cannot make that picture again: it was made with "
          + String.join("; ", missing.split("\n")));
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    boolean visualisation = VISUALISATION.equals(recorded.get(KIND));
    for (Map.Entry<String, String> e : recorded.entrySet()) {
      if (visualisation && !FROM_VISUALISATION.contains(e.getKey())) {
        continue; // its steps and seed drew from noise with Adam; a dream's mean something else
      }
      Param p = DreamParams.get(e.getKey());
      if (p != null) {
        out.put(p.name(), p.repeatable() ? List.of(e.getValue().split("\n")) : List.of(e.getValue()));
      }
    }
    return out;
  }

  /** One value per setting, as a form or a record holds them. */
  public static Map<String, List<String>> single(Map<String, String> values) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, List.of(v)));
    return out;
  }
}
