package dev.deepdream.batch;

import dev.deepdream.image.Picture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a batch's pictures go. {@link FolderTarget} writes them under one folder; a cluster job
 * can write each task attempt apart and commit it once.
 */
public interface BatchTarget {
  /** The output file of {@code item}. */
  Path outputFor(BatchItem item);

  /** Whether {@code item}'s output is there (a finished earlier run may be skipped only then). */
  boolean exists(BatchItem item) throws IOException;

  /** Writes {@code item}'s picture whole or not at all, with {@code text} as its metadata. */
  void write(BatchItem item, Picture picture, Map<String, String> text) throws IOException;
}
