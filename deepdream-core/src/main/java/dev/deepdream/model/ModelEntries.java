package dev.deepdream.model;

import dev.deepdream.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * The cache's folders: one per model under {@code HOME/models}, each written whole in a temporary
 * folder and renamed into place while holding the model's lock, so that threads and processes
 * fetching the same model at once end with one good entry.
 */
final class ModelEntries {
  /** Writes an entry's files into a folder. */
  @FunctionalInterface
  interface DirWriter {
    void write(Path dir) throws IOException;
  }

  private final Path home;
  private final ModelStore.Listener listener;

  ModelEntries(Path home, ModelStore.Listener listener) {
    this.home = home;
    this.listener = listener;
  }

  /** The folder of {@code name}'s entry (it may not exist). */
  Path dir(String name) {
    return home.resolve("models").resolve(name);
  }

  /** True when {@code name} is in the cache. */
  boolean isCached(String name) {
    return CachedModel.exists(dir(name));
  }

  /** The lock file that serialises fetching and writing {@code name}'s entry between threads and processes. */
  private Path lockFile(String name) {
    return home.resolve("locks").resolve(name + ".lock"); // beside the models, so listings never see them
  }

  /** Holds {@code name}'s lock, telling the listener while it waits; null when this thread holds another. */
  CacheLock lock(String name) throws IOException {
    return CacheLock.acquire(lockFile(name), () -> listener.message("Waiting for another deepdream that is fetching "
        + "or writing " + name));
  }

  /**
   * Writes an entry in a temporary folder, then swaps it in with renames, holding the entry's lock.
   * Returns false, writing nothing, when this thread holds another model's lock (a fetch that
   * brings other models too) and another thread or process holds this one's: that one is writing
   * it, and waiting for it could deadlock.
   */
  boolean write(String name, DirWriter writer) throws IOException {
    Path models = home.resolve("models");
    Files.createDirectories(models);
    try (CacheLock lock = lock(name)) {
      if (lock == null) {
        listener.message("Left " + name + " to the other deepdream that is writing it");
        return false;
      }
      Path tmp = Files.createTempDirectory(models, "." + name + ".");
      try {
        writer.write(tmp);
        Path target = dir(name);
        Path old = null;
        if (Files.exists(target)) {
          old = Files.createTempDirectory(models, "." + name + ".old.");
          Files.delete(old);
          Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
          AtomicFiles.deleteTree(old);
        }
      } finally {
        AtomicFiles.deleteTree(tmp);
      }
      return true;
    }
  }

  /** Identifies an entry folder (its inode where the file system has one), to notice that it was swapped. */
  static Object key(Path dir) {
    try {
      return Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** The bytes of an entry's files. */
  static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
