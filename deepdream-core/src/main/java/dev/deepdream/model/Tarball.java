package dev.deepdream.model;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Extracts part of a gzip'd tar file (an npm package) with commons-compress, no external tool. */
final class Tarball {
  private Tarball() {}

  /**
   * Writes the regular files whose path starts with {@code prefix} into {@code dest}, keeping
   * their path below the prefix. Returns how many files were written.
   *
   * @throws IOException for an unreadable archive, or an entry that would land outside {@code dest}
   */
  public static int extract(Path tgz, String prefix, Path dest) throws IOException {
    int count = 0;
    try (InputStream gz = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16));
        TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (!e.isFile() || !e.getName().startsWith(prefix)) {
          continue;
        }
        Path out = dest.resolve(e.getName().substring(prefix.length())).normalize();
        if (!out.startsWith(dest)) {
          throw new IOException("tar entry " + e.getName() + " points outside the destination");
        }
        Files.createDirectories(out.getParent());
        Files.copy(tar, out);
        count++;
      }
    }
    return count;
  }
}
