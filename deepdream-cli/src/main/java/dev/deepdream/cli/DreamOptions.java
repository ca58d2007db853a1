package dev.deepdream.cli;

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
  /** Commands that take the dream settings. */
  interface Taker {}

  private DreamOptions() {}

  /** Adds an option for every setting to {@code spec}. */
  static void addTo(CommandSpec spec) {
    for (Param p : DreamParams.ALL) {
      String label = switch (p.kind()) {
        case INTEGER -> "N";
        case NUMBER -> "X";
        case CHOICE -> String.join("|", p.choices());
        case OCTAVES -> "LO..HI";
        case SIZE -> "SIZE";
        case IMAGE -> p.name().equals("mask") ? "IMAGE[=EXPR]" : "IMAGE";
        case TEXT -> p.name().equals("objective") ? "EXPR" : p.name().equals("layers") ? "LIST" : "NAME";
        case FLAG -> "true|false";
      };
      String range = p.range() == null || p.kind() == Param.Kind.OCTAVES || p.kind() == Param.Kind.SIZE ? ""
          : " [" + num(p.range().min()) + ".." + num(p.range().max()) + "]";
      OptionSpec.Builder o = OptionSpec.builder(p.option())
          .paramLabel(label)
          .description(p.help() + range + " (default: " + p.defaultText() + ")")
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

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
