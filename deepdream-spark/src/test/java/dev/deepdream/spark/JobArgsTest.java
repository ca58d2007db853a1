package dev.deepdream.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.dream.BadOptionException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The job's arguments: an on/off dream setting takes its value as the CLI does; Hadoop paths. */
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

  @Test
  void hadoopPathsAreToldFromLocalOnes() {
    assertThat(Locations.isHadoop("hdfs://nn:8020/photos")).isTrue();
    assertThat(Locations.isHadoop("s3a://bucket/x")).isTrue();
    assertThat(Locations.isHadoop("file:///shared/photos")).isFalse();
    assertThat(Locations.isHadoop("/shared/photos")).isFalse();
    assertThat(Locations.isHadoop("C:\\photos")).isFalse();
    assertThat(Locations.isHadoop("photos/a:b.png")).isFalse();
    assertThat(Locations.local("file:///shared/photos")).isEqualTo(java.nio.file.Path.of("/shared/photos"));
    assertThat(JobArgs.parse(new String[] {"-o", "hdfs://nn/dreams", "hdfs://nn/photos"}).outDir())
        .isEqualTo("hdfs://nn/dreams");
    assertThat(SparkVideo.Args.parse(new String[] {"hdfs://nn/film.mp4", "-o", "out.mp4"}).onHadoop()).isTrue();
    assertThat(SparkVideo.Args.parse(new String[] {"film.mp4", "-o", "out.mp4"}).onHadoop()).isFalse();
    assertThat(HadoopVideo.frameFolder(SparkVideo.Args.parse(new String[] {"a.mp4", "-o", "hdfs://nn/v/b.mp4"})))
        .isEqualTo("hdfs://nn/v/.b.mp4.frames");
    assertThatThrownBy(() -> SparkVideo.Args.parse(new String[] {"film.mp4", "-o", "hdfs://nn/frames"}))
        .isInstanceOf(BadOptionException.class)
        .hasMessage("output hdfs://nn/frames is on a Hadoop file system, so it must be a video file "
            + "(.mp4, .mov, .mkv or .gif), not a folder of PNG frames");
  }
}
