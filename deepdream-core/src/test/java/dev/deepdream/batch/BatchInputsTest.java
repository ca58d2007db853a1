package dev.deepdream.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.dream.BadOptionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Natural order, folder and glob expansion, and the seeds derived per input. */
@Tag("fast")
class BatchInputsTest {
  @TempDir
  Path tmp;

  @Test
  void naturalOrderReadsNumbersByValueAndIgnoresCase() {
    List<String> names = new ArrayList<>(List.of("img10.png", "IMG2.png", "img1.png", "a/img3.png", "img02.png",
        "Img2.png", "b.png", "img100000000000000000000.png"));
    Collections.shuffle(names, new Random(1));
    names.sort(NaturalOrder.INSTANCE);
    assertThat(names).containsExactly("a/img3.png", "b.png", "img1.png", "IMG2.png", "Img2.png", "img02.png",
        "img10.png", "img100000000000000000000.png");
  }

  private Path touch(String rel) throws Exception {
    Path p = tmp.resolve(rel);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, "x");
  }

  private static List<String> relatives(List<BatchInputs.Input> in) {
    return in.stream().map(BatchInputs.Input::relative).toList();
  }

  @Test
  void aFolderGivesItsPicturesRecursivelyInNaturalOrderRelativeToItself() throws Exception {
    for (String f : List.of("p/img10.png", "p/img2.JPG", "p/sub/img1.webp", "p/notes.txt", "p/.img3.png.tmp",
        "p/.hidden/x.png", "p/out/old.png")) {
      touch(f);
    }
    List<BatchInputs.Input> in = BatchInputs.expand(List.of(tmp.resolve("p").toString()), tmp.resolve("p/out"));
    assertThat(relatives(in)).containsExactly("img2.JPG", "img10.png", "sub/img1.webp");
    assertThat(in.get(0).path()).isEqualTo(tmp.resolve("p/img2.JPG"));
  }

  @Test
  void globsMatchBelowTheirFixedFoldersAndFilesAreTakenAsTheyAre() throws Exception {
    for (String f : List.of("g/a/img10.jpg", "g/a/img9.jpg", "g/b/c.jpg", "g/b/c.png", "g/top.jpg", "odd.dat")) {
      touch(f);
    }
    String glob = tmp.resolve("g").toString() + "/*/*.jpg";
    List<BatchInputs.Input> in = BatchInputs.expand(List.of(glob, tmp.resolve("odd.dat").toString(),
        tmp.resolve("g/b/c.jpg").toString()), null);
    // The same file named twice is taken once, where it first appeared.
    assertThat(relatives(in)).containsExactly("a/img9.jpg", "a/img10.jpg", "b/c.jpg", "odd.dat");
    assertThat(relatives(BatchInputs.expand(List.of(tmp.resolve("g") + "/**.jpg"), null)))
        .containsExactly("a/img9.jpg", "a/img10.jpg", "b/c.jpg", "top.jpg");
    assertThat(BatchInputs.splitGlob("a/b/*.png")).containsExactly("a/b", "*.png");
    assertThat(BatchInputs.splitGlob("*.png")).containsExactly("", "*.png");
    assertThat(BatchInputs.splitGlob("/x/**/y?.png")).containsExactly("/x", "**/y?.png");
  }

  @Test
  void whatMatchesNothingIsBadUsage() throws Exception {
    touch("e/notes.txt");
    assertThatThrownBy(() -> BatchInputs.expand(List.of(tmp.resolve("e").toString()), null))
        .isInstanceOf(BadOptionException.class).hasMessageContaining("matches no picture");
    assertThatThrownBy(() -> BatchInputs.expand(List.of(tmp.resolve("e") + "/*.png"), null))
        .isInstanceOf(BadOptionException.class).hasMessageContaining("matches no picture");
    assertThatThrownBy(() -> BatchInputs.expand(List.of(tmp.resolve("missing.png").toString()), null))
        .isInstanceOf(BadOptionException.class).hasMessageContaining("does not exist");
  }

  @Test
  void seedsAreDerivedFromTheBatchSeedAndRelativePathAlone() {
    // A fixed value: the same on every machine and Java.
    assertThat(BatchItem.deriveSeed(42, "a/img1.png")).isEqualTo(BatchItem.deriveSeed(42, "a/img1.png"));
    List<String> rels = List.of("a/img1.png", "a/img2.png", "b.png", "c/d/e.jpg");
    List<Long> inOrder = rels.stream().map(r -> BatchItem.of(Path.of("/x", r), r, 42).seed()).toList();
    List<String> shuffled = new ArrayList<>(rels);
    Collections.shuffle(shuffled, new Random(3));
    for (String r : shuffled) {
      // Another machine, another order, another absolute path: the same seed.
      assertThat(BatchItem.of(Path.of("/elsewhere", r), r, 42).seed()).isEqualTo(inOrder.get(rels.indexOf(r)));
    }
    assertThat(inOrder).doesNotHaveDuplicates();
    assertThat(BatchItem.deriveSeed(43, "b.png")).isNotEqualTo(BatchItem.deriveSeed(42, "b.png"));
  }
}
