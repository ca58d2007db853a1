package dev.deepdream.visualize;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import dev.deepdream.batch.Manifest;
import dev.deepdream.batch.ManifestEntry;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An atlas folder: {@code layer/0007.png} per drawn channel (its settings, final objective and
 * top classes as PNG text), {@code manifest.jsonl} (the batch machinery's record, one line per
 * channel as it finishes: a rerun skips every channel whose latest line says done with the same
 * settings and model, when its picture is there), {@code atlas.json} ({@link Atlas}) and
 * {@code index.html} ({@link AtlasPage}). Every file is written whole under a temporary name and
 * renamed; {@code atlas.json} and the page are rewritten only when their bytes change, so a rerun
 * with nothing to draw leaves the folder as it was.
 */
public final class AtlasFolder {
  /** The atlas's index file. */
  public static final String JSON = "atlas.json";
  /** The atlas's page. */
  public static final String PAGE = "index.html";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

  private final Path dir;
  /** Entries already read from their pictures or drawn by this process, by key. */
  private final Map<String, Atlas.Entry> known = new HashMap<>();

  /** The atlas in {@code dir} (nothing is read or made until asked). */
  public AtlasFolder(Path dir) {
    this.dir = dir;
  }

  /** The folder. */
  public Path dir() {
    return dir;
  }

  /** Its manifest. */
  public Manifest manifest() {
    return Manifest.in(dir);
  }

  /** Where {@code ch}'s picture goes. */
  public Path file(AtlasChannel ch) {
    return dir.resolve(ch.file());
  }

  /**
   * Whether a manifest line says {@code ch} is finished with {@code settings} on the model whose
   * weights hash {@code modelSha256}, and its picture is there.
   */
  public boolean finished(ManifestEntry line, AtlasChannel ch, Map<String, String> settings, String modelSha256) {
    return line != null && line.done() && settings.equals(line.settings()) && ch.file().equals(line.output())
        && java.util.Objects.equals(modelSha256, line.inputSha256()) && Files.isRegularFile(file(ch));
  }

  /** The manifest line of a channel drawn (or failed: {@code error} not null). */
  public static ManifestEntry line(AtlasChannel ch, Map<String, String> settings, String modelSha256, long seed,
      long atlasSeed, double seconds, String error) {
    return new ManifestEntry(ch.key(), ch.key(), modelSha256, error == null ? ch.file() : null, settings, seed,
        atlasSeed, error == null ? "done" : "failed", Math.round(seconds * 1000) / 1000.0, error);
  }

  /** Writes a drawn channel's picture (its text metadata included) and keeps its entry for the index. */
  public void write(ChannelRenderer.Drawing d) throws IOException {
    Path out = file(d.channel());
    Files.createDirectories(out.getParent());
    ImageFiles.write(d.picture(), out, d.record(), 0.92f);
    known.put(d.channel().key(), entryOf(d.channel(), d.record()));
  }

  /**
   * The atlas the folder holds: every channel whose latest manifest line says done and whose
   * picture is there, in the order of {@code layers} (the model's layers with their channel
   * counts; layers in the manifest but not there come after), channel by channel.
   */
  public Atlas index(String model, String modelSource, List<String> notes, String head, long seed,
      Map<String, String> shared, Map<String, Integer> layers) throws IOException {
    Map<String, List<Atlas.Entry>> byLayer = new LinkedHashMap<>();
    layers.keySet().forEach(l -> byLayer.put(l, new ArrayList<>()));
    for (ManifestEntry line : manifest().read().values()) {
      if (!line.done() || line.output() == null || !Files.isRegularFile(dir.resolve(line.output()))) {
        continue;
      }
      Atlas.Entry e = known.get(line.relative());
      if (e == null) {
        e = entryOf(line, ImageFiles.readPngText(dir.resolve(line.output())));
        known.put(line.relative(), e);
      }
      byLayer.computeIfAbsent(e.layer(), k -> new ArrayList<>()).add(e);
    }
    List<Atlas.Layer> summary = new ArrayList<>();
    List<Atlas.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, List<Atlas.Entry>> l : byLayer.entrySet()) {
      List<Atlas.Entry> mine = l.getValue();
      mine.sort((a, b) -> Integer.compare(a.channel(), b.channel()));
      if (mine.isEmpty() && !layers.containsKey(l.getKey())) {
        continue;
      }
      int count = layers.getOrDefault(l.getKey(), mine.isEmpty() ? 0 : mine.get(mine.size() - 1).channel() + 1);
      summary.add(new Atlas.Layer(l.getKey(), count, mine.size()));
      entries.addAll(mine);
    }
    return new Atlas(Atlas.FORMAT, model, modelSource, notes, head, seed, shared, summary, entries);
  }

  private Atlas.Entry entryOf(AtlasChannel ch, Map<String, String> text) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (VisualizeParams.VisualizeParam p : VisualizeParams.ALL) {
      if (text.containsKey(p.name())) {
        settings.put(p.name(), text.get(p.name()));
      }
    }
    String loss = text.get("loss");
    return new Atlas.Entry(ch.layer(), ch.channel(), ch.key(), ch.file(), Long.parseLong(settings.getOrDefault("seed",
        "0")), settings, ChannelRenderer.parseClasses(text.get("top_classes")), loss == null ? null
        : Double.valueOf(loss));
  }

  private Atlas.Entry entryOf(ManifestEntry line, Map<String, String> text) {
    String key = line.relative();
    int colon = key.lastIndexOf(':');
    AtlasChannel ch = new AtlasChannel(key.substring(0, colon), Integer.parseInt(key.substring(colon + 1)));
    Map<String, String> merged = new LinkedHashMap<>(line.settings());
    merged.putAll(text);
    return entryOf(ch, merged);
  }

  /**
   * Writes {@code atlas.json} and {@code index.html} for {@code atlas}, each only when its bytes
   * differ from what is there; returns whether anything was written.
   */
  public boolean writeIndex(Atlas atlas) throws IOException {
    Files.createDirectories(dir);
    boolean wrote = writeIfChanged(dir.resolve(JSON), toJson(atlas));
    return writeIfChanged(dir.resolve(PAGE), AtlasPage.html(atlas)) | wrote;
  }

  private static boolean writeIfChanged(Path file, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
      return false;
    }
    AtomicFiles.write(file, tmp -> Files.write(tmp, bytes));
    return true;
  }

  /** {@code atlas} as the text of {@code atlas.json}. */
  public static String toJson(Atlas atlas) {
    return GSON.toJson(json(atlas)) + "\n";
  }

  /** {@code atlas} as JSON (what {@code atlas.json} and the page's data hold). */
  static JsonObject json(Atlas atlas) {
    JsonObject o = new JsonObject();
    o.addProperty("format", atlas.format());
    o.addProperty("model", atlas.model());
    o.addProperty("model_source", atlas.modelSource());
    o.add("notes", GSON.toJsonTree(atlas.notes()));
    o.add("head", atlas.head() == null ? JsonNull.INSTANCE : GSON.toJsonTree(atlas.head()));
    o.addProperty("seed", atlas.seed());
    o.add("settings", GSON.toJsonTree(atlas.settings()));
    JsonArray layers = new JsonArray();
    for (Atlas.Layer l : atlas.layers()) {
      JsonObject j = new JsonObject();
      j.addProperty("name", l.name());
      j.addProperty("channels", l.channels());
      j.addProperty("drawn", l.drawn());
      layers.add(j);
    }
    o.add("layers", layers);
    JsonArray entries = new JsonArray();
    for (Atlas.Entry e : atlas.entries()) {
      JsonObject j = new JsonObject();
      j.addProperty("model", atlas.model());
      j.addProperty("layer", e.layer());
      j.addProperty("channel", e.channel());
      j.addProperty("objective", e.objective());
      j.addProperty("file", e.file());
      j.addProperty("seed", e.seed());
      j.add("settings", GSON.toJsonTree(e.settings()));
      JsonArray top = new JsonArray();
      for (Heads.ClassScore s : e.topClasses()) {
        JsonObject c = new JsonObject();
        c.addProperty("class", s.label());
        c.addProperty("probability", s.probability());
        top.add(c);
      }
      j.add("top_classes", top);
      j.addProperty("loss", e.loss());
      entries.add(j);
    }
    o.add("entries", entries);
    return o;
  }

  /**
   * Reads {@code dir/atlas.json}.
   *
   * @throws BadOptionException when it is missing or is not an atlas
   */
  public static Atlas read(Path dir) throws IOException {
    Path file = dir.resolve(JSON);
    if (!Files.isRegularFile(file)) {
      throw new BadOptionException(dir + " holds no " + JSON + " (make one with deepdream atlas)");
    }
    try {
      JsonObject o = GSON.fromJson(Files.readString(file), JsonObject.class);
      java.lang.reflect.Type strings = new TypeToken<Map<String, String>>() {}.getType();
      List<Atlas.Layer> layers = new ArrayList<>();
      for (JsonElement l : o.getAsJsonArray("layers")) {
        JsonObject j = l.getAsJsonObject();
        layers.add(new Atlas.Layer(j.get("name").getAsString(), j.get("channels").getAsInt(),
            j.get("drawn").getAsInt()));
      }
      List<Atlas.Entry> entries = new ArrayList<>();
      for (JsonElement el : o.getAsJsonArray("entries")) {
        JsonObject j = el.getAsJsonObject();
        List<Heads.ClassScore> top = new ArrayList<>();
        for (JsonElement c : j.getAsJsonArray("top_classes")) {
          top.add(new Heads.ClassScore(c.getAsJsonObject().get("class").getAsInt(),
              c.getAsJsonObject().get("probability").getAsDouble()));
        }
        entries.add(new Atlas.Entry(j.get("layer").getAsString(), j.get("channel").getAsInt(),
            j.get("objective").getAsString(), j.get("file").getAsString(), j.get("seed").getAsLong(),
            GSON.fromJson(j.get("settings"), strings), top, j.get("loss").isJsonNull() ? null
            : j.get("loss").getAsDouble()));
      }
      List<String> notes = new ArrayList<>();
      o.getAsJsonArray("notes").forEach(n -> notes.add(n.getAsString()));
      return new Atlas(o.get("format").getAsString(), o.get("model").getAsString(),
          o.get("model_source").getAsString(), notes, o.get("head").isJsonNull() ? null : o.get("head").getAsString(),
          o.get("seed").getAsLong(), GSON.fromJson(o.get("settings"), strings), layers, entries);
    } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
        | NumberFormatException e) {
      throw new BadOptionException(file + " is not an atlas this program wrote (" + e.getMessage() + ")");
    }
  }
}
