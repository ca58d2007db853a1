package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** npm tarballs: the files under a prefix come out, long names included; nothing escapes the destination. */
@Tag("fast")
class TarballTest {
  @TempDir
  Path tmp;

  private Path tgz(Map<String, String> files) throws IOException {
    Path p = tmp.resolve("p" + files.hashCode() + ".tgz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p));
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, String> f : files.entrySet()) {
        byte[] body = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setSize(body.length);
        tar.putArchiveEntry(e);
        tar.write(body);
        tar.closeArchiveEntry();
      }
    }
    return p;
  }

  @Test
  void extractsTheFilesUnderThePrefix() throws IOException {
    String longName = "package/dist/models/" + "x".repeat(120) + "/model.json";
    Path dest = tmp.resolve("out");
    int n = Tarball.extract(tgz(Map.of("package/dist/models/a/model.json", "{}", longName, "long",
        "package/README.md", "no")), "package/dist/models/", dest);
    assertThat(n).isEqualTo(2);
    assertThat(Files.readString(dest.resolve("a/model.json"))).isEqualTo("{}");
    assertThat(Files.readString(dest.resolve("x".repeat(120) + "/model.json"))).isEqualTo("long");
    assertThat(Files.exists(dest.resolve("README.md"))).isFalse();
  }

  @Test
  void anEntryOutsideTheDestinationIsRefused() throws IOException {
    Path evil = tgz(Map.of("package/dist/models/../../../evil.txt", "x"));
    assertThatThrownBy(() -> Tarball.extract(evil, "package/dist/models/", tmp.resolve("out")))
        .hasMessageContaining("outside the destination");
    assertThat(Files.exists(tmp.resolve("evil.txt"))).isFalse();
  }
}
