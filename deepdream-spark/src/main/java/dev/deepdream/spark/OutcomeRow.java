package dev.deepdream.spark;

import dev.deepdream.batch.BatchOutcome;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * A {@link BatchOutcome} as it travels back to the driver, which writes the manifest.
 *
 * @param item the input
 * @param status the outcome's status name
 * @param output the output's path relative to OUTDIR, or null when failed
 * @param seconds time spent
 * @param error the failure, or null
 * @param settings the codec's text of the settings it was dreamed with
 * @param inputSha256 hex SHA-256 of the input, or null
 */
public record OutcomeRow(ItemSpec item, String status, String output, double seconds, String error,
    HashMap<String, String> settings, String inputSha256) implements Serializable {

  /** Copies an outcome. */
  public static OutcomeRow of(ItemSpec item, BatchOutcome o) {
    return new OutcomeRow(item, o.status().name(), o.output() == null ? null : o.output().toString(), o.seconds(),
        o.error(), new HashMap<>(o.settings()), o.inputSha256());
  }

  /** The outcome again, on the driver, its output placed in {@code outDir} (where the manifest is). */
  public BatchOutcome toOutcome(Path outDir) {
    return new BatchOutcome(item.toItem(), BatchOutcome.Status.valueOf(status),
        output == null ? null : outDir.resolve(output), seconds, error, settings, inputSha256);
  }
}
