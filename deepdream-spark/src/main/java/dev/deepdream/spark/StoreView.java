package dev.deepdream.spark;

import dev.deepdream.batch.BatchItem;
import dev.deepdream.batch.BatchTarget;
import dev.deepdream.batch.FolderTarget;
import dev.deepdream.image.Picture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The driver's view of OUTDIR for deciding what an earlier run finished: whether an output is
 * there asks the {@link OutputStore}; output paths are placed in the folder that holds the
 * manifest (OUTDIR, or its local copy), so the manifest records them relative to OUTDIR. It writes
 * nothing: executors do.
 */
final class StoreView implements BatchTarget {
  private final OutputStore store;
  private final FolderTarget names;

  StoreView(OutputStore store, Path manifestDir, String format, float jpegQuality) {
    this.store = store;
    this.names = new FolderTarget(manifestDir, format, jpegQuality);
  }

  @Override
  public Path outputFor(BatchItem item) {
    return names.outputFor(item);
  }

  @Override
  public boolean exists(BatchItem item) throws IOException {
    return store.exists(names.relativeOutput(item.relativePath()));
  }

  @Override
  public void write(BatchItem item, Picture picture, Map<String, String> text) {
    throw new UnsupportedOperationException("the driver writes no pictures");
  }
}
