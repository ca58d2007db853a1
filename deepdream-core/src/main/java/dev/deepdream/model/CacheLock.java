package dev.deepdream.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a lock file, between the threads of this JVM (a {@link ReentrantLock}, since
 * a JVM holds file locks for the whole process) and between processes ({@link FileChannel#lock()}).
 * Reentrant for the thread that holds it. Lock files are left in place: deleting one while another
 * process waits on it would let a third lock a new file and both go ahead.
 *
 * <p>To rule out deadlocks, a thread that already holds one cache lock never waits for another:
 * {@link #acquire} then only tries, and returns null when the lock is busy.
 */
final class CacheLock implements AutoCloseable {
  private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
  private static final ThreadLocal<int[]> HELD = ThreadLocal.withInitial(() -> new int[1]);

  private final ReentrantLock local;
  private final FileChannel channel; // null when this thread already held the lock
  private final FileLock fileLock;

  private CacheLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
    this.local = local;
    this.channel = channel;
    this.fileLock = fileLock;
    HELD.get()[0]++;
  }

  /**
   * Locks {@code file}, waiting (calling {@code onWait} first) while another thread or process
   * holds it; when this thread already holds another cache lock, returns null instead of waiting.
   */
  static CacheLock acquire(Path file, Runnable onWait) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    ReentrantLock local = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
    boolean mayWait = HELD.get()[0] == 0;
    if (!local.tryLock()) {
      if (!mayWait) {
        return null;
      }
      onWait.run();
      local.lock();
    }
    if (local.getHoldCount() > 1) {
      return new CacheLock(local, null, null);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(key.getParent());
      channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        if (!mayWait) {
          channel.close();
          local.unlock();
          return null;
        }
        onWait.run();
        lock = channel.lock();
      }
      return new CacheLock(local, channel, lock);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      local.unlock();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (channel != null) {
        fileLock.release();
        channel.close();
      }
    } finally {
      HELD.get()[0]--;
      local.unlock();
    }
  }
}
