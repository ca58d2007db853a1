package dev.deepdream.spark;

import dev.deepdream.batch.BatchItem;
import dev.deepdream.batch.BatchTarget;
import dev.deepdream.batch.FolderTarget;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.TaskContext;

/**
 * A task attempt's target: each picture is written whole to the attempt's scratch file and
 * committed through the job's {@link OutputStore}, which keeps the first attempt's copy, so a
 * retried or speculative attempt never leaves a second or partial file. {@link #outputFor} gives
 * the output's path relative to OUTDIR; the driver places it.
 */
public final class AttemptTarget implements BatchTarget {
  /**
   * Test-only hook: when this system property is "true", attempt 0 of partition 0 dies after
   * writing a temp file (a video segment: after its second frame).
   */
  static final String FAIL_FIRST_ATTEMPT = "deepdream.spark.failFirstAttempt";

  private final FolderTarget names;
  private final OutputStore store;
  private final long attemptId;
  private final boolean failHere;
  private final float jpegQuality;

  /**
   * @param format "png" or "jpg"
   * @param store OUTDIR and the job's staging
   * @param attemptId the task attempt's id, unique within the application
   * @param failHere throw after the first temp file (the test hook, already matched to this attempt)
   * @param jpegQuality JPEG quality 0..1
   */
  public AttemptTarget(String format, OutputStore store, long attemptId, boolean failHere, float jpegQuality) {
    // Only names outputs (relative path, extension); the store writes them.
    this.names = new FolderTarget(Path.of(""), format, jpegQuality);
    this.store = store;
    this.attemptId = attemptId;
    this.failHere = failHere;
    this.jpegQuality = jpegQuality;
  }

  /** Whether the test hook kills {@code task} (null off Spark): attempt 0 of partition 0, when the hook is on. */
  static boolean failsHere(TaskContext task) {
    return Boolean.getBoolean(FAIL_FIRST_ATTEMPT) && task != null && task.partitionId() == 0
        && task.attemptNumber() == 0;
  }

  private String relativeOutput(BatchItem item) {
    return names.relativeOutput(item.relativePath());
  }

  @Override
  public Path outputFor(BatchItem item) {
    return Path.of(relativeOutput(item));
  }

  @Override
  public boolean exists(BatchItem item) throws IOException {
    return store.exists(relativeOutput(item));
  }

  @Override
  public void write(BatchItem item, Picture picture, Map<String, String> text) throws IOException {
    String rel = relativeOutput(item);
    Path scratch = store.scratch(attemptId, rel);
    try {
      ImageFiles.write(picture, scratch, text, jpegQuality);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(scratch);
      throw e;
    }
    if (failHere) {
      throw new InjectedFailure("test hook: attempt " + attemptId + " dies after writing " + scratch);
    }
    store.commit(scratch, attemptId, rel);
  }

  /** What the test hook throws: an Error, so the runner does not record it as a failed input but fails the task. */
  static final class InjectedFailure extends Error {
    InjectedFailure(String message) {
      super(message);
    }
  }
}
