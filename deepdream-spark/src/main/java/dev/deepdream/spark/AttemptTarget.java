package dev.deepdream.spark;

import dev.deepdream.batch.BatchItem;
import dev.deepdream.batch.BatchTarget;
import dev.deepdream.batch.FolderTarget;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A task attempt's target. Each picture is written whole under the attempt's own folder
 * ({@link Staging#attemptDir}), then committed by a hard link into the job's committed folder,
 * which fails atomically when another attempt already committed that output; the temporary file
 * is removed either way. So a retried or speculative attempt never leaves a second or partial
 * copy; the driver moves the committed files into OUTDIR when the job succeeds.
 * {@link #outputFor} names the final path in OUTDIR, which is what the manifest records.
 */
public final class AttemptTarget implements BatchTarget {
  /** Test-only hook: when this system property is "true", attempt 0 of partition 0 dies after writing a temp file. */
  static final String FAIL_FIRST_ATTEMPT = "deepdream.spark.failFirstAttempt";

  private final FolderTarget finals;
  private final Staging staging;
  private final long attemptId;
  private final boolean failHere;
  private final float jpegQuality;

  /**
   * @param finals where outputs end up (OUTDIR and the format)
   * @param staging the job's staging folders
   * @param attemptId the task attempt's id, unique within the application
   * @param failHere throw after the first temp file (the test hook, already matched to this attempt)
   * @param jpegQuality JPEG quality 0..1
   */
  public AttemptTarget(FolderTarget finals, Staging staging, long attemptId, boolean failHere, float jpegQuality) {
    this.finals = finals;
    this.staging = staging;
    this.attemptId = attemptId;
    this.failHere = failHere;
    this.jpegQuality = jpegQuality;
  }

  @Override
  public Path outputFor(BatchItem item) {
    return finals.outputFor(item);
  }

  @Override
  public boolean exists(BatchItem item) {
    return Files.isRegularFile(outputFor(item));
  }

  @Override
  public void write(BatchItem item, Picture picture, Map<String, String> text) throws IOException {
    String rel = finals.relativeOutput(item.relativePath());
    Path temp = staging.attemptDir(attemptId).resolve(rel);
    Path committed = staging.committed().resolve(rel);
    Files.createDirectories(temp.getParent());
    Files.createDirectories(committed.getParent());
    try {
      ImageFiles.write(picture, temp, text, jpegQuality);
      if (failHere) {
        throw new InjectedFailure("test hook: attempt " + attemptId + " dies after writing " + temp);
      }
      commit(temp, committed);
    } finally {
      if (!failHere) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Links the temp file into place unless another attempt did so first (the same seed gives the same pixels). */
  private static void commit(Path temp, Path committed) throws IOException {
    try {
      Files.createLink(committed, temp);
    } catch (FileAlreadyExistsException e) {
      // Another attempt of the same task committed first: keep its file.
    } catch (UnsupportedOperationException e) {
      // No hard links here: a plain move, which checks for the file first (not atomic against a racing attempt).
      if (!Files.exists(committed)) {
        Files.move(temp, committed);
      }
    }
  }

  /** What the test hook throws: an Error, so the runner does not record it as a failed input but fails the task. */
  static final class InjectedFailure extends Error {
    InjectedFailure(String message) {
      super(message);
    }
  }
}
