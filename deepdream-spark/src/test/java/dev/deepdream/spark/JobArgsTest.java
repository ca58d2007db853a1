package dev.deepdream.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.dream.BadOptionException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The job's arguments: an on/off dream setting takes its value as the CLI does. */
@Tag("fast")
class JobArgsTest {
  private static Map<String, List<String>> settings(String... args) {
    return JobArgs.parse(args).settings();
  }

  @Test
  void aFlagAloneIsTrueAndTakesOnlyTrueOrFalseAfterIt() {
    assertThat(settings("-o", "out", "--keep-colors", "in")).isEqualTo(Map.of("keep_colors", List.of("true")));
    assertThat(JobArgs.parse(new String[] {"-o", "out", "--keep-colors", "in"}).inputs()).containsExactly("in");
    assertThat(settings("-o", "out", "in", "--keep-colors")).isEqualTo(Map.of("keep_colors", List.of("true")));
    assertThat(settings("-o", "out", "--keep-colors", "false", "in")).isEqualTo(Map.of("keep_colors",
        List.of("false")));
    assertThat(settings("-o", "out", "--keep-colors=false", "in")).isEqualTo(Map.of("keep_colors", List.of("false")));
    assertThat(settings("-o", "out", "--max-dim", "96", "in")).isEqualTo(Map.of("max_dim", List.of("96")));
    assertThatThrownBy(() -> settings("-o", "out", "--keep-colors", "--keep-colors", "in"))
        .isInstanceOf(BadOptionException.class).hasMessageContaining("--keep-colors given twice");
  }
}
