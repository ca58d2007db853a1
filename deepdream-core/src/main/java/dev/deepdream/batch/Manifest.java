package dev.deepdream.batch;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Numbers;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's record, {@code OUTDIR/manifest.jsonl}: one JSON object per finished input, appended
 * and forced to disk as each finishes, so a crash loses at most the line being written. Reading
 * ignores a line that does not parse (the torn last line of a crash) and keeps the latest line
 * per input.
 */
public final class Manifest implements Closeable {
  /** The manifest's file name in the output folder. */
  public static final String FILE_NAME = "manifest.jsonl";

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
  private static final java.lang.reflect.Type SETTINGS = new TypeToken<Map<String, String>>() {}.getType();

  private final Path file;
  private final Path outDir;
  private FileChannel channel;

  private Manifest(Path file) {
    this.file = file;
    this.outDir = file.toAbsolutePath().getParent();
  }

  /** The manifest of an output folder (nothing is opened until the first line is appended). */
  public static Manifest in(Path outDir) {
    return new Manifest(outDir.resolve(FILE_NAME));
  }

  /** Its file. */
  public Path file() {
    return file;
  }

  /** The latest line per input (by relative path), in the order inputs first appear; empty when there is no file. */
  public Map<String, ManifestEntry> read() throws IOException {
    Map<String, ManifestEntry> out = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : rawLines()) {
      ManifestEntry e = parse(line);
      if (e != null) {
        out.put(e.relative(), e);
      }
    }
    return out;
  }

  /** The batch seed of the latest line, or null when there is none (a rerun without --seed reuses it). */
  public Long lastBatchSeed() throws IOException {
    Long seed = null;
    for (ManifestEntry e : read().values()) {
      seed = e.batchSeed();
    }
    return seed;
  }

  /**
   * The batch's seed S: {@code given} (the seed setting's text) when there is one, else the one an
   * earlier run recorded here (so a rerun matches it), else a random one.
   *
   * @throws BadOptionException when {@code given} is not a whole number
   */
  public long batchSeed(String given) throws IOException {
    if (given != null) {
      return Numbers.parseLong("seed", given);
    }
    Long recorded = lastBatchSeed();
    return recorded != null ? recorded : new SecureRandom().nextLong();
  }

  /** A line as an entry, or null when it is not a whole manifest line. */
  static ManifestEntry parse(String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      JsonObject o = GSON.fromJson(line, JsonObject.class);
      if (o == null || !o.has("relative") || !o.has("status")) {
        return null;
      }
      Map<String, String> settings = o.has("settings") && o.get("settings").isJsonObject()
          ? GSON.fromJson(o.get("settings"), SETTINGS) : Map.of();
      return new ManifestEntry(text(o, "input"), text(o, "relative"), text(o, "input_sha256"), text(o, "output"),
          settings, o.get("seed").getAsLong(), o.get("batch_seed").getAsLong(), text(o, "status"),
          o.get("seconds").getAsDouble(), text(o, "error"));
    } catch (JsonParseException | IllegalStateException | NullPointerException | NumberFormatException
        | UnsupportedOperationException e) {
      return null;
    }
  }

  private static String text(JsonObject o, String key) {
    return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
  }

  /** The line an outcome makes. */
  public ManifestEntry entryOf(BatchOutcome o) {
    BatchItem item = o.item();
    String output = null;
    if (o.output() != null) {
      Path abs = o.output().toAbsolutePath().normalize();
      output = (abs.startsWith(outDir.normalize()) ? outDir.normalize().relativize(abs) : abs).toString()
          .replace('\\', '/');
    }
    return new ManifestEntry(item.input().toString(), item.relativePath(), o.inputSha256(), output, o.settings(),
        item.seed(), item.batchSeed(), o.status().id(), Math.round(o.seconds() * 1000) / 1000.0, o.error());
  }

  /** Appends one line and forces it to disk. */
  public synchronized void append(ManifestEntry e) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("input", e.input());
    json.put("relative", e.relative());
    json.put("input_sha256", e.inputSha256());
    json.put("output", e.output());
    json.put("settings", e.settings());
    json.put("seed", e.seed());
    json.put("batch_seed", e.batchSeed());
    json.put("status", e.status());
    json.put("seconds", e.seconds());
    json.put("error", e.error());
    if (channel == null) {
      channel = open();
    }
    ByteBuffer bytes = ByteBuffer.wrap((GSON.toJson(json) + "\n").getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    channel.force(false);
  }

  /** Opens for appending; a torn last line gets its newline first, so the next line stays whole. */
  private FileChannel open() throws IOException {
    Files.createDirectories(outDir);
    boolean torn = false;
    if (Files.exists(file) && Files.size(file) > 0) {
      try (FileChannel r = FileChannel.open(file, StandardOpenOption.READ)) {
        ByteBuffer last = ByteBuffer.allocate(1);
        r.read(last, r.size() - 1);
        torn = last.get(0) != '\n';
      }
    }
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    if (torn) {
      ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
    }
    return ch;
  }

  /** A sink that appends the line of every input dreamed or failed (a skipped one keeps its line). */
  public BatchSink sink() {
    return o -> {
      if (o.status() != BatchOutcome.Status.SKIPPED) {
        append(entryOf(o));
      }
    };
  }

  /** Every line of the file that parses, in order (for tests and tools). */
  public List<ManifestEntry> lines() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return rawLines().stream().map(Manifest::parse)
        .filter(java.util.Objects::nonNull).toList();
  }

  /** The file's lines; bytes a crash cut mid-character decode as replacement characters, not an error. */
  private List<String> rawLines() throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
