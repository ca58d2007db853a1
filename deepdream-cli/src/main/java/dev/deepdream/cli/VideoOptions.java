package dev.deepdream.cli;

import dev.deepdream.video.VideoParams;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The video settings as options, made from {@link VideoParams#ALL}, read back as their text. */
final class VideoOptions {
  private VideoOptions() {}

  /** Adds an option for every video setting to {@code spec}. */
  static void addTo(CommandSpec spec) {
    for (VideoParams.VideoParam p : VideoParams.ALL) {
      spec.addOption(OptionSpec.builder(p.option()).paramLabel(p.label()).type(String.class).arity("1")
          .description(p.help() + p.rangeText() + " (default: " + p.defaultText() + ")").build());
    }
  }

  /** The video settings given on the command line, as text by name. */
  static Map<String, String> given(CommandSpec spec) {
    Map<String, String> out = new LinkedHashMap<>();
    for (VideoParams.VideoParam p : VideoParams.ALL) {
      OptionSpec o = spec.findOption(p.option());
      if (o != null && o.getValue() instanceof String s) {
        out.put(p.name(), s);
      }
    }
    return out;
  }
}
