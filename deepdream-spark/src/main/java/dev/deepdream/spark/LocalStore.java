package dev.deepdream.spark;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * OUTDIR as a plain folder that the driver and every executor see at the same path (local mode,
 * or a shared mount). Scratch files are written under the attempt's staging folder in OUTDIR and
 * committed by a hard link, which fails atomically when the link exists; publishing is an atomic
 * rename.
 *
 * @param outDir OUTDIR, as text (paths are not serializable)
 * @param jobId the job's id, naming its staging folder
 */
public record LocalStore(String outDir, String jobId) implements OutputStore {

  private Path root() {
    return Path.of(outDir, STAGING, jobId);
  }

  private Path committed(String relativeOutput) {
    return root().resolve("committed").resolve(relativeOutput);
  }

  @Override
  public String location() {
    return outDir;
  }

  @Override
  public void prepare() throws IOException {
    Path dir = Path.of(outDir);
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new BadOptionException("output " + dir + " is a file, not a folder");
    }
  }

  @Override
  public boolean exists(String relativeOutput) {
    return Files.isRegularFile(Path.of(outDir, relativeOutput));
  }

  @Override
  public Path openManifest(Path scratchDir) {
    return Path.of(outDir);
  }

  @Override
  public void saveManifest(Path dir) {
    // The manifest was appended in place.
  }

  @Override
  public Path scratch(long attemptId, String relativeOutput) throws IOException {
    Path p = root().resolve("attempt-" + attemptId).resolve(relativeOutput);
    Files.createDirectories(p.getParent());
    return p;
  }

  @Override
  public void commit(Path scratch, long attemptId, String relativeOutput) throws IOException {
    Path committed = committed(relativeOutput);
    Files.createDirectories(committed.getParent());
    try {
      Files.createLink(committed, scratch);
    } catch (FileAlreadyExistsException e) {
      // Another attempt of the same task committed first: keep its file.
    } catch (UnsupportedOperationException e) {
      // No hard links here: a plain move, which checks for the file first (not atomic against a racing attempt).
      if (!Files.exists(committed)) {
        Files.move(scratch, committed);
      }
    } finally {
      Files.deleteIfExists(scratch);
    }
  }

  @Override
  public void publish(String relativeOutput) throws IOException {
    Path finalPath = Path.of(outDir, relativeOutput);
    Files.createDirectories(finalPath.toAbsolutePath().getParent());
    Files.move(committed(relativeOutput), finalPath, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void deleteStaging() throws IOException {
    Path r = root();
    AtomicFiles.deleteTree(r);
    try (Stream<Path> s = Files.list(r.getParent())) {
      if (s.findAny().isEmpty()) {
        Files.delete(r.getParent());
      }
    } catch (NoSuchFileException e) {
      // Nothing was staged.
    }
  }
}
