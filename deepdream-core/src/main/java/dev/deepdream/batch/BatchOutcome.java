package dev.deepdream.batch;

import java.nio.file.Path;
import java.util.Map;

/**
 * What became of one input.
 *
 * @param item the input
 * @param status done, skipped (finished by an earlier run) or failed
 * @param output the output file (written when done; absent when failed)
 * @param seconds time spent on it
 * @param error the failure, one line; null unless failed
 * @param settings the settings it was dreamed with, as the codec's text (seed included)
 * @param inputSha256 hex SHA-256 of the input's bytes; null when it could not be read
 */
public record BatchOutcome(BatchItem item, Status status, Path output, double seconds, String error,
    Map<String, String> settings, String inputSha256) {

  /** What became of an input. */
  public enum Status {
    /** Dreamed and written. */
    DONE,
    /** Already done by an earlier run with the same input and settings; left as it was. */
    SKIPPED,
    /** Could not be dreamed; the batch went on. */
    FAILED;

    /** The manifest's word for it. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Keeps an unmodifiable copy of the settings. */
  public BatchOutcome {
    settings = settings == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
  }
}
