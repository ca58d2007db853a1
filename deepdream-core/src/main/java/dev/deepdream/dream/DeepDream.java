package dev.deepdream.dream;

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
import java.util.List;
import java.util.Set;

/**
 * The one entry point that the CLI, the web UI and the tests call: give it a picture and a
 * {@link DreamConfig}, get a {@link DreamResult}. It loads models from a {@link ModelStore} and
 * keeps each one it compiled until closed. DJL's gradient collector is global, so dreams run one at a time:
 * concurrent callers wait their turn.
 */
public final class DeepDream implements AutoCloseable {
  private final ModelStore store;
  private final Object computeLock = new Object();
  /** Compiled networks by model name; kept until close, since a dream may be using any of them. */
  private final java.util.Map<String, Network> networks = new java.util.HashMap<>();

  public DeepDream(ModelStore store) {
    this.store = store;
  }

  public ModelStore store() {
    return store;
  }

  /** The compiled network for {@code model}, loading (and fetching) it on first use. */
  public synchronized Network network(String model) throws IOException {
    Network net = networks.get(model);
    if (net == null) {
      LoadedModel m = store.load(model);
      net = m.build();
      networks.put(model, net);
    }
    return net;
  }

  /**
   * What a user must be told about the model and layers of {@code config} before dreaming, e.g.
   * that the npm copy of InceptionV3 was fine-tuned past mixed5.
   */
  public List<String> notices(DreamConfig config) throws IOException {
    Network net = network(config.model());
    return notices(net.graph(), net.info(), new java.util.LinkedHashSet<>(config.objectiveLayers()));
  }

  static List<String> notices(KerasGraph graph, ModelInfo info, Set<String> layers) {
    List<String> out = new ArrayList<>();
    String upTo = info.imagenetUpTo();
    if (upTo != null) {
      Set<String> imagenet = new java.util.HashSet<>();
      graph.ancestorsOf(Set.of(upTo)).forEach(l -> imagenet.add(l.name()));
      List<String> deeper = layers.stream().filter(l -> !imagenet.contains(l)).toList();
      out.add("note: model " + info.name() + " comes from " + info.source() + ": layers up to " + upTo
          + " are the ImageNet weights" + (info.quantized() ? " (uint8-quantized)" : "") + "; deeper layers were "
          + "fine-tuned for another task (image moderation) and are not ImageNet features"
          + (deeper.isEmpty() ? "." : " - this dream uses " + String.join(", ", deeper) + "."));
    }
    return out;
  }

  /** Checks the config against the model and the picture without dreaming; throws what {@link #dream} would. */
  public void validate(int width, int height, DreamConfig config) throws IOException {
    Network net = network(config.model());
    int[] size = workingSize(width, height, config);
    checkLayersAndSize(net, size[1], size[0], withBudgetTile(net, config));
  }

  /**
   * Dreams on {@code input} with {@code config}, telling {@code listener} about every step.
   *
   * @throws BadOptionException for an unknown layer
   * @throws ImageTooSmallException when the image is too small for the layers and octaves
   * @throws DreamCancelledException when the listener cancels
   */
  public DreamResult dream(Picture input, DreamConfig requested, DreamListener listener) throws IOException {
    return dream(input, requested, Guidance.none(), listener);
  }

  /**
   * Dreams with a guide photo and/or masks (see {@link Guidance}); masked-out pixels (black in
   * every mask) come back exactly as they were.
   */
  public DreamResult dream(Picture input, DreamConfig requested, Guidance guidance, DreamListener listener)
      throws IOException {
    DreamConfig config = requested;
    synchronized (computeLock) {
      long start = System.currentTimeMillis();
      Network net = network(config.model());
      Picture picture = input;
      int[] size = workingSize(input.width(), input.height(), config);
      if (size[0] != input.width() || size[1] != input.height()) {
        picture = input.resize(size[0], size[1]);
      }
      config = withBudgetTile(net, config);
      checkLayersAndSize(net, picture.height(), picture.width(), config);
      long seed = config.seed() != null ? config.seed() : new SecureRandom().nextLong();
      float lo = (float) net.info().inputMin();
      float hi = (float) net.info().inputMax();
      Objective objective = config.objective();
      if (guidance.guide() != null) {
        String layer = guidance.guideLayer() != null ? guidance.guideLayer() : config.objectiveLayers().get(0);
        LayerNames.require(net.graph(), net.info(), layer);
        objective = Objectives.sum(List.of(objective,
            Objectives.weighted(guideObjective(net, layer, guidance.guide()), guidance.guideWeight())));
      }
      List<Dreamer.MaskTerm> masks = new ArrayList<>();
      for (Guidance.Mask m : guidance.masks()) {
        Objective mo = null;
        if (m.objective() != null) {
          for (String l : ObjectiveParser.layers(m.objective())) {
            LayerNames.require(net.graph(), net.info(), l);
          }
          mo = ObjectiveParser.parse(m.objective());
        }
        masks.add(new Dreamer.MaskTerm(maskPlane(m.picture(), picture.width(), picture.height()), mo));
      }
      Picture original = masks.isEmpty() ? null : picture;
      Dreamer dreamer = new Dreamer(net, config, listener, seed, objective, masks);
      byte[] alpha = picture.alpha();
      // No local keeps the float copy: the loop must be able to drop it after the first octave.
      FloatImage out = dreamer.run(picture.toFloat(lo, hi));
      Picture result = Picture.fromFloat(out, lo, hi, alpha);
      if (original != null) {
        result = keepUnmasked(result, original, masks);
      }
      DreamConfig used = config.toBuilder().seed(seed).build();
      return new DreamResult(result, used, seed, net.info(), List.copyOf(dreamer.losses()),
          System.currentTimeMillis() - start);
    }
  }

  /** The guide objective: the guide photo's features on {@code layer} (long side at most 512 px). */
  private static Objective guideObjective(Network net, String layer, Picture guide) {
    Picture g = guide;
    int longSide = Math.max(g.width(), g.height());
    int min = net.minimumSide(layer);
    if (longSide > 512) {
      g = g.resize(Math.max(min, g.width() * 512 / longSide), Math.max(min, g.height() * 512 / longSide));
    }
    if (Math.min(g.width(), g.height()) < min) {
      throw new ImageTooSmallException("guide image " + g.width() + "x" + g.height() + " is too small for layer " + layer
          + " (at least " + min + "x" + min + " px)");
    }
    FloatImage x = g.toFloat((float) net.info().inputMin(), (float) net.info().inputMax());
    float[] feats = LossGradient.activations(net, List.of(layer), x).get(layer);
    int[] shape = net.outputShape(layer, g.height(), g.width());
    return Objectives.guide(layer, feats, shape[shape.length - 1]);
  }

  /** A mask as one plane in [0, 1] at the working size (luminance; black = 0). */
  static FloatImage maskPlane(Picture mask, int width, int height) {
    Picture m = mask.width() == width && mask.height() == height ? mask : mask.resize(width, height);
    float[] plane = new float[width * height];
    for (int i = 0; i < plane.length; i++) {
      int v = m.rgb()[i];
      plane[i] = (0.299f * ((v >> 16) & 0xff) + 0.587f * ((v >> 8) & 0xff) + 0.114f * (v & 0xff)) / 255f;
    }
    return new FloatImage(1, height, width, plane);
  }

  /** Pixels black in every mask are copied from the input, exactly. */
  private static Picture keepUnmasked(Picture result, Picture original, List<Dreamer.MaskTerm> masks) {
    int[] rgb = result.rgb().clone();
    for (int i = 0; i < rgb.length; i++) {
      boolean covered = false;
      for (Dreamer.MaskTerm m : masks) {
        if (m.plane().data()[i] > 0) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        rgb[i] = original.rgb()[i];
      }
    }
    return new Picture(result.width(), result.height(), rgb, result.alpha());
  }

  /** With a memory budget, the tile side it allows (never above the configured tile size). */
  static DreamConfig withBudgetTile(Network net, DreamConfig config) {
    if (config.memoryBytes() == null || config.mode() != Mode.TILED) {
      return config;
    }
    int needed = requireLayers(net, config.objectiveLayers());
    int tile = TileBudget.choose(net.graph(), new java.util.LinkedHashSet<>(config.objectiveLayers()),
        config.memoryBytes(), config.tileSize(), needed);
    return config.toBuilder().tileSize(tile).build();
  }

  /** Checks that the model has these layers; returns the smallest input side they all accept. */
  private static int requireLayers(Network net, List<String> layers) {
    int needed = 1;
    for (String layer : layers) {
      LayerNames.require(net.graph(), net.info(), layer);
      needed = Math.max(needed, net.minimumSide(layer));
    }
    return needed;
  }

  /** {width, height} after --max-dim. */
  static int[] workingSize(int width, int height, DreamConfig config) {
    Integer maxDim = config.maxDim();
    if (maxDim == null || Math.max(width, height) <= maxDim) {
      return new int[] {width, height};
    }
    double f = (double) maxDim / Math.max(width, height);
    return new int[] {Math.max(1, (int) Math.round(width * f)), Math.max(1, (int) Math.round(height * f))};
  }

  private static void checkLayersAndSize(Network net, int height, int width, DreamConfig config) {
    List<String> layers = config.objectiveLayers();
    int needed = requireLayers(net, layers);
    if (config.mode() == Mode.TILED && config.tileSize() < needed) {
      throw new BadOptionException("tile size " + config.tileSize() + " is smaller than layers "
          + String.join(", ", layers) + " need (" + needed + " px)");
    }
    int[][] sizes = OctavePlan.sizes(height, width, config);
    int[] smallest = sizes[0];
    for (int[] s : sizes) {
      if (Math.min(s[0], s[1]) < Math.min(smallest[0], smallest[1])) {
        smallest = s;
      }
    }
    if (smallest[0] < needed || smallest[1] < needed) {
      int base = OctavePlan.minimumBase(needed, config);
      String octaves = config.mode() == Mode.SIMPLE ? "" : " with octaves " + config.octaveMin() + ".."
          + config.octaveMax() + " at scale " + config.octaveScale() + " (smallest octave " + smallest[1] + "x"
          + smallest[0] + ")";
      throw new ImageTooSmallException("image " + width + "x" + height + " is too small for layers "
          + String.join(", ", layers) + octaves + ": the layers need at least " + needed + "x"
          + needed + " px, so the image must be at least " + base + "x" + base + " px"
          + (config.mode() == Mode.SIMPLE ? "" : " (or use fewer low octaves, e.g. --octaves 0..2)"));
    }
  }

  @Override
  public synchronized void close() {
    networks.values().forEach(Network::close);
    networks.clear();
  }
}
