package dev.deepdream.spark;

import dev.deepdream.batch.BatchItem;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * A {@link BatchItem} as it travels to an executor ({@link Path} is not serializable): the input
 * path as text, its relative path and the batch seed; the item's own seed is derived again there,
 * exactly as the CLI batch derives it.
 *
 * @param input the input file: a path every executor can read, or a Hadoop URI (fetched there)
 * @param relativePath its relative path (places the output, keys the manifest line)
 * @param batchSeed the batch's seed S
 */
public record ItemSpec(String input, String relativePath, long batchSeed) implements Serializable {

  /** The item, with the derived seed (for a Hadoop URI the path only names it; it is not read). */
  public BatchItem toItem() {
    return BatchItem.of(Path.of(input), relativePath, batchSeed);
  }
}
