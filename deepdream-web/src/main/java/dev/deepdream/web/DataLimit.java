package dev.deepdream.web;

import dev.deepdream.settings.Sizes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Keeps the data folder under a size: when it is over, the oldest finished jobs (done, failed or
 * cancelled) are removed until it fits. A queued or running job is never removed, nor the job
 * whose end triggered the pruning (its user is about to look at the result), so the folder may
 * stay over the limit when only those are left.
 */
final class DataLimit {
  /** 5 GiB: hundreds of dreams of 12-megapixel photos (a photo and its PNG result are ~40 MB). */
  static final long DEFAULT = 5L << 30;

  private final Path dataDir;
  private final long maxBytes;
  private final Consumer<String> log;

  /** Removes a job and its files; false when it may not be removed now. */
  interface Remover {
    boolean remove(Job job) throws IOException;
  }

  DataLimit(Path dataDir, long maxBytes, Consumer<String> log) {
    this.dataDir = dataDir;
    this.maxBytes = maxBytes;
    this.log = log;
  }

  /**
   * Removes the oldest finished jobs, other than {@code keep}, while the folder is over the limit.
   *
   * @return the ids removed, oldest first
   */
  List<String> prune(List<Job> jobs, JobStore store, Remover remover, Job keep) throws IOException {
    long size = size(dataDir);
    List<String> removed = new ArrayList<>();
    if (size <= maxBytes) {
      return removed;
    }
    List<Job> oldestFirst = new ArrayList<>(jobs);
    oldestFirst.sort(Comparator.comparingLong((Job j) -> j.created).thenComparing(Job::id));
    for (Job j : oldestFirst) {
      if (size <= maxBytes) {
        break;
      }
      if (j == keep || !j.status().finished()) {
        continue;
      }
      long jobBytes = size(store.dir(j.id()));
      if (remover.remove(j)) {
        size -= jobBytes;
        removed.add(j.id());
      }
    }
    log.accept("deepdream serve: the data folder was over --max-data " + Sizes.format(maxBytes) + "; removed the "
        + removed.size() + " oldest finished job(s) " + removed + ", " + size + " bytes left"
        + (size > maxBytes ? " (still over: the rest are queued, running or just finished)" : ""));
    return removed;
  }

  /**
   * {@link #prune} that reports its trouble instead of throwing: a folder it cannot measure or a job
   * it cannot remove must not stop the server or its queue.
   */
  void pruneQuietly(JobQueue queue, JobStore store, Job keep) {
    try {
      prune(queue.all(), store, queue::delete, keep);
    } catch (IOException | RuntimeException e) {
      log.accept("deepdream serve: could not prune the data folder: " + e);
    }
  }

  /** Bytes of the regular files under a folder (0 when it is gone). */
  static long size(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (NoSuchFileException e) {
          return 0; // deleted meanwhile (a temporary upload)
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
