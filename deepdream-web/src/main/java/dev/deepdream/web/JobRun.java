package dev.deepdream.web;

import dev.deepdream.dream.DreamConfig;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.SettingsCodec;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.function.BooleanSupplier;

/**
 * The code that runs one kind of job on the queue's worker ({@link JobQueue}): one implementation
 * per {@link Job.Kind}, so what differs between kinds lives with the kind.
 */
interface JobRun {
  /**
   * Runs the job to its end: a job cancelled before it starts ends cancelled; otherwise it is
   * marked running, dreamed, and ends done (or failed, for what the run itself judges a failure).
   *
   * @param stopping true once the server is stopping: the dream stops between steps, as when cancelled
   * @throws dev.deepdream.dream.DreamCancelledException when cancelled or stopped while dreaming
   * @throws Exception when the job fails; the queue records it as failed with {@link #errorText}
   */
  void run(Job job, BooleanSupplier stopping) throws Exception;

  /**
   * Whether stopping the server may also fail this kind of run with another exception than a
   * cancellation (the worker's interrupt stops an ffmpeg it waits for); such a failure while
   * stopping queues the job again instead.
   */
  default boolean interruptedByStop() {
    return false;
  }

  /** Removes what a cancelled or failed job leaves that is of no more use (it is never continued). */
  default void discard(Job job) {}

  /** A failure's message as the job's record shows it (the queue keeps its first line). */
  default String errorText(Job job, String message) {
    return message;
  }

  /**
   * The job's dream settings, with its seed fixed first when it has none: before the first step,
   * frame or picture, so that a job continued after a restart draws the same numbers. Call it
   * holding the job's lock.
   */
  static DreamConfig settingsWithFixedSeed(Job job, JobStore store) throws IOException {
    if (!job.params.containsKey("seed")) {
      job.params.put("seed", Long.toString(new SecureRandom().nextLong()));
    }
    return SettingsCodec.decode(SettingsCodec.fromRecord(job.params), ImageSource.byHash(store.images(job)));
  }
}
