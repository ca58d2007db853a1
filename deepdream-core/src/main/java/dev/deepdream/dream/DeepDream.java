package dev.deepdream.dream;

import dev.deepdream.engine.EngineChecks;
import dev.deepdream.engine.EngineReport;
import dev.deepdream.image.Colors;
import dev.deepdream.image.FloatImage;
import dev.deepdream.image.Picture;
import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.LoadedModel;
import dev.deepdream.model.ModelInfo;
import dev.deepdream.model.ModelStore;
import dev.deepdream.model.Network;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one entry point of the library: give it a picture and a {@link DreamConfig}, get a
 * {@link DreamResult} that records how it was made. It loads models from a {@link ModelStore}
 * and keeps each one it compiled until closed. DJL's gradient collector is global to the JVM, so
 * dreams run one at a time: concurrent callers wait their turn.
 *
 * <pre>{@code
 * try (DeepDream dd = new DeepDream(ModelStore.standard(ModelStore.Listener.silent()))) {
 *   DreamConfig config = DreamConfig.builder()
 *       .objective(Objective.channels("mixed4", 97).plus(Objective.mean("mixed3")))
 *       .transforms(List.of(Transform.jitter(16))).seed(1L).build();
 *   DreamResult result = dd.dream(photo, config, DreamListener.none());
 * }
 * }</pre>
 */
public final class DeepDream implements AutoCloseable {
  private final ModelStore store;
  private final Object computeLock = new Object();
  /** Compiled networks by model name; kept until close, since a dream may be using any of them. */
  private final Map<String, Network> networks = new HashMap<>();
  /** The engine check behind each compiled network. */
  private final Map<String, EngineReport> reports = new HashMap<>();
  /** Each model's graph and description, for checking settings without waiting for a dream. */
  private final Map<String, ModelView> views = new HashMap<>();

  /**
   * A model's graph and description, without its compiled network: resolving and validating
   * settings need only these, so they never wait for a dream in progress or an engine check.
   */
  private record ModelView(KerasGraph graph, ModelInfo info, Map<String, Integer> minimumSides) {
    ModelView(KerasGraph graph, ModelInfo info) {
      this(graph, info, new java.util.concurrent.ConcurrentHashMap<>());
    }

    int minimumSide(String layer) {
      return minimumSides.computeIfAbsent(layer, l -> dev.deepdream.model.LayerShapes.minimumSide(graph, l));
    }
  }

  /** A dreamer over the models of {@code store}. */
  public DeepDream(ModelStore store) {
    this.store = store;
  }

  /** The store models come from. */
  public ModelStore store() {
    return store;
  }

  /**
   * The compiled network for {@code model}, loading (and fetching) it on first use, on the
   * execution plan the engine check chose for this machine (checked on the first use of the model
   * here, then kept in the model home).
   *
   * @throws dev.deepdream.engine.EngineCheckException when no plan computes the model right here
   */
  public Network network(String model) throws IOException {
    synchronized (this) {
      Network net = networks.get(model);
      if (net != null) {
        return net;
      }
    }
    // The check computes gradients: it waits for a dream in progress (lock order: compute, then this).
    synchronized (computeLock) {
      synchronized (this) {
        Network net = networks.get(model);
        if (net == null) {
          LoadedModel m = store.load(model);
          net = m.build();
          try {
            reports.put(model, EngineChecks.ensure(store.home(), m, net, store.listener()::message));
          } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
          }
          networks.put(model, net);
        }
        return net;
      }
    }
  }

  /**
   * The engine check behind {@code model}'s network on this machine: the CPU, every plan tried
   * and the plan chosen (checking first if this is the model's first use here).
   */
  public EngineReport engineReport(String model) throws IOException {
    network(model);
    synchronized (this) {
      return reports.get(model);
    }
  }

  /**
   * The engine check behind {@code model} without waiting for a dream or running a check: this
   * dreamer's own when the model is compiled here, else the one kept in the model home (made
   * under a key that may differ from this machine's now), else null.
   */
  public EngineReport checkedEngine(String model) {
    synchronized (this) {
      EngineReport r = reports.get(model);
      if (r != null) {
        return r;
      }
    }
    return EngineChecks.stored(store.home(), model);
  }

  /** {@code model}'s graph and description, fetching the model first if it is not cached. */
  private ModelView view(String model) throws IOException {
    synchronized (this) {
      ModelView v = views.get(model);
      if (v != null) {
        return v;
      }
      Network net = networks.get(model);
      if (net != null) {
        v = new ModelView(net.graph(), net.info());
        views.put(model, v);
        return v;
      }
    }
    // Loading fetches a missing model and checks every cached file against its recorded hash, so a
    // damaged entry is reported now, not when a dream starts; the weights are read again to compile.
    LoadedModel loaded = store.load(model);
    ModelView v = new ModelView(loaded.graph(), loaded.info());
    synchronized (this) {
      return views.computeIfAbsent(model, m -> v);
    }
  }

  /** {@code config} with the model's default layers as its objective when it has none. */
  public DreamConfig resolve(DreamConfig config) throws IOException {
    if (config.objective() != null) {
      return config;
    }
    String defaults = view(config.model()).info().defaultLayers();
    Map<String, Double> layers = new java.util.LinkedHashMap<>();
    for (String l : (defaults != null ? defaults : "mixed3,mixed5").split(",")) {
      layers.put(l.trim(), 1.0);
    }
    return config.withDefaultObjective(layers);
  }

  /**
   * Seconds the gradient steps of {@code config} will take on a picture of {@code width} x
   * {@code height} here, from the engine check's timing; -1 before the model was checked on this
   * machine. Say it before a long dream.
   */
  public double estimateSeconds(int width, int height, DreamConfig config) throws IOException {
    DreamConfig resolved = resolve(config);
    ModelView v = view(resolved.model());
    int[] size = workingSize(width, height, resolved);
    return DreamEstimate.seconds(v.graph(), v.info().defaultLayers(), checkedEngine(resolved.model()), size[0],
        size[1], resolved);
  }

  /**
   * What a user must be told about the model and layers of {@code config} before dreaming, e.g.
   * that the npm copy of InceptionV3 was fine-tuned past mixed5.
   */
  public List<String> notices(DreamConfig config) throws IOException {
    DreamConfig resolved = resolve(config);
    ModelView v = view(resolved.model());
    return notices(v.graph(), v.info(), new LinkedHashSet<>(resolved.objectiveLayers()));
  }

  static List<String> notices(KerasGraph graph, ModelInfo info, Set<String> layers) {
    List<String> out = new ArrayList<>();
    String upTo = info.imagenetUpTo();
    if (upTo != null) {
      Set<String> imagenet = new HashSet<>();
      graph.ancestorsOf(Set.of(upTo)).forEach(l -> imagenet.add(l.name()));
      List<String> deeper = layers.stream().filter(l -> !imagenet.contains(l)).toList();
      out.add("note: model " + info.name() + " comes from " + info.source() + ": layers up to " + upTo
          + " are the ImageNet weights" + (info.quantized() ? " (uint8-quantized)" : "") + "; deeper layers were "
          + "fine-tuned for another task (image moderation) and are not ImageNet features"
          + (deeper.isEmpty() ? "." : " - this dream uses " + String.join(", ", deeper) + "."));
    }
    return out;
  }

  /** Checks the config against the model and a picture size without dreaming; throws what {@link #dream} would. */
  public void validate(int width, int height, DreamConfig config) throws IOException {
    DreamConfig resolved = resolve(config);
    ModelView v = view(resolved.model());
    int[] size = workingSize(width, height, resolved);
    checkLayersAndSize(v, size[1], size[0], withBudgetTile(v, resolved));
  }

  /**
   * Dreams on {@code input} with {@code config}, telling {@code listener} about every step. The
   * input is never changed; masked-out pixels (black in every mask) come back exactly as they were.
   * With {@link DreamConfig#keepColors()} the result keeps the dream's luminance and the input's
   * colour ({@link Colors#keepColors}); the previews the listener is given do not.
   *
   * @throws BadOptionException for an unknown layer or a setting that cannot work
   * @throws ImageTooSmallException when the image is too small for the layers and octaves
   * @throws DreamCancelledException when the listener cancels
   */
  public DreamResult dream(Picture input, DreamConfig config, DreamListener listener) throws IOException {
    return dream(input, config, listener, null);
  }

  /**
   * Continues a dream from a checkpoint its listener was given
   * ({@link DreamListener#onCheckpoint}): with the same input and settings (the seed included),
   * the result is the one an uninterrupted run gives.
   *
   * @param resume where to continue from, or null to start
   * @throws BadOptionException when the checkpoint belongs to other settings or another picture
   */
  public DreamResult dream(Picture input, DreamConfig config, DreamListener listener, DreamCheckpoint resume)
      throws IOException {
    synchronized (computeLock) {
      long start = System.currentTimeMillis();
      DreamConfig used = resolve(config);
      Network net = network(used.model());
      Picture picture = input;
      int[] size = workingSize(input.width(), input.height(), used);
      if (size[0] != input.width() || size[1] != input.height()) {
        picture = input.resize(size[0], size[1]);
      }
      ModelView v = view(used.model());
      used = withBudgetTile(v, used);
      checkLayersAndSize(v, picture.height(), picture.width(), used);
      long seed = used.seed() != null ? used.seed() : new SecureRandom().nextLong();
      used = used.toBuilder().seed(seed).build();
      float lo = (float) net.info().inputMin();
      float hi = (float) net.info().inputMax();
      Objective objective = used.objective();
      if (used.guide() != null) {
        DreamConfig.Guide g = used.guide();
        String layer = g.layer() != null ? g.layer() : used.objective().layers().iterator().next();
        objective = objective.plus(GuidesAndMasks.guideFeatures(net, layer, g.photo().picture()).times(g.weight()));
      }
      if (used.tvWeight() > 0) {
        objective = objective.minus(Objective.totalVariation().times(used.tvWeight()));
      }
      objective = GuidesAndMasks.resolveGuides(net, objective);
      List<Dreamer.MaskTerm> masks = new ArrayList<>();
      for (DreamConfig.Mask m : used.masks()) {
        Objective own = m.objective() == null ? null : GuidesAndMasks.resolveGuides(net, m.objective());
        if (own != null && !own.readsActivations()) {
          throw new BadOptionException("mask objective '" + own.describe() + "' reads no layer");
        }
        FloatImage plane = GuidesAndMasks.maskPlane(m.image().picture(), picture.width(), picture.height());
        masks.add(new Dreamer.MaskTerm(plane, own));
      }
      Picture original = masks.isEmpty() ? null : picture;
      Dreamer dreamer = new Dreamer(net, used, listener, seed, objective, masks);
      byte[] alpha = picture.alpha();
      // No local keeps the float copy: the loop must be able to drop it after the first octave.
      FloatImage out = dreamer.run(picture.toFloat(lo, hi), resume);
      Picture result = Picture.fromFloat(out, lo, hi, alpha);
      if (used.keepColors()) {
        result = Colors.keepColors(result, picture); // before the masks: unmasked pixels stay exact
      }
      if (original != null) {
        result = GuidesAndMasks.keepUnmasked(result, original, masks);
      }
      return new DreamResult(result, used, seed, net.info(), List.copyOf(dreamer.losses()),
          System.currentTimeMillis() - start);
    }
  }

  /** With a memory budget, the tile side it allows (never above the configured tile size). */
  private static DreamConfig withBudgetTile(ModelView model, DreamConfig config) {
    if (config.memoryBytes() == null) {
      return config;
    }
    int needed = requireLayers(model, config.objectiveLayers());
    int tile = TileBudget.choose(model.graph(), new LinkedHashSet<>(config.objectiveLayers()),
        config.memoryBytes(), config.tileSize(), needed);
    return config.toBuilder().tileSize(tile).build();
  }

  /** Checks that the model has these layers; returns the smallest input side they all accept. */
  private static int requireLayers(ModelView model, List<String> layers) {
    int needed = 1;
    for (String layer : layers) {
      LayerNames.require(model.graph(), model.info(), layer);
      needed = Math.max(needed, model.minimumSide(layer));
    }
    return needed;
  }

  /** {width, height} of a picture of this size after {@code config}'s max-dim shrink: what the dream works on. */
  public static int[] workingSize(int width, int height, DreamConfig config) {
    Integer maxDim = config.maxDim();
    if (maxDim == null || Math.max(width, height) <= maxDim) {
      return new int[] {width, height};
    }
    double f = (double) maxDim / Math.max(width, height);
    return new int[] {Math.max(1, (int) Math.round(width * f)), Math.max(1, (int) Math.round(height * f))};
  }

  private static void checkLayersAndSize(ModelView model, int height, int width, DreamConfig config) {
    List<String> layers = config.objectiveLayers();
    int needed = requireLayers(model, layers);
    if (config.mode() == Mode.TILED && config.tileSize() < needed) {
      throw new BadOptionException("tile size " + config.tileSize() + " is smaller than layers "
          + String.join(", ", layers) + " need (" + needed + " px)");
    }
    OctavePlan plan = config.octaves();
    int[][] sizes = plan.sizes(height, width);
    int[] smallest = sizes[0];
    for (int[] s : sizes) {
      if (Math.min(s[0], s[1]) < Math.min(smallest[0], smallest[1])) {
        smallest = s;
      }
    }
    if (smallest[0] < needed || smallest[1] < needed) {
      int base = plan.minimumBase(needed);
      String octaves = plan.isSingle() ? "" : " with octaves " + plan.rangeText() + " at scale " + plan.scale()
          + " (smallest octave " + smallest[1] + "x" + smallest[0] + ")";
      throw new ImageTooSmallException("image " + width + "x" + height + " is too small for layers "
          + String.join(", ", layers) + octaves + ": the layers need at least " + needed + "x"
          + needed + " px, so the image must be at least " + base + "x" + base + " px"
          + (plan.isSingle() ? "" : " (or use fewer low octaves, e.g. --octaves 0..2)"));
    }
  }

  /** Work that computes gradients on the engine, run by {@link #exclusive}. */
  @FunctionalInterface
  public interface Work<T> {
    /** Does the work. */
    T run() throws IOException;
  }

  /**
   * Runs {@code work} (a feature visualisation, or any other gradient computation) as a dream runs:
   * alone, after any dream or engine check in progress here, since DJL's gradient collector is
   * global to the JVM.
   */
  public <T> T exclusive(Work<T> work) throws IOException {
    synchronized (computeLock) {
      return work.run();
    }
  }

  @Override
  public synchronized void close() {
    networks.values().forEach(Network::close);
    networks.clear();
    reports.clear();
  }
}
