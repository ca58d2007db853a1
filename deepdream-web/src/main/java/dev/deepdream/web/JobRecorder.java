package dev.deepdream.web;

import java.io.IOException;

/**
 * A job's changes of state, each saved to its record ({@link JobStore}) and told to its
 * subscribers ({@link JobEvents}): running, finished, queued again, or saved as it goes.
 */
final class JobRecorder {
  private final JobStore store;
  private final JobEvents events;

  JobRecorder(JobStore store, JobEvents events) {
    this.store = store;
    this.events = events;
  }

  /** Marks the job running from now and saves it; call it holding the job's lock. */
  void running(Job job) throws IOException {
    job.status = Job.Status.RUNNING;
    job.started = System.currentTimeMillis();
    store.save(job);
  }

  /** Saves the job as it goes; a record that cannot be written is reported, not fatal to the dream. */
  void saveQuietly(Job job) {
    try {
      synchronized (job) {
        store.save(job);
      }
    } catch (IOException e) {
      System.err.println("deepdream: job " + job.id + ": could not save its record: " + e.getMessage());
    }
  }

  /** Ends the job with {@code status} (and {@code error}, or null), saves it and tells its subscribers. */
  void finish(Job job, Job.Status status, String error) throws IOException {
    synchronized (job) {
      job.status = status;
      job.error = error;
      job.finished = System.currentTimeMillis();
      job.etaMillis = null;
      if (status == Job.Status.DONE) {
        job.progress = 1.0;
      }
      store.save(job);
    }
    events.finished(job);
  }

  /** {@link #finish}; when its record cannot be saved, the subscribers are still told of the end. */
  void finishQuietly(Job job, Job.Status status, String error) {
    try {
      finish(job, status, error);
    } catch (IOException e) {
      events.end(job);
    }
  }

  /** Puts a job stopped by the server's shutdown back as queued: the next start continues it. */
  void requeueQuietly(Job job) {
    synchronized (job) {
      job.status = Job.Status.QUEUED;
      try {
        store.save(job);
      } catch (IOException e) {
        System.err.println("deepdream: job " + job.id + ": could not record it as queued: " + e.getMessage());
      }
    }
    events.progress(job);
  }
}
