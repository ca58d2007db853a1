package dev.deepdream.batch;

import java.util.Map;

/**
 * One line of a batch manifest: what became of one input.
 *
 * @param input the input path as the batch found it
 * @param relative its relative path (the key: the latest line per relative path counts)
 * @param inputSha256 hex SHA-256 of the input's bytes, or null when it could not be read
 * @param output the output path, relative to the output folder
 * @param settings the settings as the codec's text (seed included)
 * @param seed the input's own seed
 * @param batchSeed the batch's seed S it was derived from
 * @param status done or failed
 * @param seconds time spent
 * @param error the failure, or null
 */
public record ManifestEntry(String input, String relative, String inputSha256, String output,
    Map<String, String> settings, long seed, long batchSeed, String status, double seconds, String error) {

  /** This line naming the input as {@code input} (a path on another file system, which {@code Path} cannot hold). */
  public ManifestEntry withInput(String input) {
    return new ManifestEntry(input, relative, inputSha256, output, settings, seed, batchSeed, status, seconds, error);
  }

  /** Whether this line says the input was dreamed. */
  public boolean done() {
    return BatchOutcome.Status.DONE.id().equals(status);
  }
}
