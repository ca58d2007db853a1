package dev.deepdream.spark;

import dev.deepdream.batch.Manifest;
import dev.deepdream.dream.BadOptionException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * OUTDIR on one of Hadoop's file systems ({@code hdfs://}, {@code s3a://}), through the cluster's
 * own configuration. A task attempt writes each picture to a local scratch file, uploads it into
 * its attempt folder in OUTDIR's staging, and renames it into {@code committed}: a rename that
 * refuses an existing target (HDFS does so atomically in the name node), so the first attempt
 * wins and a later one deletes its copy. Publishing and the manifest use a rename that replaces
 * the target (a {@code FileContext} rename with OVERWRITE, atomic on HDFS). On S3, where a
 * rename is a copy, each object still appears whole, but two racing attempts are not told apart
 * atomically: turn speculation off there ({@code spark.speculation=false}, Spark's default).
 */
public final class HadoopStore implements OutputStore {
  private static final long serialVersionUID = 1L;

  private final String outDir;
  private final String jobId;
  private final HadoopConf conf;
  private transient FileSystem fs;

  /**
   * @param outDir OUTDIR as a Hadoop path with its scheme
   * @param jobId the job's id, naming its staging folder
   * @param conf the driver's Hadoop configuration
   */
  public HadoopStore(String outDir, String jobId, HadoopConf conf) {
    this.outDir = outDir;
    this.jobId = jobId;
    this.conf = conf;
  }

  private synchronized FileSystem fs() throws IOException {
    if (fs == null) {
      fs = out().getFileSystem(conf.get());
    }
    return fs;
  }

  private org.apache.hadoop.fs.Path out() {
    return new org.apache.hadoop.fs.Path(outDir);
  }

  private org.apache.hadoop.fs.Path out(String relative) {
    return new org.apache.hadoop.fs.Path(out(), relative);
  }

  private org.apache.hadoop.fs.Path root() {
    return new org.apache.hadoop.fs.Path(out(STAGING), jobId);
  }

  private org.apache.hadoop.fs.Path committed(String relativeOutput) {
    return new org.apache.hadoop.fs.Path(root(), "committed/" + relativeOutput);
  }

  @Override
  public String location() {
    return outDir;
  }

  @Override
  public void prepare() throws IOException {
    try {
      if (!fs().getFileStatus(out()).isDirectory()) {
        throw new BadOptionException("output " + outDir + " is a file, not a folder");
      }
    } catch (FileNotFoundException e) {
      // Made with the first output, so bad settings found after this leave nothing behind.
    }
  }

  @Override
  public boolean exists(String relativeOutput) throws IOException {
    try {
      return fs().getFileStatus(out(relativeOutput)).isFile();
    } catch (FileNotFoundException e) {
      return false;
    }
  }

  @Override
  public Path openManifest(Path scratchDir) throws IOException {
    Files.createDirectories(scratchDir);
    org.apache.hadoop.fs.Path remote = out(Manifest.FILE_NAME);
    if (fs().exists(remote)) {
      HadoopFiles.download(fs(), remote, scratchDir.resolve(Manifest.FILE_NAME));
    }
    return scratchDir;
  }

  @Override
  public void saveManifest(Path dir) throws IOException {
    Path local = dir.resolve(Manifest.FILE_NAME);
    if (Files.exists(local)) {
      HadoopFiles.put(fs(), local, out(Manifest.FILE_NAME));
    }
  }

  /** The attempt's local scratch folder (its own, so deleting it never races another task). */
  private Path scratchDir(long attemptId) {
    return Path.of(System.getProperty("java.io.tmpdir"), "deepdream-" + jobId, "attempt-" + attemptId);
  }

  @Override
  public Path scratch(long attemptId, String relativeOutput) throws IOException {
    Path p = scratchDir(attemptId).resolve(relativeOutput);
    Files.createDirectories(p.getParent());
    return p;
  }

  @Override
  public void commit(Path scratch, long attemptId, String relativeOutput) throws IOException {
    org.apache.hadoop.fs.Path attempt = new org.apache.hadoop.fs.Path(root(), "attempt-" + attemptId + "/"
        + relativeOutput);
    org.apache.hadoop.fs.Path committed = committed(relativeOutput);
    try {
      fs().copyFromLocalFile(false, true, HadoopFiles.hadoop(scratch), attempt);
    } finally {
      Files.deleteIfExists(scratch);
      deleteEmptyFolders(scratch.getParent(), scratchDir(attemptId));
    }
    fs().mkdirs(committed.getParent());
    HadoopFiles.renameUnlessThere(fs(), attempt, committed);
  }

  /** Deletes {@code dir} and its parents up to {@code top} while they are empty. */
  private static void deleteEmptyFolders(Path dir, Path top) {
    for (Path d = dir; d != null && d.startsWith(top); d = d.getParent()) {
      try {
        Files.delete(d);
      } catch (IOException e) {
        return; // not empty (another picture of this attempt), or gone
      }
    }
  }

  @Override
  public void publish(String relativeOutput) throws IOException {
    org.apache.hadoop.fs.Path target = out(relativeOutput);
    fs().mkdirs(target.getParent());
    HadoopFiles.replace(fs(), committed(relativeOutput), target);
  }

  @Override
  public void deleteStaging() throws IOException {
    fs().delete(root(), true);
    org.apache.hadoop.fs.Path parent = out(STAGING);
    try {
      FileStatus[] left = fs().listStatus(parent);
      if (left.length == 0) {
        fs().delete(parent, false);
      }
    } catch (FileNotFoundException e) {
      // Nothing was staged.
    }
  }
}
