package dev.deepdream.cli;

import dev.deepdream.settings.Setting;
import dev.deepdream.visualize.VisualizeConfig;
import dev.deepdream.visualize.VisualizeParams;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The feature-visualisation settings as options, made from {@link VisualizeParams#ALL} (all of
 * them for {@code visualize}, those an atlas takes for {@code atlas}), read back as their text.
 */
final class VisualizeOptions {
  /** Commands that take these settings. */
  interface Taker {
    /** True for the atlas: its own defaults, and no objective, batch, diversity or photo. */
    default boolean atlas() {
      return false;
    }
  }

  private VisualizeOptions() {}

  /** Adds an option for every setting {@code taker} takes to {@code spec}, with its defaults. */
  static void addTo(CommandSpec spec, Taker taker) {
    for (VisualizeParams.VisualizeParam p : VisualizeParams.ALL) {
      if (taker.atlas() && !p.atlas()) {
        continue;
      }
      String def = p.defaultText(taker.atlas() ? VisualizeConfig.atlasBuilder() : VisualizeConfig.builder());
      OptionSpec.Builder o = OptionSpec.builder(p.option()).paramLabel(p.label()).arity("1").type(String.class)
          .description(p.help() + p.rangeText() + " (default: " + def + ")");
      if (p.kind() == Setting.Kind.FLAG) {
        o.arity("0..1").type(Boolean.class).fallbackValue("true");
      }
      spec.addOption(o.build());
    }
  }

  /** The settings given on the command line, as text by name. */
  static Map<String, String> given(CommandSpec spec) {
    Map<String, String> out = new LinkedHashMap<>();
    for (VisualizeParams.VisualizeParam p : VisualizeParams.ALL) {
      OptionSpec o = spec.findOption(p.option());
      Object v = o == null ? null : o.getValue();
      if (v != null) {
        out.put(p.name(), v.toString());
      }
    }
    return out;
  }
}
