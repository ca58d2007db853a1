package dev.deepdream.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.commons.io.file.PathUtils;

/**
 * Files written whole or not at all: the content goes to a temporary name beside the target and
 * is renamed into place in one step, so a crash or an error never leaves a half-written file (the
 * temporary one is removed). Also the one recursive delete.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes a file at the temporary path it is given. */
  @FunctionalInterface
  public interface FileBody {
    /** Writes {@code temp} completely. */
    void write(Path temp) throws IOException;
  }

  /** Writes into a stream. */
  @FunctionalInterface
  public interface StreamBody {
    /** Writes the content to {@code out}. */
    void write(OutputStream out) throws IOException;
  }

  /** Replaces {@code target} with what {@code body} writes, atomically. */
  public static void write(Path target, FileBody body) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    // Not createTempFile: its owner-only permissions would stick to the result; this gets the umask's.
    Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
    try {
      body.write(tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Replaces {@code target} with what {@code body} writes to a stream, atomically. */
  public static void writeStream(Path target, StreamBody body) throws IOException {
    write(target, tmp -> {
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        body.write(out);
      }
    });
  }

  /** Deletes a file or a folder with everything in it; nothing when it does not exist. */
  public static void deleteTree(Path path) throws IOException {
    if (Files.exists(path)) {
      PathUtils.delete(path);
    }
  }
}
