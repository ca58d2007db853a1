package dev.deepdream.visualize;

import dev.deepdream.batch.Manifest;
import dev.deepdream.batch.ManifestEntry;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamCancelledException;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.DreamProgress;
import dev.deepdream.dream.Objective;
import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.LayerShapes;
import dev.deepdream.model.LoadedModel;
import dev.deepdream.model.ModelInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws an atlas into its folder on this machine, resumably: channels a manifest line says are
 * finished (same settings, same model weights, picture there) are skipped without loading
 * anything more; each drawn channel is written and recorded as it finishes, so a stopped run loses
 * at most the channel it was drawing; {@code atlas.json} and the page are refreshed as it goes and
 * at the end. One failed channel is recorded and the rest go on. Knows nothing of command lines:
 * the CLI drives it, and a Spark job uses its pieces ({@link #pending}, {@link #index}).
 */
public final class AtlasRunner {
  /** How often the index is refreshed during a run: after this many drawn channels. */
  private static final int REFRESH_EVERY = 16;

  private final DeepDream dreamer;
  private final AtlasFolder folder;

  /** A runner drawing with {@code dreamer} into {@code folder}. */
  public AtlasRunner(DeepDream dreamer, AtlasFolder folder) {
    this.dreamer = dreamer;
    this.folder = folder;
  }

  /** Sees an atlas run as it goes. */
  public interface Listener {
    /** Channel {@code index} (0-based) of {@code total} to draw is starting. */
    default void starting(AtlasChannel ch, int index, int total) {}

    /** A step of the current channel. */
    default void step(AtlasChannel ch, DreamProgress progress) {}

    /** A channel is drawn ({@code error} null) or failed. */
    default void finished(AtlasChannel ch, double seconds, String error) {}

    /** Checked between steps: true stops the run (finished channels stay recorded). */
    default boolean isCancelled() {
      return false;
    }
  }

  /**
   * What a run did.
   *
   * @param drawn channels drawn
   * @param skipped channels an earlier run finished
   * @param failed each failed channel's key and error
   */
  public record Summary(int drawn, int skipped, Map<String, String> failed) {
    @Override
    public String toString() {
      return drawn + " drawn, " + skipped + " skipped (done before), " + failed.size() + " failed";
    }
  }

  /**
   * The channels of {@code plan} still to draw: those without a finished manifest line for their
   * settings on the model whose weights hash {@code modelSha256}, or all with {@code force}.
   */
  public List<AtlasChannel> pending(AtlasPlan plan, String modelSha256, boolean force) throws IOException {
    Map<String, ManifestEntry> lines = folder.manifest().read();
    List<AtlasChannel> out = new ArrayList<>();
    for (AtlasChannel ch : plan.channels()) {
      if (force || !folder.finished(lines.get(ch.key()), ch, plan.settingsFor(ch), modelSha256)) {
        out.add(ch);
      }
    }
    return out;
  }

  /**
   * Checks an atlas against its folder before anything is drawn: the folder must be a folder, and
   * hold no other model's atlas.
   *
   * @throws BadOptionException naming the problem
   */
  public void checkFolder(String model) throws IOException {
    if (java.nio.file.Files.exists(folder.dir()) && !java.nio.file.Files.isDirectory(folder.dir())) {
      throw new BadOptionException("output " + folder.dir() + " is a file, not a folder");
    }
    for (ManifestEntry e : folder.manifest().read().values()) {
      String other = e.settings().get("model");
      if (other != null && !other.equals(model)) {
        throw new BadOptionException(folder.dir() + " holds an atlas of model " + other + ", not " + model
            + "; give another folder");
      }
    }
  }

  /**
   * Draws every pending channel of {@code plan} (all with {@code force}), then writes the index.
   *
   * @throws DreamCancelledException when the listener cancels
   */
  public Summary run(AtlasPlan plan, boolean force, Listener listener) throws IOException {
    checkFolder(plan.base().model());
    // The graph and description only: a run with nothing to draw compiles no network.
    LoadedModel model = dreamer.store().load(plan.base().model());
    String sha = model.info().sha256();
    List<AtlasChannel> todo = pending(plan, sha, force);
    if (!todo.isEmpty()) {
      new Visualizer(dreamer).check(plan.configFor(todo.get(0))); // a bad setting fails once, not per channel
    }
    ChannelRenderer renderer = new ChannelRenderer(dreamer);
    Map<String, String> failed = new LinkedHashMap<>();
    int drawn = 0;
    try (Manifest manifest = folder.manifest()) {
      for (int i = 0; i < todo.size(); i++) {
        AtlasChannel ch = todo.get(i);
        listener.starting(ch, i, todo.size());
        long start = System.nanoTime();
        String error = null;
        VisualizeConfig config = plan.configFor(ch);
        try {
          folder.write(renderer.draw(config, ch, new DreamListener() {
            @Override
            public void onStep(DreamProgress p) {
              listener.step(ch, p);
            }

            @Override
            public boolean isCancelled() {
              return listener.isCancelled();
            }
          }));
          drawn++;
        } catch (DreamCancelledException e) {
          throw e;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
          error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
          failed.put(ch.key(), error);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        manifest.append(AtlasFolder.line(ch, VisualizeParams.encode(config), sha, config.seed(), plan.seed(), seconds,
            error));
        listener.finished(ch, seconds, error);
        if (error == null && drawn % REFRESH_EVERY == 0) {
          folder.writeIndex(index(plan, model.graph(), model.info()));
        }
      }
    } finally {
      folder.writeIndex(index(plan, model.graph(), model.info()));
    }
    return new Summary(drawn, plan.channels().size() - todo.size(), failed);
  }

  /** The atlas the folder holds after drawing {@code plan} on the model of {@code graph} and {@code info}. */
  public Atlas index(AtlasPlan plan, KerasGraph graph, ModelInfo info) throws IOException {
    Map<String, Integer> layers = new LinkedHashMap<>();
    Map<String, int[]> shapes = LayerShapes.infer(graph, graph.nativeSide(299), graph.nativeSide(299));
    for (AtlasChannel ch : plan.channels()) {
      layers.computeIfAbsent(ch.layer(), l -> shapes.get(l)[shapes.get(l).length - 1]);
    }
    String head = Heads.find(graph);
    Map<String, String> shared = VisualizeParams.encode(plan.base().toBuilder().objective(null).seed(null).build());
    return folder.index(plan.base().model(), info.source(), notes(plan, info, head == null ? 0
        : shapes.get(head)[0], head), head, plan.seed(), shared, layers);
  }

  /** What a reader must know: the model's fine-tuned layers, and what its head's classes are. */
  private List<String> notes(AtlasPlan plan, ModelInfo info, int classes, String head) throws IOException {
    List<String> out = new ArrayList<>();
    List<Objective> means = new ArrayList<>();
    plan.channels().stream().map(AtlasChannel::layer).distinct().forEach(l -> means.add(Objective.mean(l)));
    for (String n : dreamer.notices(DreamConfig.builder().model(plan.base().model()).objective(Objective.sum(means))
        .build())) {
      out.add(n.replaceFirst("^note: ", "").replace("this dream uses", "this atlas draws"));
    }
    if (head != null) {
      out.add("top classes: the " + classes + " classes of the model's head " + head + (info.imagenetUpTo() != null
          ? ", which was fine-tuned for another task: they are not ImageNet's classes" : ""));
    }
    return out;
  }
}
