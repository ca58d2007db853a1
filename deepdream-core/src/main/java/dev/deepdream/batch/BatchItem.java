package dev.deepdream.batch;

import dev.deepdream.io.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One input of a batch: the file, its path relative to what the user named (which places its
 * output and keys its manifest line), the batch's seed and the seed of its own dream.
 *
 * @param input the input file
 * @param relativePath where it sits under the folder or glob it came from, with {@code /} separators
 * @param batchSeed the batch's seed S
 * @param seed this input's seed, {@link #deriveSeed(long, String) derived} from S and the relative path
 */
public record BatchItem(Path input, String relativePath, long batchSeed, long seed) {

  /** An item whose seed is derived from the batch's seed and its relative path. */
  public static BatchItem of(Path input, String relativePath, long batchSeed) {
    return new BatchItem(input, relativePath, batchSeed, deriveSeed(batchSeed, relativePath));
  }

  /**
   * The first 8 bytes (big-endian) of SHA-256 of {@code "S:relativePath"}: the same on every
   * machine and whatever order the inputs are dreamed in.
   */
  public static long deriveSeed(long batchSeed, String relativePath) {
    byte[] h = Sha256.digest((batchSeed + ":" + relativePath).getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(h, 0, 8).getLong();
  }
}
