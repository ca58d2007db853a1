package dev.deepdream.web;

import dev.deepdream.dream.DreamCancelledException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * The server's jobs and the bounded queue they wait in. One worker thread runs them one at a time
 * (DJL's gradient collector is global), each with the {@link JobRun} of its kind. Jobs that were
 * queued or running when the server stopped, however it stopped, are queued again when it starts.
 */
final class JobQueue implements AutoCloseable {
  /** A full queue. */
  static final class QueueFullException extends RuntimeException {
    QueueFullException(int capacity) {
      super("the queue is full (" + capacity + " jobs waiting); try again when one has finished");
    }
  }

  private final JobStore store;
  private final JobRecorder recorder;
  private final Map<Job.Kind, JobRun> runs;
  private final int capacity;
  private final BlockingQueue<Job> queue;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Thread worker;
  private volatile boolean closing;
  private volatile Consumer<Job> afterEachJob = j -> { };

  /**
   * Loads the jobs on disk and starts the worker.
   *
   * @param runs the run of every kind of job
   * @param capacity how many jobs may wait
   */
  JobQueue(JobStore store, JobRecorder recorder, Map<Job.Kind, JobRun> runs, int capacity) throws IOException {
    this.store = store;
    this.recorder = recorder;
    for (Job.Kind kind : Job.Kind.values()) {
      if (!runs.containsKey(kind)) {
        throw new IllegalArgumentException("no run for " + kind.id() + " jobs");
      }
    }
    this.runs = new EnumMap<>(runs);
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
    for (Job j : store.loadAll()) {
      if (j.status == Job.Status.RUNNING) {
        // The server died mid-dream (a crash, kill -9): the job goes back in the queue and continues
        // from its last checkpoint (a video: after its last finished frame).
        j.status = Job.Status.QUEUED;
        store.save(j);
      }
      if (j.status == Job.Status.QUEUED && !queue.offer(j)) {
        j.status = Job.Status.FAILED;
        j.error = "the queue was full when the server restarted";
        store.save(j);
      }
      jobs.put(j.id, j);
    }
    worker = new Thread(this::work, "deepdream-jobs");
    worker.setDaemon(true);
    worker.start();
  }

  /** Called on the worker thread after each job it ran has ended (the server prunes the data folder here). */
  void afterEachJob(Consumer<Job> hook) {
    afterEachJob = hook;
  }

  /** Adds a job to the queue and saves it, or throws {@link QueueFullException}. */
  synchronized void submit(Job job) throws IOException {
    if (queue.remainingCapacity() == 0) {
      throw new QueueFullException(capacity);
    }
    store.save(job);
    jobs.put(job.id, job);
    queue.add(job);
  }

  /** The job with this id, or null. */
  synchronized Job get(String id) {
    return jobs.get(id);
  }

  /** All jobs, newest first. */
  synchronized List<Job> all() {
    List<Job> out = new ArrayList<>(jobs.values());
    Collections.reverse(out);
    return out;
  }

  /** Asks a queued or running job to stop; returns false when it had already finished. */
  boolean cancel(Job job) throws IOException {
    synchronized (job) {
      if (job.status.finished()) {
        return false;
      }
      job.cancelRequested = true;
      if (job.status == Job.Status.QUEUED && queue.remove(job)) {
        recorder.finish(job, Job.Status.CANCELLED, null);
      }
      return true;
    }
  }

  /** Deletes a finished or queued job and its files; a running one must be cancelled first. */
  synchronized boolean delete(Job job) throws IOException {
    synchronized (job) {
      if (job.status == Job.Status.RUNNING) {
        return false;
      }
      queue.remove(job);
      jobs.remove(job.id);
      store.delete(job.id);
      return true;
    }
  }

  private void work() {
    while (!closing) {
      Job job;
      try {
        job = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      run(job);
      try {
        afterEachJob.accept(job);
      } catch (RuntimeException e) {
        // The hook's trouble must not stop the queue.
      }
    }
  }

  private void run(Job job) {
    JobRun run = runs.get(job.kind);
    try {
      run.run(job, () -> closing);
    } catch (DreamCancelledException e) {
      if (closing && !job.cancelRequested) {
        // Stopping (SIGTERM): the step finished and its checkpoint (a video: its finished frames) is
        // saved; the next start continues it.
        recorder.requeueQuietly(job);
      } else {
        run.discard(job);
        recorder.finishQuietly(job, Job.Status.CANCELLED, null);
      }
    } catch (Exception | Error e) {
      if (closing && !job.cancelRequested && run.interruptedByStop()) {
        // Not the job's fault: the next start continues it.
        recorder.requeueQuietly(job);
        return;
      }
      run.discard(job);
      String m = run.errorText(job, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      recorder.finishQuietly(job, Job.Status.FAILED, m.lines().findFirst().orElse(m));
    }
  }

  /** Stops the worker: a running dream stops after its current step and stays queued for the next start. */
  @Override
  public void close() {
    closing = true;
    worker.interrupt();
    try {
      worker.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
