package dev.deepdream.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;

/**
 * Moving whole files between this machine and a Hadoop file system: a file is uploaded under a
 * hidden temporary name beside its target and then renamed, so a reader never sees part of it
 * (over an older file, or not when another task attempt put it first); downloads leave no Hadoop
 * checksum file beside the copy.
 */
final class HadoopFiles {
  private HadoopFiles() {}

  /** A local path as a Hadoop one. */
  static org.apache.hadoop.fs.Path hadoop(Path local) {
    return new org.apache.hadoop.fs.Path(local.toAbsolutePath().toUri());
  }

  /** Copies {@code remote} to the local file {@code local} (through the raw local file system: no .crc beside it). */
  static void download(FileSystem fs, org.apache.hadoop.fs.Path remote, Path local) throws IOException {
    fs.copyToLocalFile(false, remote, hadoop(local), true);
  }

  /** Uploads {@code local} under a hidden temporary name beside {@code target}; returns that name. */
  static org.apache.hadoop.fs.Path upload(FileSystem fs, Path local, org.apache.hadoop.fs.Path target)
      throws IOException {
    org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(target.getParent(),
        "." + target.getName() + "." + UUID.randomUUID());
    fs.copyFromLocalFile(false, true, hadoop(local), temp);
    return temp;
  }

  /** Puts {@code local} at {@code target} whole, replacing an older file. */
  static void put(FileSystem fs, Path local, org.apache.hadoop.fs.Path target) throws IOException {
    replace(fs, upload(fs, local, target), target);
  }

  /**
   * Renames {@code from} to {@code to} unless {@code to} is there: then another task attempt got
   * there first (the same bytes), its copy is kept and {@code from} deleted. The rename refuses an
   * existing target atomically on HDFS (its name node decides).
   *
   * @throws IOException when the rename failed and {@code to} is not there either
   */
  static void renameUnlessThere(FileSystem fs, org.apache.hadoop.fs.Path from, org.apache.hadoop.fs.Path to)
      throws IOException {
    boolean renamed;
    try {
      renamed = fs.rename(from, to);
    } catch (FileAlreadyExistsException e) {
      renamed = false;
    }
    if (!renamed) {
      if (!fs.exists(to)) {
        throw new IOException("could not commit " + from + " to " + to);
      }
      fs.delete(from, false);
    }
  }

  /** Renames {@code from} over {@code to}, replacing it (atomic on HDFS). */
  static void replace(FileSystem fs, org.apache.hadoop.fs.Path from, org.apache.hadoop.fs.Path to)
      throws IOException {
    FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(from, to, Options.Rename.OVERWRITE);
  }
}
