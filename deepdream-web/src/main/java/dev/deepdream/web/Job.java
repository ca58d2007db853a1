package dev.deepdream.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One dream request of the web UI and what became of it: a photo, a video clip dreamed frame by
 * frame, a batch of photos (a zip) dreamed one by one, or an atlas drawn channel by channel.
 * Mutable, guarded by its own monitor; persisted as {@code job.json} in the job's folder.
 */
final class Job {
  /** What a job dreams on, with what the answers about a job of that kind say and show. */
  enum Kind {
    PHOTO("a photo dream", true, false),
    VIDEO("a video", true, false),
    BATCH("a batch", false, true),
    /** Channels drawn into one of the server's atlases ({@link Atlases}): no upload, no result file of its own. */
    ATLAS("an atlas", false, true);

    /** The kind in a sentence: "job ID is a batch". */
    final String noun;
    /** Whether the job keeps one upload, which {@code GET /api/jobs/{id}/input} serves (a photo, a clip). */
    final boolean servesInput;
    /** Whether the job works through items one by one (a batch's pictures, an atlas's channels). */
    final boolean itemized;

    Kind(String noun, boolean servesInput, boolean itemized) {
      this.noun = noun;
      this.servesInput = servesInput;
      this.itemized = itemized;
    }

    String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Where a job is in its life. */
  enum Status {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean finished() {
      return this == DONE || this == FAILED || this == CANCELLED;
    }
  }

  final String id;
  final Kind kind;
  final long created;
  /** The settings as the codec records them (a guide or mask by its hash). */
  final Map<String, String> params;
  final String inputFile;
  /** Files of the guide photo and masks in the job's folder, named by their SHA-256. */
  final List<String> images = new ArrayList<>();
  /** A video job's video settings as {@link dev.deepdream.video.VideoParams#encode} writes them; empty for a photo. */
  final Map<String, String> video;
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
  /** A video's frame count (as the clip yields them with its settings). */
  int frames;
  /** Video: the frames finished so far. */
  int framesDone;
  /** Video: the frame being dreamed (or the last one, when finished). */
  int frame;
  /** Video: the frames that were already finished when the latest run started (a resumed job: more than 0). */
  int resumedFrom;
  /** Video: how long the latest frame took. */
  Long frameMillis;
  /** Batch: the pictures in the zip (an atlas: its channels). */
  int items;
  /** Batch: the pictures finished so far (dreamed, skipped as done by an earlier run, or failed). */
  int itemsDone;
  /** Batch: the picture being dreamed, 1-based (or the last one, when finished). */
  int item;
  /** Batch: its path in the zip (an atlas: the channel's objective, {@code mixed3:7}). */
  String itemName;
  /** Batch: pictures an earlier run had finished, skipped by this one (an atlas: channels drawn before). */
  int skipped;
  /** Batch: the pictures that could not be dreamed, each {@code {"relative", "error"}}, in order. */
  final List<Map<String, String>> failures = new ArrayList<>();
  volatile boolean cancelRequested;
  /** The latest preview event's data, replayed to late subscribers; not persisted. */
  volatile String lastPreview;
  /** A video's latest frame event's data, replayed to late subscribers; not persisted. */
  volatile String lastFrame;
  /** A batch's latest item event's data, replayed to late subscribers; not persisted. */
  volatile String lastItem;

  /** A photo job. */
  Job(String id, long created, Map<String, String> params, String inputFile) {
    this(id, Kind.PHOTO, created, params, Map.of(), inputFile);
  }

  Job(String id, Kind kind, long created, Map<String, String> params, Map<String, String> video, String inputFile) {
    this.id = id;
    this.kind = kind;
    this.created = created;
    this.params = new LinkedHashMap<>(params);
    this.video = new LinkedHashMap<>(video);
    this.inputFile = inputFile;
  }

  String id() {
    return id;
  }

  synchronized Status status() {
    return status;
  }

  Kind kind() {
    return kind;
  }

  /** The job as the API shows it. */
  synchronized Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("kind", kind.id());
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
    if (kind == Kind.VIDEO) {
      m.put("video", video);
      m.put("frames", frames);
      m.put("frames_done", framesDone);
      m.put("frame", frame);
      m.put("resumed_from", resumedFrom);
      m.put("frame_ms", frameMillis);
    }
    if (kind.itemized) {
      m.put("items", items);
      m.put("items_done", itemsDone);
      m.put("item", item);
      m.put("item_name", itemName);
      m.put("skipped", skipped);
      m.put("failed", failures.size());
      List<Map<String, String>> copy = new ArrayList<>();
      failures.forEach(f -> copy.add(new LinkedHashMap<>(f)));
      m.put("failures", copy);
    }
    return m;
  }
}
