package dev.deepdream.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A job's staging folders under {@code OUTDIR/.spark-staging/JOB} (hidden, so a later batch over
 * OUTDIR never takes them as inputs): one folder per task attempt for files being written, and
 * {@code committed} for the files of attempts that finished them. The driver moves committed files
 * into place and deletes the whole folder, leftovers of dead attempts included.
 *
 * @param root the job's staging folder, as text (paths are not serializable)
 */
public record Staging(String root) implements Serializable {
  /** The hidden folder under OUTDIR that holds every job's staging. */
  public static final String FOLDER = ".spark-staging";

  /** The staging of job {@code jobId} under {@code outDir}. */
  public static Staging of(Path outDir, String jobId) {
    return new Staging(outDir.resolve(FOLDER).resolve(jobId).toString());
  }

  /** Where attempt {@code attemptId} writes. */
  public Path attemptDir(long attemptId) {
    return Path.of(root, "attempt-" + attemptId);
  }

  /** Where committed files wait for the driver. */
  public Path committed() {
    return Path.of(root, "committed");
  }

  /** Moves a committed output to its final path, replacing an older one. */
  public void publish(String relativeOutput, Path finalPath) throws IOException {
    Files.createDirectories(finalPath.toAbsolutePath().getParent());
    Files.move(committed().resolve(relativeOutput), finalPath, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes the job's staging (and the staging parent when empty). */
  public void delete() throws IOException {
    Path r = Path.of(root);
    if (Files.exists(r)) {
      try (Stream<Path> s = Files.walk(r)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.delete(p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    Path parent = r.getParent();
    try (Stream<Path> s = Files.list(parent)) {
      if (s.findAny().isEmpty()) {
        Files.delete(parent);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // Nothing was staged.
    }
  }
}
