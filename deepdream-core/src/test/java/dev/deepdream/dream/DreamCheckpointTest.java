package dev.deepdream.dream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dream stopped and continued from its checkpoint ends exactly as an uninterrupted one. */
@Tag("model")
class DreamCheckpointTest {
  static DeepDream dd;
  static Picture cat;

  @TempDir
  Path tmp;

  @BeforeAll
  static void open() throws Exception {
    dd = new DeepDream(TestModels.store());
    cat = ImageFiles.read(Path.of("examples/chelsea.png")).resize(180, 120);
  }

  @AfterAll
  static void close() {
    dd.close();
  }

  /** Stops after {@code steps} steps, keeping every checkpoint it is told. */
  private static final class StopAfter implements DreamListener {
    final int steps;
    int seen;
    final List<DreamCheckpoint> checkpoints = new ArrayList<>();

    StopAfter(int steps) {
      this.steps = steps;
    }

    @Override
    public void onStep(DreamProgress p) {
      seen++;
    }

    @Override
    public boolean isCancelled() {
      return seen >= steps;
    }

    @Override
    public void onCheckpoint(DreamCheckpoint c) {
      checkpoints.add(c);
    }
  }

  @Test
  void continuingFromACheckpointGivesTheUninterruptedResult() throws Exception {
    for (DreamConfig cfg : List.of(
        DreamConfig.builder().mode(Mode.TILED).octaves(-1, 0).steps(3).tileSize(96).seed(4L).jitter(8).build(),
        DreamConfig.builder().mode(Mode.OCTAVES).octaves(new OctavePlan(-1, 0, 1.4, OctaveMode.DETAIL)).steps(3)
            .seed(4L).build())) {
      DreamResult whole = dd.dream(cat, cfg, DreamListener.none());
      // Stopped in the middle of the second octave: the last checkpoint is mid-octave...
      StopAfter stop = new StopAfter(4);
      assertThatThrownBy(() -> dd.dream(cat, cfg, stop)).isInstanceOf(DreamCancelledException.class);
      assertThat(stop.checkpoints).hasSize(2);
      DreamCheckpoint atOctaveEnd = stop.checkpoints.get(0);
      DreamCheckpoint midOctave = stop.checkpoints.get(1);
      assertThat(atOctaveEnd.begun()).isFalse();
      assertThat(midOctave.begun()).isTrue();
      assertThat(midOctave.stepsDone()).isEqualTo(1);
      // ...and either checkpoint, through a file, continues to the same pixels and losses.
      for (DreamCheckpoint c : List.of(atOctaveEnd, midOctave)) {
        Path file = tmp.resolve("cp-" + c.octaveIndex() + "-" + c.stepsDone());
        c.save(file);
        DreamResult resumed = dd.dream(cat, cfg, DreamListener.none(), DreamCheckpoint.load(file));
        assertThat(resumed.picture().rgb()).as(cfg.mode() + " from " + file.getFileName())
            .isEqualTo(whole.picture().rgb());
        assertThat(resumed.losses()).isEqualTo(whole.losses());
      }
    }
  }

  @Test
  void aCheckpointOfOtherSettingsOrATruncatedFileIsRefused() throws Exception {
    DreamConfig cfg = DreamConfig.builder().mode(Mode.OCTAVES).octaves(-1, 0).steps(2).seed(1L).build();
    StopAfter stop = new StopAfter(3);
    assertThatThrownBy(() -> dd.dream(cat, cfg, stop)).isInstanceOf(DreamCancelledException.class);
    DreamCheckpoint c = stop.checkpoints.get(1);
    assertThatThrownBy(() -> dd.dream(cat, cfg.toBuilder().steps(5).build(), DreamListener.none(), c))
        .isInstanceOf(BadOptionException.class).hasMessageContaining("does not belong");
    Path file = tmp.resolve("cp");
    c.save(file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> DreamCheckpoint.load(file)).hasMessageContaining("truncated");
  }
}
