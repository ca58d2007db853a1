package dev.deepdream.web;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Job records and files under the data folder: {@code jobs/ID/job.json}, the uploaded image as
 * {@code input.EXT} and the result as {@code result.png}. Names are generated here; nothing a
 * user typed reaches the file system.
 */
public final class JobStore {
  private static final Gson GSON = new GsonBuilder().serializeNulls().setPrettyPrinting().create();
  private final Path jobs;

  public JobStore(Path dataDir) throws IOException {
    this.jobs = dataDir.resolve("jobs");
    Files.createDirectories(jobs);
  }

  Path dir(String id) {
    if (!id.matches("[a-z0-9]{8,40}")) {
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
    Job j = new Job(o.get("id").getAsString(), o.get("created").getAsLong(), params, o.get("input_file").getAsString());
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
    return j;
  }

  void delete(String id) throws IOException {
    AtomicFiles.deleteTree(dir(id));
  }
}
