package dev.deepdream.video;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A render's record ({@link FrameFiles#RECORD} in its frame folder): the clip's path and hash, the
 * size, the frame count and every setting. Two records are of the same render when all but the
 * clip's path match (the hash names the clip), so a clip copied elsewhere, as each machine of a
 * cluster may, continues the render.
 */
public final class RenderRecords {
  /** The record's key for the clip's path. */
  static final String INPUT = "input";
  private static final Gson GSON = new Gson();

  private RenderRecords() {}

  /** The record in frame folder {@code dir}; empty when there is none or it does not parse. */
  public static Map<String, String> read(Path dir) throws IOException {
    Path file = dir.resolve(FrameFiles.RECORD);
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      Map<String, String> m = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
          new TypeToken<LinkedHashMap<String, String>>() {}.getType());
      return m == null ? Map.of() : m;
    } catch (JsonParseException e) {
      return Map.of();
    }
  }

  /** Whether two records are of the same render: all but the clip's path match. */
  public static boolean sameRender(Map<String, String> old, Map<String, String> now) {
    Map<String, String> a = new LinkedHashMap<>(old);
    Map<String, String> b = new LinkedHashMap<>(now);
    a.remove(INPUT);
    b.remove(INPUT);
    return a.equals(b);
  }

  /** The first setting two records of different renders differ in, for the user. */
  static String firstDifference(Map<String, String> old, Map<String, String> now) {
    for (String k : now.keySet()) {
      if (!k.equals(INPUT) && !now.get(k).equals(old.get(k))) {
        return k + " was " + (old.containsKey(k) ? "'" + old.get(k) + "'" : "unset") + ", now '" + now.get(k) + "'";
      }
    }
    for (String k : old.keySet()) {
      if (!k.equals(INPUT) && !now.containsKey(k)) {
        return k + " was '" + old.get(k) + "', now unset";
      }
    }
    return "a different record";
  }
}
