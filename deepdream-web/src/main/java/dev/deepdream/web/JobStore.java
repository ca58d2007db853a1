package dev.deepdream.web;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.ImageRef;
import dev.deepdream.io.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Job records and files under the data folder: {@code jobs/ID/job.json}, the uploaded image as
 * {@code input.EXT} and the result as {@code result.png}; a video job's clip is {@code input.EXT}
 * too, its dreamed frames so far are in {@code frames/} (the render's work folder, deleted when the
 * MP4 is written), the latest frame is {@code frame.png} and the result {@code result.mp4}; a batch
 * job's pictures are unpacked into {@code inputs/}, dreamed into {@code outputs/} (with the batch's
 * {@code manifest.jsonl}) and zipped into {@code result.zip} when it ends; an atlas job keeps only its
 * record, as it draws into one of the server's atlases ({@link Atlases}).
 * Names are generated here; nothing a user typed reaches the file system.
 */
final class JobStore {
  /** What a job id looks like ({@link #newId}); anything else in a path is no job. */
  static final String ID = "[a-z0-9]{8,40}";
  private static final Gson GSON = new GsonBuilder().serializeNulls().setPrettyPrinting().create();
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Path jobs;

  JobStore(Path dataDir) throws IOException {
    this.jobs = dataDir.resolve("jobs");
    Files.createDirectories(jobs);
  }

  /** A new job id: the time in base 36 and 8 random bytes, so ids sort by age and cannot be guessed. */
  static String newId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return Long.toString(System.currentTimeMillis(), 36) + HexFormat.of().formatHex(b);
  }

  Path dir(String id) {
    if (!id.matches(ID)) {
      throw new IllegalArgumentException("bad job id");
    }
    return jobs.resolve(id);
  }

  Path input(Job job) {
    return dir(job.id).resolve(job.inputFile);
  }

  /** Where a running job keeps the checkpoint it continues from after a restart. */
  Path checkpoint(String id) {
    return dir(id).resolve("checkpoint.bin");
  }

  Path result(String id) {
    return dir(id).resolve("result.png");
  }

  /** A video job's result. */
  Path videoResult(String id) {
    return dir(id).resolve("result.mp4");
  }

  /** A batch job's result: a zip of its outputs and manifest. */
  Path batchResult(String id) {
    return dir(id).resolve("result.zip");
  }

  /** A batch job's pictures, unpacked from its zip at their paths in it. */
  Path batchInputs(String id) {
    return dir(id).resolve("inputs");
  }

  /** A batch job's dreamed pictures, at their inputs' paths, and its manifest ({@code manifest.jsonl}). */
  Path batchOutputs(String id) {
    return dir(id).resolve("outputs");
  }

  /** The result of a job of any kind; null for an atlas, whose pictures are its atlas's ({@link Atlases}). */
  Path result(Job job) {
    return switch (job.kind) {
      case VIDEO -> videoResult(job.id);
      case BATCH -> batchResult(job.id);
      case PHOTO -> result(job.id);
      case ATLAS -> null;
    };
  }

  /** A video job's work folder: the dreamed frames and the render's record, which a restarted render continues. */
  Path frames(String id) {
    return dir(id).resolve("frames");
  }

  /** A video job's latest dreamed frame (overwritten atomically with each one). */
  Path lastFrame(String id) {
    return dir(id).resolve("frame.png");
  }

  /** The job's guide and mask pictures, by hash. */
  Map<String, ImageRef> images(Job job) throws IOException {
    Map<String, ImageRef> out = new LinkedHashMap<>();
    for (String file : job.images) {
      ImageRef ref = ImageRef.read(dir(job.id).resolve(file), ImageFiles.DEFAULT_MAX_PIXELS);
      out.put(ref.sha256(), ref);
    }
    return out;
  }

  /** {@code text} without the job folder's path: a message names the job's files as the user knows them. */
  String withoutFolder(Job job, String text) {
    return text.replace(dir(job.id).toAbsolutePath() + File.separator, "");
  }

  /** Writes the job record atomically. */
  void save(Job job) throws IOException {
    Path d = dir(job.id);
    Files.createDirectories(d);
    String json = GSON.toJson(job.toMap());
    AtomicFiles.write(d.resolve("job.json"), tmp -> Files.writeString(tmp, json, StandardCharsets.UTF_8));
  }

  /** Every job on disk, oldest first. */
  List<Job> loadAll() throws IOException {
    List<Job> out = new ArrayList<>();
    Map<Path, RuntimeException> damaged = new LinkedHashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(jobs)) {
      for (Path d : dirs) {
        Path f = d.resolve("job.json");
        if (!Files.isRegularFile(f)) {
          continue;
        }
        try {
          out.add(fromJson(JsonParser.parseString(Files.readString(f)).getAsJsonObject()));
        } catch (RuntimeException e) {
          damaged.put(d, e);
        }
      }
    }
    for (Map.Entry<Path, RuntimeException> e : damaged.entrySet()) {
      quarantine(e.getKey(), e.getValue());
    }
    out.sort(Comparator.comparingLong(j -> j.created));
    return out;
  }

  /**
   * A record that does not load (written by hand, a disk fault; atomic writes rule out torn ones)
   * is moved aside with a message, not fatal: the rest of the gallery still loads.
   */
  private void quarantine(Path jobDir, RuntimeException why) throws IOException {
    Path aside = jobs.resolveSibling("quarantine").resolve(jobDir.getFileName());
    Files.createDirectories(aside.getParent());
    AtomicFiles.deleteTree(aside);
    Files.move(jobDir, aside);
    System.err.println("deepdream: the record of job " + jobDir.getFileName() + " does not load (" + why.getMessage()
        + "); moved to " + aside);
  }

  private static Job fromJson(JsonObject o) {
    Map<String, String> params = new LinkedHashMap<>();
    o.getAsJsonObject("params").entrySet().forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
    // Records written before video jobs have no kind: photos.
    Job.Kind kind = o.has("kind") ? Job.Kind.valueOf(o.get("kind").getAsString().toUpperCase(java.util.Locale.ROOT))
        : Job.Kind.PHOTO;
    Map<String, String> video = new LinkedHashMap<>();
    if (o.has("video") && o.get("video").isJsonObject()) {
      o.getAsJsonObject("video").entrySet().forEach(e -> video.put(e.getKey(), e.getValue().getAsString()));
    }
    Job j = new Job(o.get("id").getAsString(), kind, o.get("created").getAsLong(), params, video,
        o.get("input_file").getAsString());
    j.status = Job.Status.valueOf(o.get("status").getAsString().toUpperCase(java.util.Locale.ROOT));
    j.progress = o.get("progress").getAsDouble();
    j.loss = o.get("loss").isJsonNull() ? null : o.get("loss").getAsFloat();
    j.error = o.get("error").isJsonNull() ? null : o.get("error").getAsString();
    j.started = o.get("started").isJsonNull() ? null : o.get("started").getAsLong();
    j.finished = o.get("finished").isJsonNull() ? null : o.get("finished").getAsLong();
    j.width = o.get("width").getAsInt();
    j.height = o.get("height").getAsInt();
    j.seed = o.get("seed").isJsonNull() ? null : o.get("seed").getAsString();
    if (o.has("images")) {
      o.getAsJsonArray("images").forEach(e -> j.images.add(e.getAsString()));
    }
    if (kind == Job.Kind.VIDEO) {
      j.frames = intOr(o, "frames");
      j.framesDone = intOr(o, "frames_done");
      j.frame = intOr(o, "frame");
      j.resumedFrom = intOr(o, "resumed_from");
      j.frameMillis = o.has("frame_ms") && !o.get("frame_ms").isJsonNull() ? o.get("frame_ms").getAsLong() : null;
    }
    if (kind.itemized) {
      j.items = intOr(o, "items");
      j.itemsDone = intOr(o, "items_done");
      j.item = intOr(o, "item");
      j.itemName = o.has("item_name") && !o.get("item_name").isJsonNull() ? o.get("item_name").getAsString() : null;
      j.skipped = intOr(o, "skipped");
      if (o.has("failures") && o.get("failures").isJsonArray()) {
        o.getAsJsonArray("failures").forEach(e -> {
          Map<String, String> f = new LinkedHashMap<>();
          e.getAsJsonObject().entrySet().forEach(x -> f.put(x.getKey(), x.getValue().isJsonNull() ? null
              : x.getValue().getAsString()));
          j.failures.add(f);
        });
      }
    }
    return j;
  }

  private static int intOr(JsonObject o, String key) {
    return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsInt() : 0;
  }

  void delete(String id) throws IOException {
    AtomicFiles.deleteTree(dir(id));
  }
}
