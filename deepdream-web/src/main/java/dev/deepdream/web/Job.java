package dev.deepdream.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One dream request of the web UI and what became of it. Mutable, guarded by its own monitor;
 * persisted as {@code job.json} in the job's folder.
 */
public final class Job {
  /** Where a job is in its life. */
  public enum Status {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean finished() {
      return this == DONE || this == FAILED || this == CANCELLED;
    }
  }

  final String id;
  final long created;
  /** The settings as the codec records them (a guide or mask by its hash). */
  final Map<String, String> params;
  final String inputFile;
  /** Files of the guide photo and masks in the job's folder, named by their SHA-256. */
  final List<String> images = new ArrayList<>();
  Status status = Status.QUEUED;
  double progress;
  Float loss;
  String error;
  Long started;
  Long finished;
  Long etaMillis;
  int width;
  int height;
  String seed;
  volatile boolean cancelRequested;
  /** The latest preview event's data, replayed to late subscribers; not persisted. */
  volatile String lastPreview;

  Job(String id, long created, Map<String, String> params, String inputFile) {
    this.id = id;
    this.created = created;
    this.params = new LinkedHashMap<>(params);
    this.inputFile = inputFile;
  }

  public String id() {
    return id;
  }

  public synchronized Status status() {
    return status;
  }

  /** The job as the API shows it. */
  public synchronized Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("status", status.id());
    m.put("progress", progress);
    m.put("loss", loss);
    m.put("error", error);
    m.put("params", params);
    m.put("created", created);
    m.put("started", started);
    m.put("finished", finished);
    m.put("eta_ms", etaMillis);
    m.put("width", width);
    m.put("height", height);
    m.put("seed", seed);
    m.put("input_file", inputFile);
    m.put("images", images);
    return m;
  }
}
