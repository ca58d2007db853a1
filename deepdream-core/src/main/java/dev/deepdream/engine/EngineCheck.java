package dev.deepdream.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.deepdream.image.FloatImage;
import dev.deepdream.model.ConvKernel;
import dev.deepdream.model.ExecutionPlan;
import dev.deepdream.model.Layout;
import dev.deepdream.model.LayerShapes;
import dev.deepdream.model.LayerSpec;
import dev.deepdream.model.LoadedModel;
import dev.deepdream.model.Network;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Measures candidate execution plans against a float64 reference computed by the same engine
 * (PyTorch's float64 convolutions do not go through oneDNN, whose fp32 kernels are what may be
 * wrong), on a probe image: every dreamable layer's mean and activations and the input gradient
 * of the sum of their means, so every layer's forward and backward kernels take part. Plans
 * within the {@link Tolerance} are timed side by side and the fastest wins. When the
 * channels-last plan is wrong, each convolution is run alone on the reference's own input to find
 * the wrong ones, and a plan that computes just those another way is tried too.
 *
 * <p>It computes gradients, so it must not run beside a dream in the same JVM (DJL's gradient
 * collector is global); {@link EngineChecks} is called under the dreamer's lock.
 */
public final class EngineCheck {
  /** Relative error above which a convolution run alone counts as wrong. */
  private static final double LAYER_ERROR = 1e-4;

  /**
   * What the check does.
   *
   * @param height the probe's height
   * @param width the probe's width
   * @param rounds timing rounds per right plan (one gradient step each, interleaved across plans)
   * @param faultyPlans names of plans to make wrong on purpose (the test hook; see {@link #FAULT_PROPERTY})
   */
  public record Options(int height, int width, int rounds, Set<String> faultyPlans) {
    public Options {
      faultyPlans = Set.copyOf(faultyPlans);
    }

    /**
     * The probe size and rounds used by the program; faults from the system property
     * {@link #FAULT_PROPERTY} (comma-separated plan names, or {@code all}).
     */
    public static Options defaults() {
      String faults = System.getProperty(FAULT_PROPERTY, "");
      Set<String> names = new LinkedHashSet<>();
      for (String f : faults.split(",")) {
        if (!f.isBlank()) {
          names.add(f.trim());
        }
      }
      return new Options(256, 384, 5, names);
    }

    /** A copy that makes the named plans wrong. */
    public Options withFaults(Set<String> names) {
      return new Options(height, width, rounds, names);
    }

    boolean faulty(ExecutionPlan plan) {
      return faultyPlans.contains("all") || faultyPlans.contains(plan.name())
          || faultyPlans.contains(plan.layout().id());
    }
  }

  /** The system property naming plans to make wrong (tests of the program as a whole). */
  public static final String FAULT_PROPERTY = "deepdream.engine-check.fault";

  private final LoadedModel model;
  private final Network net;
  private final Options options;
  private final Consumer<String> log;
  private final List<String> layers;
  private final float[] probe;

  private EngineCheck(LoadedModel model, Network net, Options options, Consumer<String> log) {
    this.model = model;
    this.net = net;
    this.options = options;
    this.log = log;
    Map<String, int[]> shapes = LayerShapes.infer(model.graph(), options.height(), options.width());
    this.layers = model.info().dreamable(model.graph()).stream().filter(l -> LayerShapes.valid(shapes.get(l))).toList();
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("the engine check's probe " + options.height() + "x" + options.width()
          + " reaches no dreamable layer of " + model.info().name());
    }
    this.probe = probeImage(options.height(), options.width(), (float) model.info().inputMin(),
        (float) model.info().inputMax());
  }

  /**
   * Runs the check of {@code net} (compiled from {@code model}) under {@code key}. The network is
   * left on the chosen plan, or on channels-first when none is right.
   */
  public static EngineReport run(LoadedModel model, Network net, EngineKey key, Options options, Consumer<String> log) {
    long start = System.nanoTime();
    EngineCheck check = new EngineCheck(model, net, options, log);
    Tolerance tolerance = Tolerance.forMathMode(key.fpmath());
    List<PlanResult> results = new ArrayList<>();
    ExecutionPlan chosen;
    try {
      chosen = check.choose(tolerance, results);
    } finally {
      net.use(ExecutionPlan.CHANNELS_FIRST);
    }
    if (chosen != null) {
      net.use(chosen);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EngineReport(key, CpuInfo.current().describe(), options.height() + "x" + options.width(), tolerance,
        results, chosen, Math.round(seconds * 10) / 10.0, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private ExecutionPlan choose(Tolerance tolerance, List<PlanResult> results) {
    Pass reference;
    try (Network ref = Network.build(model.graph(), model.weights(), model.info(), net.device(), DataType.FLOAT64)) {
      log.accept("computing the float64 reference");
      reference = pass(ref, layers, true);
      for (ExecutionPlan candidate : List.of(ExecutionPlan.CHANNELS_LAST, ExecutionPlan.CHANNELS_FIRST)) {
        PlanResult r = evaluate(candidate, reference, tolerance);
        results.add(r);
        if (!r.passed() && candidate.layout() == Layout.CHANNELS_LAST) {
          List<String> wrong = wrongConvolutions(ref, inject(candidate));
          if (!wrong.isEmpty()) {
            log.accept(candidate.name() + ": wrong convolutions " + String.join(", ", wrong));
            results.add(evaluate(repaired(candidate, wrong), reference, tolerance));
          }
        }
      }
    }
    List<PlanResult> right = results.stream().filter(PlanResult::passed).toList();
    if (right.isEmpty()) {
      return null;
    }
    List<PlanResult> timed = time(right, reference, tolerance);
    PlanResult best = null;
    for (int i = 0; i < right.size(); i++) {
      results.set(results.indexOf(right.get(i)), timed.get(i));
      if (timed.get(i).passed() && (best == null || timed.get(i).stepSeconds() < best.stepSeconds())) {
        best = timed.get(i);
      }
    }
    return best == null ? null : best.plan();
  }

  /** The plan as the check runs it: with its injected fault when the options name it. */
  private ExecutionPlan inject(ExecutionPlan plan) {
    return options.faulty(plan) ? plan.withFault(firstConvolution()) : plan;
  }

  /** {@code plan} with the wrong convolutions computed otherwise: 1x1 ones as a matrix product, the rest channels-first. */
  private ExecutionPlan repaired(ExecutionPlan plan, List<String> wrong) {
    List<String> pointwise = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String l : wrong) {
      int[] k = model.graph().layer(l).pair("kernel_size", 1);
      int[] s = model.graph().layer(l).pair("strides", 1);
      (k[0] == 1 && k[1] == 1 && s[0] == 1 && s[1] == 1 ? pointwise : others).add(l);
    }
    ExecutionPlan p = plan;
    if (!pointwise.isEmpty()) {
      p = p.with(pointwise, ConvKernel.MATMUL);
    }
    if (!others.isEmpty()) {
      p = p.with(others, ConvKernel.CHANNELS_FIRST);
    }
    return p;
  }

  private PlanResult evaluate(ExecutionPlan plan, Pass reference, Tolerance tolerance) {
    log.accept("checking plan " + plan.name());
    net.use(inject(plan));
    Pass p = pass(net, layers, true);
    double meanError = 0;
    double activationError = 0;
    String worstLayer = layers.get(0);
    for (String l : layers) {
      double e = Math.abs(p.means.get(l) - reference.means.get(l)) / Math.max(Math.abs(reference.means.get(l)), 1e-12);
      if (e > meanError) {
        meanError = e;
        worstLayer = l;
      }
      activationError = Math.max(activationError, maxError(p.activations.get(l), reference.activations.get(l)));
    }
    double cosine = FloatImage.cosine(p.gradient, reference.gradient);
    String verdict;
    if (!(cosine >= tolerance.minCosine())) {
      verdict = String.format(java.util.Locale.ROOT, "refused: gradient cosine %.6f < %s", cosine, tolerance.minCosine());
    } else if (!(meanError <= tolerance.maxMeanError())) {
      verdict = String.format(java.util.Locale.ROOT, "refused: %s mean off by %.1e > %s", worstLayer, meanError,
          tolerance.maxMeanError());
    } else {
      verdict = "right";
    }
    return new PlanResult(plan, verdict.equals("right"), meanError, activationError, cosine, null, verdict);
  }

  /** The convolutions that, run alone under {@code plan} on the reference's own input, are off. */
  private List<String> wrongConvolutions(Network ref, ExecutionPlan plan) {
    List<LayerSpec> convs = new ArrayList<>();
    Set<String> inputs = new LinkedHashSet<>();
    for (LayerSpec l : model.graph().ancestorsOf(new LinkedHashSet<>(layers))) {
      if (l.isConvolution()) {
        convs.add(l);
        inputs.add(l.input());
      }
    }
    inputs.remove(model.graph().layers().get(0).name());
    net.use(plan);
    List<String> wrong = new ArrayList<>();
    try (NDManager step = ref.newStepManager()) {
      NDArray x = ref.input(step, probe, 3, options.height(), options.width());
      Map<String, NDArray> values = new LinkedHashMap<>(ref.forward(x, inputs));
      values.put(model.graph().layers().get(0).name(), x);
      for (LayerSpec conv : convs) {
        NDArray in = values.get(conv.input());
        float[] expected = toFloats(ref.apply(conv.name(), List.of(in)));
        NDArray in32 = plan.layout().arrange(in.toType(DataType.FLOAT32, false));
        float[] got = toFloats(net.apply(conv.name(), List.of(in32)));
        if (maxError(got, expected) > LAYER_ERROR) {
          wrong.add(conv.name());
        }
      }
    }
    return wrong;
  }

  /**
   * The right plans timed side by side: each is first checked once more (a kernel that is right
   * only sometimes is refused), then gradient steps of the model's default layers are timed with
   * the plans interleaved round by round; the median step time of each.
   */
  private List<PlanResult> time(List<PlanResult> plans, Pass reference, Tolerance tolerance) {
    log.accept("timing " + plans.size() + " right plan" + (plans.size() == 1 ? "" : "s"));
    List<String> timed = defaultLayers();
    String[] refusals = new String[plans.size()];
    for (int i = 0; i < plans.size(); i++) {
      net.use(inject(plans.get(i).plan()));
      double cosine = FloatImage.cosine(pass(net, layers, false).gradient, reference.gradient);
      if (!(cosine >= tolerance.minCosine())) {
        refusals[i] = String.format(java.util.Locale.ROOT, "refused: gradient cosine %.6f < %s when computed again",
            cosine, tolerance.minCosine());
      }
      pass(net, timed, false); // the engine makes its kernels on first use: not timed
    }
    double[][] samples = new double[plans.size()][options.rounds()];
    for (int r = 0; r < options.rounds(); r++) {
      for (int i = 0; i < plans.size(); i++) {
        net.use(inject(plans.get(i).plan()));
        long t = System.nanoTime();
        pass(net, timed, false);
        samples[i][r] = (System.nanoTime() - t) / 1e9;
      }
    }
    List<PlanResult> out = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      Arrays.sort(samples[i]);
      PlanResult t = plans.get(i).timed(Math.round(samples[i][samples[i].length / 2] * 10000) / 10000.0);
      out.add(refusals[i] == null ? t : new PlanResult(t.plan(), false, t.meanError(), t.activationError(),
          t.gradientCosine(), t.stepSeconds(), refusals[i]));
    }
    return out;
  }

  /** The model's default layers that the probe reaches, else every checked layer: what dreams mostly compute. */
  private List<String> defaultLayers() {
    List<String> out = new ArrayList<>();
    String configured = model.info().defaultLayers();
    if (configured != null) {
      for (String l : configured.split(",")) {
        if (layers.contains(l.trim())) {
          out.add(l.trim());
        }
      }
    }
    return out.isEmpty() ? layers : out;
  }

  /** One forward and backward pass: every checked layer's mean (and values), the input gradient of their sum. */
  private record Pass(Map<String, Double> means, Map<String, float[]> activations, float[] gradient) {}

  private Pass pass(Network network, List<String> outputs, boolean readActivations) {
    int h = options.height();
    int w = options.width();
    try (NDManager step = network.newStepManager()) {
      NDArray leaf = network.input(step, probe, 3, h, w);
      leaf.setRequiresGradient(true);
      try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
        Map<String, NDArray> acts = network.forward(network.plan().layout().nchw(leaf), outputs);
        Map<String, Double> means = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        NDArray loss = null;
        for (Map.Entry<String, NDArray> e : acts.entrySet()) {
          NDArray mean = e.getValue().mean();
          loss = loss == null ? mean : loss.add(mean);
          means.put(e.getKey(), mean.toType(DataType.FLOAT64, false).toDoubleArray()[0]);
          if (readActivations) {
            values.put(e.getKey(), toFloats(e.getValue()));
          }
        }
        c.backward(loss);
        return new Pass(means, values, network.plan().layout().toChw(leaf.getGradient(), 3, h, w));
      }
    }
  }

  private String firstConvolution() {
    for (LayerSpec l : model.graph().layers()) {
      if (l.isConvolution()) {
        return l.name();
      }
    }
    throw new IllegalStateException("model " + model.info().name() + " has no convolution to make wrong");
  }

  private static float[] toFloats(NDArray a) {
    return (a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false)).toFloatArray();
  }

  /** max |a - b| / max |b|. */
  static double maxError(float[] a, float[] b) {
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs((double) a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return diff / Math.max(scale, 1e-12);
  }

  /**
   * A deterministic probe with photo-like structure: smooth gradients and edges from a few
   * sinusoids, plus noise, inside the model's input range.
   */
  static float[] probeImage(int h, int w, float lo, float hi) {
    Random rnd = new Random(20261204L);
    float[] chw = new float[3 * h * w];
    for (int c = 0; c < 3; c++) {
      double fx = 0.02 + 0.03 * c;
      double fy = 0.05 - 0.01 * c;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double v = 0.45 * Math.sin(fx * x + 0.7 * c) * Math.cos(fy * y) + 0.3 * Math.signum(Math.sin(0.011 * (x + 2 * y)))
              + 0.15 * rnd.nextGaussian();
          double unit = Math.max(-1, Math.min(1, v));
          chw[(c * h + y) * w + x] = (float) (lo + (unit + 1) / 2 * (hi - lo));
        }
      }
    }
    return chw;
  }
}
