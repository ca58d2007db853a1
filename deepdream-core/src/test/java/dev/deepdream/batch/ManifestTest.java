package dev.deepdream.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest: JSON lines appended, the latest per input read back, a torn last line ignored. */
@Tag("fast")
class ManifestTest {
  @TempDir
  Path tmp;

  private static ManifestEntry entry(String rel, String status, String error) {
    return new ManifestEntry("in/" + rel, rel, "ab12", rel.replace(".jpg", ".png"), Map.of("mode", "simple",
        "seed", "7"), 7, 42, status, 1.25, error);
  }

  @Test
  void linesAreAppendedAndTheLatestPerInputIsReadBack() throws Exception {
    try (Manifest m = Manifest.in(tmp)) {
      m.append(entry("a.jpg", "failed", "a.jpg is not an image"));
      m.append(entry("b.jpg", "done", null));
      m.append(entry("a.jpg", "done", null));
    }
    Manifest m = Manifest.in(tmp);
    Map<String, ManifestEntry> latest = m.read();
    assertThat(latest.keySet()).containsExactly("a.jpg", "b.jpg");
    assertThat(latest.get("a.jpg")).isEqualTo(entry("a.jpg", "done", null));
    assertThat(latest.get("a.jpg").done()).isTrue();
    assertThat(m.lines()).hasSize(3);
    assertThat(m.lastBatchSeed()).isEqualTo(42L);
    String first = Files.readAllLines(m.file()).get(0);
    assertThat(first).startsWith("{\"input\":\"in/a.jpg\",\"relative\":\"a.jpg\",\"input_sha256\":\"ab12\"")
        .contains("\"settings\":{").contains("\"status\":\"failed\"").contains("\"error\":\"a.jpg is not an image\"");
  }

  @Test
  void aTornLastLineIsIgnoredAndTheNextLineStaysWhole() throws Exception {
    try (Manifest m = Manifest.in(tmp)) {
      m.append(entry("a.jpg", "done", null));
    }
    String whole = Files.readString(tmp.resolve(Manifest.FILE_NAME));
    // A crash mid-line: half of a line, cut inside a two-byte character.
    byte[] torn = whole.replace("a.jpg", "b\u00e9.jpg").getBytes(StandardCharsets.UTF_8);
    Files.write(tmp.resolve(Manifest.FILE_NAME), java.util.Arrays.copyOf(torn, 40), StandardOpenOption.APPEND);
    Manifest m = Manifest.in(tmp);
    assertThat(m.read().keySet()).containsExactly("a.jpg");
    try (Manifest again = Manifest.in(tmp)) {
      again.append(entry("c.jpg", "done", null));
    }
    assertThat(Manifest.in(tmp).read().keySet()).containsExactly("a.jpg", "c.jpg");
  }
}
