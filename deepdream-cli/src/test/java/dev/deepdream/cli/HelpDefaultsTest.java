package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.Presets;
import dev.deepdream.settings.DreamParams;
import dev.deepdream.settings.Param;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every command's --help shows the defaults that command really dreams with: the video preset for
 * video, simple 10-step frames for zoom, the tutorial for dream and batch.
 */
@Tag("fast")
class HelpDefaultsTest {
  /**
   * The default --help shows for one option, or null when the option is not there: from the
   * option's entry in the list of options (not the usage line above it), its wrapped lines joined.
   */
  private static String shownDefault(String help, String option) {
    List<String> lines = help.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).trim();
      // "--steps=N", "--keep-colors[=true|false]", "-o, --output=FILE"
      if (t.matches("(-\\w, )?" + java.util.regex.Pattern.quote(option) + "[= \\[].*")) {
        StringBuilder entry = new StringBuilder(t);
        // The entry's wrapped lines are indented deeper than the options themselves.
        int indent = lines.get(i).indexOf(t);
        for (int j = i + 1; j < lines.size() && lines.get(j).length() - lines.get(j).stripLeading().length() > indent + 2;
            j++) {
          entry.append(' ').append(lines.get(j).trim());
        }
        String flat = entry.toString();
        int d = flat.indexOf("(default: ");
        return d < 0 ? null : flat.substring(d + 10, flat.lastIndexOf(')'));
      }
    }
    return null;
  }

  /** The config a command dreams with when given no option: what it starts from, then its preset. */
  private static DreamConfig withoutOptions(DreamOptions.Taker command) {
    return command.defaultPreset() == null ? command.baseSettings().build()
        : Presets.builder(command.defaultPreset()).build();
  }

  @Test
  void eachCommandShowsTheDefaultsItUses() {
    Map<String, DreamOptions.Taker> commands = Map.of("dream", new DreamCommand(), "zoom", new ZoomCommand(),
        "batch", new BatchCommand(), "video", new VideoCommand());
    for (Map.Entry<String, DreamOptions.Taker> c : commands.entrySet()) {
      String help = Cli.run(c.getKey(), "--help").out();
      DreamConfig used = withoutOptions(c.getValue());
      for (Param p : DreamParams.ALL) {
        String shown = shownDefault(help, p.option());
        assertThat(shown).as(c.getKey() + " " + p.option()).isNotNull();
        if (p.name().equals("preset")) {
          continue;
        }
        List<String> value = p.read(used);
        List<String> tutorial = p.read(DreamConfig.builder().build());
        // Where the command's value is the tutorial's, the shared text (e.g. "the model's") stands.
        // (Compared without spaces: the help wraps long defaults, and a wrap reads as a space.)
        String expected = value.equals(tutorial) ? p.defaultText() : value.isEmpty() ? "off" : String.join(", ", value);
        assertThat(shown.replace(" ", "")).as(c.getKey() + " " + p.option()).isEqualTo(expected.replace(" ", ""));
      }
    }
    String video = Cli.run("video", "--help").out();
    assertThat(shownDefault(video, "--preset")).isEqualTo("video");
    assertThat(shownDefault(video, "--mode")).isEqualTo(Presets.builder("video").build().mode().id())
        .isNotEqualTo("tiled");
    String zoom = Cli.run("zoom", "--help").out();
    assertThat(shownDefault(zoom, "--mode")).isEqualTo("simple");
    assertThat(shownDefault(zoom, "--steps")).isEqualTo("10");
    assertThat(shownDefault(zoom, "--seed")).isEqualTo("1");
    assertThat(shownDefault(Cli.run("dream", "--help").out(), "--mode")).isEqualTo("tiled");
  }
}
