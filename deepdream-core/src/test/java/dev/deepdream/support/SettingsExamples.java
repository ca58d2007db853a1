package dev.deepdream.support;

import dev.deepdream.settings.DreamParams;
import dev.deepdream.settings.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** For each declared setting, settings that give it its example value (and what it needs to do something). */
public final class SettingsExamples {
  private SettingsExamples() {}

  /**
   * The text settings that set {@code p} to its example, with {@code {image}} replaced by
   * {@code image} (a file path or any picture reference the caller's ImageSource resolves).
   */
  public static Map<String, List<String>> of(Param p, String image) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String needed = p.requires();
    if (needed != null) {
      out.put(needed, List.of(DreamParams.get(needed).example().replace("{image}", image)));
    }
    out.put(p.name(), List.of(p.example().replace("{image}", image)));
    return out;
  }
}
