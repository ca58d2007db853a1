package dev.deepdream.support;

import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.ImageRef;
import dev.deepdream.settings.DreamParams;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.Param;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** For each declared setting, settings that give it its example value (and what it needs to do something). */
public final class SettingsExamples {
  private SettingsExamples() {}

  /** Picture settings read from file paths, each remembered so recorded hashes can be looked up again. */
  public static final class RememberedFiles implements ImageSource {
    private final ImageSource files = ImageSource.files(ImageFiles.DEFAULT_MAX_PIXELS);
    private final Map<String, ImageRef> seen = new HashMap<>();

    @Override
    public ImageRef image(String param, String text) throws IOException {
      ImageRef r = files.image(param, text);
      seen.put(r.sha256(), r);
      return r;
    }

    /** The pictures read so far, looked up by the hashes settings record. */
    public ImageSource byHash() {
      return ImageSource.byHash(seen);
    }
  }

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
