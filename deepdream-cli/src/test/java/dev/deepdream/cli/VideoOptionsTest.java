package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.video.VideoParams;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every video setting is an option of {@code video}, with its declared default, and the README's table lists it. */
@Tag("fast")
class VideoOptionsTest {
  @Test
  void everyVideoSettingIsAnOptionWithItsDefaultAndInTheReadme() throws Exception {
    CommandLine video = Main.commandLine().getSubcommands().get("video");
    String readme = Files.readString(Path.of("README.md"));
    String table = readme.substring(readme.indexOf("### Video"), readme.indexOf("### Batch"));
    for (VideoParams.VideoParam p : VideoParams.ALL) {
      OptionSpec o = video.getCommandSpec().findOption(p.option());
      assertThat(o).as(p.option()).isNotNull();
      assertThat(String.join(" ", o.description())).contains("(default: " + p.defaultText() + ")");
      assertThat(table).as("README's video table lists " + p.option()).contains("`" + p.option());
    }
    // and the dream settings too, from the one codec
    assertThat(video.getCommandSpec().findOption("--steps")).isNotNull();
    assertThat(video.getCommandSpec().findOption("--keep-colors")).isNotNull();
  }
}
