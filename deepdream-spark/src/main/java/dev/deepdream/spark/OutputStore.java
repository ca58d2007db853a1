package dev.deepdream.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * OUTDIR of a Spark batch and how task attempts commit to it. A task attempt writes each picture
 * whole to a {@link #scratch} file and {@link #commit}s it into the job's {@code committed} folder
 * under {@code OUTDIR/.spark-staging/JOB} (hidden, so a later batch never takes it as input),
 * which fails when another attempt (a retry or a speculative copy) got there first, so no output
 * is ever duplicated or half-written; when the job has succeeded the driver {@link #publish}es
 * each committed file into OUTDIR and {@link #deleteStaging deletes} the staging, leftovers of
 * dead attempts included. {@link LocalStore} is a folder every executor mounts; {@link HadoopStore}
 * any Hadoop file system (HDFS, S3A).
 */
public interface OutputStore extends Serializable {
  /** The hidden folder under OUTDIR that holds every job's staging. */
  String STAGING = ".spark-staging";

  /** OUTDIR on {@code outDir}'s file system, with job {@code jobId}'s staging. */
  static OutputStore of(String outDir, String jobId, HadoopConf conf) {
    return Locations.isHadoop(outDir) ? new HadoopStore(outDir, jobId, conf)
        : new LocalStore(Locations.local(outDir).toString(), jobId);
  }

  /** OUTDIR as the user named it. */
  String location();

  /** Checks on the driver that OUTDIR is a folder or is not there yet. @throws IOException when it cannot be read */
  void prepare() throws IOException;

  /** Whether the final output at {@code relativeOutput} is there. */
  boolean exists(String relativeOutput) throws IOException;

  /**
   * A local folder holding OUTDIR's manifest for the driver to read and append: OUTDIR itself, or a
   * copy in {@code scratchDir} that {@link #saveManifest} puts back.
   */
  Path openManifest(Path scratchDir) throws IOException;

  /** Puts the manifest in {@code dir} (from {@link #openManifest}) into OUTDIR whole. */
  void saveManifest(Path dir) throws IOException;

  /** The local file attempt {@code attemptId} writes {@code relativeOutput} to (its folders made). */
  Path scratch(long attemptId, String relativeOutput) throws IOException;

  /**
   * Commits a finished scratch file unless another attempt committed the same output first (the
   * same seed gives the same pixels, so either copy is right); the scratch file is gone after.
   */
  void commit(Path scratch, long attemptId, String relativeOutput) throws IOException;

  /** Moves a committed output to its final place in OUTDIR, replacing an older one. */
  void publish(String relativeOutput) throws IOException;

  /** Deletes the job's staging (and the staging parent when empty). */
  void deleteStaging() throws IOException;
}
