package dev.deepdream.spark;

import dev.deepdream.video.FrameFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * A video render's frame folder on a Hadoop file system (or a plain one, through Hadoop's raw
 * local file system), mirrored to and from local folders: the driver and each segment task work in
 * a local copy, as the video library does, and push each frame here as soon as it is written, so
 * a retried task continues after the segment's last pushed frame. Each file arrives whole (uploaded
 * under a hidden name, then renamed); a frame another attempt pushed first is kept, as both are
 * the same pixels.
 */
final class FrameStore implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String dir;
  private final HadoopConf conf;
  private transient FileSystem fs;

  /**
   * @param dir the folder, a Hadoop path or a plain one
   * @param conf the driver's Hadoop configuration
   */
  FrameStore(String dir, HadoopConf conf) {
    this.dir = Locations.isHadoop(dir) ? dir : Locations.absolute(dir).toUri().toString();
    this.conf = conf;
  }

  String location() {
    return dir;
  }

  private synchronized FileSystem fs() throws IOException {
    if (fs == null) {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir);
      // Plain paths without Hadoop's .crc files beside each frame.
      fs = "file".equals(p.toUri().getScheme()) ? FileSystem.getLocal(conf.get()).getRaw()
          : p.getFileSystem(conf.get());
    }
    return fs;
  }

  private org.apache.hadoop.fs.Path remote(String relative) {
    return new org.apache.hadoop.fs.Path(dir + "/" + relative);
  }

  /** The names of the files directly in the folder (or in its {@code sub} folder); empty when missing. */
  Set<String> names(String sub) throws IOException {
    Set<String> out = new HashSet<>();
    try {
      for (FileStatus st : fs().listStatus(sub == null ? new org.apache.hadoop.fs.Path(dir) : remote(sub))) {
        if (st.isFile()) {
          out.add(st.getPath().getName());
        }
      }
    } catch (FileNotFoundException e) {
      // No folder yet.
    }
    return out;
  }

  /** How many of frames first.. are here in a row. */
  int finished(int first, int last) throws IOException {
    Set<String> have = names(null);
    int k = 0;
    while (first + k <= last && have.contains(FrameFiles.name(first + k))) {
      k++;
    }
    return k;
  }

  /** Copies the render's record, when there is one, into {@code local}; whether there was. */
  boolean pullRecord(Path local) throws IOException {
    Files.createDirectories(local);
    return pull(FrameFiles.RECORD, local);
  }

  /** Copies frames {@code first..} that are here in a row into {@code local}. */
  void pullFrames(Path local, int first, int last) throws IOException {
    for (int n = first; n < first + finished(first, last); n++) {
      pull(FrameFiles.name(n), local);
    }
  }

  /** Copies every frame and warm-up frame here into {@code local}. */
  void pullAll(Path local) throws IOException {
    for (String name : names(null)) {
      if (name.matches(FrameFiles.REGEX)) {
        pull(name, local);
      }
    }
    for (String name : names(FrameFiles.OVERLAP)) {
      if (name.matches(FrameFiles.REGEX)) {
        pull(FrameFiles.OVERLAP + "/" + name, local);
      }
    }
  }

  private boolean pull(String relative, Path local) throws IOException {
    Path target = local.resolve(relative);
    Files.createDirectories(target.getParent());
    try {
      HadoopFiles.download(fs(), remote(relative), target);
      return true;
    } catch (FileNotFoundException e) {
      return false;
    }
  }

  /** Puts {@code local}'s record here, replacing the one here. */
  void pushRecord(Path local) throws IOException {
    push(local, FrameFiles.RECORD, true);
  }

  /** Puts frame {@code number} of {@code local} here, unless another attempt did. */
  void pushFrame(Path local, int number) throws IOException {
    push(local, FrameFiles.name(number), false);
  }

  /** Puts {@code local}'s warm-up frames here, those not here yet. */
  void pushOverlaps(Path local) throws IOException {
    Path overlap = local.resolve(FrameFiles.OVERLAP);
    if (!Files.isDirectory(overlap)) {
      return;
    }
    Set<String> have = names(FrameFiles.OVERLAP);
    try (var files = Files.list(overlap)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        if (name.matches(FrameFiles.REGEX) && !have.contains(name)) {
          push(local, FrameFiles.OVERLAP + "/" + name, false);
        }
      }
    }
  }

  private void push(Path local, String relative, boolean replace) throws IOException {
    org.apache.hadoop.fs.Path target = remote(relative);
    if (replace) {
      HadoopFiles.put(fs(), local.resolve(relative), target);
      return;
    }
    HadoopFiles.renameUnlessThere(fs(), HadoopFiles.upload(fs(), local.resolve(relative), target), target);
  }

  /**
   * Deletes the folder and everything in it (another render's frames with --force; a hidden
   * folder after the output).
   */
  void delete() throws IOException {
    fs().delete(new org.apache.hadoop.fs.Path(dir), true);
  }
}
