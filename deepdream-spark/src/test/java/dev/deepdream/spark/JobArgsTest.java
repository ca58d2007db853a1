package dev.deepdream.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.dream.BadOptionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The jobs' arguments: an on/off dream setting takes its value as the CLI does; one parser for both; Hadoop paths. */
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
  void bothJobsReadTheSharedOptionsAlikeAndOnlyTheirOwnBesides() {
    List<String> shared = List.of("--master", "local[1]", "-f", "--keep-colors", "--seed", "5", "--max-dim", "96");
    List<String> b = new ArrayList<>(shared);
    b.addAll(List.of("-o", "out", "--partitions", "3", "in"));
    List<String> v = new ArrayList<>(shared);
    v.addAll(List.of("--output", "out.mp4", "--segments", "3", "--blend", "0.5", "in.mp4"));
    JobArgs batch = JobArgs.parse(b.toArray(String[]::new));
    SparkVideo.Args video = SparkVideo.Args.parse(v.toArray(String[]::new));
    assertThat(video.master()).isEqualTo(batch.master()).isEqualTo("local[1]");
    assertThat(batch.force()).isTrue();
    assertThat(video.force()).isTrue();
    assertThat(video.dream()).isEqualTo(batch.settings()).isEqualTo(Map.of("keep_colors", List.of("true"), "seed",
        List.of("5"), "max_dim", List.of("96")));
    assertThat(batch.partitions()).isEqualTo(3);
    assertThat(video.segments()).isEqualTo(3);
    assertThat(video.video()).isEqualTo(Map.of("blend", "0.5"));
    assertThatThrownBy(() -> JobArgs.parse(new String[] {"-o", "out", "--segments", "3", "in"}))
        .isInstanceOf(BadOptionException.class).hasMessage("unknown option --segments");
    assertThatThrownBy(() -> SparkVideo.Args.parse(new String[] {"-o", "o.mp4", "--partitions", "3", "in.mp4"}))
        .isInstanceOf(BadOptionException.class).hasMessage("unknown option --partitions");
    assertThatThrownBy(() -> SparkVideo.Args.parse(new String[] {"-o", "o.mp4", "--steps", "2", "--steps", "3",
        "in.mp4"})).isInstanceOf(BadOptionException.class).hasMessage("--steps given twice");
    assertThatThrownBy(() -> SparkVideo.Args.parse(new String[] {"-o", "o.mp4", "--segments", "x", "in.mp4"}))
        .isInstanceOf(BadOptionException.class).hasMessage("--segments must be a whole number, got 'x'");
    assertThatThrownBy(() -> SparkVideo.Args.parse(new String[] {"-o", "o.mp4", "a.mp4", "b.mp4"}))
        .isInstanceOf(BadOptionException.class).hasMessage("one INPUT video, got a.mp4 and b.mp4");
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
