package dev.deepdream.cli;

import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.Presets;
import dev.deepdream.settings.DreamParams;
import dev.deepdream.settings.Param;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The dream settings as command-line options, made from {@link DreamParams#ALL} (so a setting
 * declared there is an option of every command that dreams), and read back as the codec's text.
 */
final class DreamOptions {
  /** Commands that take the dream settings, and the defaults they start from (the help shows these). */
  interface Taker {
    /** The settings before any option is applied: the tutorial's unless the command has its own. */
    default DreamConfig.Builder baseSettings() {
      return DreamConfig.builder();
    }

    /** The preset the command applies when none is given, or null when it starts from {@link #baseSettings}. */
    default String defaultPreset() {
      return "tutorial";
    }
  }

  private DreamOptions() {}

  /** Adds an option for every setting to {@code spec}, with the defaults {@code taker} starts from. */
  static void addTo(CommandSpec spec, Taker taker) {
    DreamConfig base = taker.defaultPreset() != null ? Presets.builder(taker.defaultPreset()).build()
        : taker.baseSettings().build();
    for (Param p : DreamParams.ALL) {
      OptionSpec.Builder o = OptionSpec.builder(p.option())
          .paramLabel(p.label())
          .description(p.help() + p.rangeText() + " (default: " + defaultText(p, taker, base) + ")")
          .arity("1");
      if (p.kind() == Param.Kind.FLAG) {
        // --keep-colors alone is true; picocli takes a following word as its value only when it is
        // true or false (--keep-colors photo.png leaves the photo alone), or when attached by '='.
        o.arity("0..1").type(Boolean.class).fallbackValue("true");
      } else if (p.repeatable()) {
        o.type(List.class).auxiliaryTypes(String.class);
      } else {
        o.type(String.class);
      }
      spec.addOption(o.build());
    }
  }

  /** The settings given on the command line, as the codec's text. */
  static Map<String, List<String>> given(CommandSpec spec) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Param p : DreamParams.ALL) {
      OptionSpec o = spec.findOption(p.option());
      Object v = o == null ? null : o.getValue();
      if (v instanceof List<?> list && !list.isEmpty()) {
        List<String> values = new ArrayList<>();
        list.forEach(x -> values.add(String.valueOf(x)));
        out.put(p.name(), values);
      } else if (v instanceof String s) {
        out.put(p.name(), List.of(s));
      } else if (v instanceof Boolean b) {
        out.put(p.name(), List.of(b.toString()));
      }
    }
    return out;
  }

  /** The default a command really uses for {@code p}: its preset's or base's value, as the help shows it. */
  static String defaultText(Param p, Taker taker, DreamConfig base) {
    if (p.name().equals("preset")) {
      return taker.defaultPreset() != null ? taker.defaultPreset() : "none (" + taker.getClass().getSimpleName()
          .replace("Command", "").toLowerCase(java.util.Locale.ROOT) + "'s own settings)";
    }
    return p.defaultText(base);
  }

}
