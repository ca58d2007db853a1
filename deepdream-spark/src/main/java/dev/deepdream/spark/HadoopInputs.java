package dev.deepdream.spark;

import dev.deepdream.batch.BatchInputs;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.io.Sha256;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Inputs on one of Hadoop's file systems: a file, a folder (its pictures, recursively) or a glob,
 * chosen by the same rules as {@link BatchInputs} for local ones (it decides; this only lists), so
 * {@code hdfs://nn/photos} gives the relative paths, outputs and seeds that {@code /photos} would.
 * Executors copy each input to a local file before dreaming it.
 */
final class HadoopInputs {
  /**
   * One input.
   *
   * @param uri the file, fully qualified
   * @param relative its path under the folder or glob base it came from
   */
  record Found(String uri, String relative) {}

  private HadoopInputs() {}

  /**
   * The inputs {@code spec} names, leaving out files under {@code exclude} (OUTDIR, qualified, or null).
   *
   * @throws BadOptionException naming a spec that does not exist
   */
  static List<Found> expand(String spec, String exclude, Configuration conf) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(spec);
    FileSystem fs = path.getFileSystem(conf);
    if (!BatchInputs.isGlob(spec)) {
      FileStatus st;
      try {
        st = fs.getFileStatus(path);
      } catch (FileNotFoundException e) {
        throw new BadOptionException("input " + spec + " does not exist");
      }
      if (st.isFile()) {
        return List.of(new Found(st.getPath().toString(), st.getPath().getName()));
      }
      return list(fs, st.getPath(), null, exclude);
    }
    String[] split = BatchInputs.splitGlob(spec);
    org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(split[0]);
    if (!fs.exists(base) || !fs.getFileStatus(base).isDirectory()) {
      return List.of();
    }
    return list(fs, fs.getFileStatus(base).getPath(), split[1], exclude);
  }

  /** The qualified form of a Hadoop path, to compare with listed ones. */
  static String qualified(String path, Configuration conf) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    return p.getFileSystem(conf).makeQualified(p).toString();
  }

  private static List<Found> list(FileSystem fs, org.apache.hadoop.fs.Path dir, String glob, String exclude)
      throws IOException {
    String prefix = dir.toString().endsWith("/") ? dir.toString() : dir + "/";
    String ex = exclude == null ? null : (exclude.endsWith("/") ? exclude : exclude + "/");
    Map<String, String> byRelative = new HashMap<>();
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
    while (files.hasNext()) {
      String uri = files.next().getPath().toString();
      if (uri.startsWith(prefix) && (ex == null || !uri.startsWith(ex))) {
        byRelative.put(uri.substring(prefix.length()), uri);
      }
    }
    List<Found> out = new ArrayList<>();
    for (String rel : BatchInputs.select(byRelative.keySet(), glob)) {
      out.add(new Found(byRelative.get(rel), rel));
    }
    return out;
  }

  /** Copies {@code uri} into {@code dir} under its own file name and returns the copy. */
  static Path fetch(String uri, Path dir, Configuration conf) throws IOException {
    org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(uri);
    Path local = dir.resolve(src.getName());
    HadoopFiles.download(src.getFileSystem(conf), src, local);
    return local;
  }

  /** The hex SHA-256 of the file at {@code uri}, streamed. */
  static String sha256(String uri, Configuration conf) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      return Sha256.hex(in);
    }
  }
}
