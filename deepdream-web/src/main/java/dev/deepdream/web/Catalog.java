package dev.deepdream.web;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.LayerNames;
import dev.deepdream.dream.Presets;
import dev.deepdream.engine.EngineReport;
import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.KnownModels;
import dev.deepdream.model.ModelInfo;
import dev.deepdream.model.ModelStore;
import dev.deepdream.settings.DreamParams;
import dev.deepdream.settings.Param;
import dev.deepdream.settings.Setting;
import dev.deepdream.video.VideoParams;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the page builds its controls from: the models and their layers, the presets, every dream,
 * video and atlas setting as the CLI declares it, this server's video and batch limits, and the
 * engine check.
 */
final class Catalog {
  private final DeepDream dreamer;
  private final ServerSettings.VideoLimits video;
  private final ServerSettings.BatchLimits batch;

  Catalog(DeepDream dreamer, ServerSettings.VideoLimits video, ServerSettings.BatchLimits batch) {
    this.dreamer = dreamer;
    this.video = video;
    this.batch = batch;
  }

  /** {@code GET /api/models}. */
  void models(Context ctx) throws IOException {
    Replies.json(ctx, 200, models());
  }

  /** {@code GET /api/models/{name}/layers}. */
  void layers(Context ctx) throws IOException {
    String name = ctx.pathParam("name");
    Map<String, Object> m = models().stream().filter(x -> x.get("name").equals(name)).findFirst().orElse(null);
    if (m == null) {
      Replies.error(ctx, 404, "no model " + name);
      return;
    }
    Replies.json(ctx, 200, m.get("layers"));
  }

  /** {@code GET /api/presets}: each preset with what it looks like and its settings. */
  void presets(Context ctx) {
    List<Map<String, String>> list = new ArrayList<>();
    for (Presets.Preset p : Presets.all().values()) {
      list.add(Map.of("name", p.name(), "looks", p.looks(), "settings", Presets.describe(p.name())));
    }
    Replies.json(ctx, 200, list);
  }

  /** {@code GET /api/params}: every dream setting as the page builds its controls from it: the codec's declarations. */
  void params(Context ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Param p : DreamParams.ALL) {
      Map<String, Object> m = declaration(p);
      m.put("objective_per_picture", p.objectivePerPicture());
      m.put("requires", p.requires());
      out.add(m);
    }
    Replies.json(ctx, 200, out);
  }

  /** What the page builds a control from, the same for a dream setting and a video setting. */
  static Map<String, Object> declaration(Setting p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
    m.put("group", p.group());
    m.put("label", p.label());
    m.put("help", p.help());
    m.put("default", p.defaultText());
    if (p.range() != null) {
      m.put("min", p.range().min());
      m.put("max", p.range().max());
      m.put("integer", p.range().integer());
    }
    m.put("choices", p.choices());
    m.put("repeatable", p.repeatable());
    return m;
  }

  /**
   * {@code GET /api/video-params}: the video settings as the page builds its controls from them
   * ({@link VideoParams#ALL}), with the preset a video dreams with when none is chosen and this
   * server's video limits.
   */
  void videoParams(Context ctx) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (VideoParams.VideoParam p : VideoParams.ALL) {
      list.add(declaration(p));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("params", list);
    out.put("default_preset", VideoUploads.DEFAULT_PRESET);
    out.put("max_frames", video.maxFrames());
    out.put("max_upload_bytes", video.maxUploadBytes());
    Replies.json(ctx, 200, out);
  }

  /**
   * {@code GET /api/atlas-params}: the settings of an atlas drawn on request as the Atlas tab builds
   * its form from them ({@link AtlasSettings}), with the atlas's defaults.
   */
  void atlasParams(Context ctx) {
    Replies.json(ctx, 200, AtlasSettings.declarations());
  }

  /** {@code GET /api/batch-limits}: this server's batch limits, for the page's Batch tab. */
  void batchLimits(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("max_files", batch.maxFiles());
    out.put("max_upload_bytes", batch.maxUploadBytes());
    out.put("max_unpacked_bytes", batch.maxUnpackedBytes());
    Replies.json(ctx, 200, out);
  }

  /** {@code GET /api/engine}: the engine check of the default model: the CPU, each plan tried and the plan chosen. */
  void engine(Context ctx) {
    String model = KnownModels.DEFAULT;
    EngineReport r = dreamer.checkedEngine(model); // never runs a check
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", model);
    m.put("checked", r != null);
    if (r != null) {
      m.put("engine", r.key().engine());
      m.put("cpu", r.cpu());
      m.put("plan", r.passed() ? r.chosen().name() : null);
      m.put("checked_at", r.checkedAt());
      m.put("seconds", r.seconds());
      m.put("lines", r.describe());
    }
    Replies.json(ctx, 200, m);
  }

  /** The known and cached models, each with its dreamable layers and a hint of what each depth gives. */
  private List<Map<String, Object>> models() throws IOException {
    ModelStore ms = dreamer.store();
    List<String> names = new ArrayList<>(KnownModels.names());
    for (ModelStore.Entry e : ms.list()) {
      if (!names.contains(e.name())) {
        names.add(e.name());
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (String n : names) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", n);
      boolean cached = ms.isCached(n);
      m.put("cached", cached);
      ModelInfo info = cached ? ms.info(n) : KnownModels.info(n);
      ModelInfo known = KnownModels.info(n);
      ModelInfo shown = known != null ? known : info;
      m.put("description", shown.description());
      m.put("default_layers", shown.defaultLayers());
      m.put("source", info.source());
      m.put("quantized", info.quantized());
      m.put("imagenet_up_to", info.imagenetUpTo());
      List<Map<String, String>> layers = new ArrayList<>();
      if (cached) {
        KerasGraph g = ms.graph(n);
        List<String> dreamable = LayerNames.dreamable(g, shown);
        for (int i = 0; i < dreamable.size(); i++) {
          Map<String, String> l = new LinkedHashMap<>();
          l.put("name", dreamable.get(i));
          double depth = (double) i / Math.max(1, dreamable.size() - 1);
          l.put("hint", depth < 0.3 ? "shallow: strokes, edges and textures"
              : depth < 0.6 ? "middle: patterns, eyes, swirls" : "deep: object parts, animals, buildings");
          layers.add(l);
        }
      }
      m.put("layers", layers);
      out.add(m);
    }
    return out;
  }
}
