package dev.deepdream.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.DreamResult;
import dev.deepdream.dream.LossGradient;
import dev.deepdream.dream.Mode;
import dev.deepdream.dream.Objective;
import dev.deepdream.engine.EngineReport;
import dev.deepdream.engine.PlanResult;
import dev.deepdream.image.FloatImage;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.model.ExecutionPlan;
import dev.deepdream.model.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * deepdream beside an independent implementation of the same network: {@code bench/peer.py},
 * which interprets the cached model's Keras graph with PyTorch from Python (Debian's
 * python3-torch; only the bench machine needs it). Speed: rounds that alternate our gradient
 * steps and the peer's on the same picture, same weights and threads, so that a ratio is taken
 * side by side. Fidelity: our gradient and the tutorial's first ten simple steps against the
 * peer's in float64, on any photos.
 */
final class PeerBench {
  /** Where the peer is and what it measures. */
  record Options(Path python, Path script, int steps, int rounds) {}

  private final DeepDream dd;
  private final Options options;
  private final Consumer<String> log;

  PeerBench(DeepDream dd, Options options, Consumer<String> log) {
    this.dd = dd;
    this.options = options;
    this.log = log;
  }

  /** The python to use: the one given, else Debian's, else python3 on the PATH; checks it has torch. */
  static Path python(Path given) throws IOException, InterruptedException {
    Path p = given != null ? given : Files.isExecutable(Path.of("/usr/bin/python3")) ? Path.of("/usr/bin/python3")
        : Path.of("python3");
    Process proc = new ProcessBuilder(p.toString(), "-c", "import torch").redirectErrorStream(true).start();
    proc.getInputStream().readAllBytes();
    if (proc.waitFor() != 0) {
      throw new IllegalStateException(p + " cannot import torch; the peer needs PyTorch for Python "
          + "(Debian: sudo apt-get install python3-torch), or give --python");
    }
    return p;
  }

  /** Rounds of our median step and the peer's, each round side by side; ratio = peer / ours (above 1: we are faster). */
  JsonObject speed(String model, Picture picture) throws IOException, InterruptedException {
    DreamConfig tutorial = dd.resolve(DreamConfig.builder().model(model).build());
    Network net = dd.network(tutorial.model());
    Objective objective = tutorial.objective();
    FloatImage x = picture.toFloat((float) net.info().inputMin(), (float) net.info().inputMax());
    Path input = writeHwc(x);
    try {
      for (int i = 0; i < 3; i++) {
        LossGradient.compute(net, objective, x);
      }
      JsonArray rounds = new JsonArray();
      double[] ratios = new double[options.rounds()];
      JsonObject peerInfo = null;
      ExecutionPlan chosen = net.plan();
      List<ExecutionPlan> others = otherPlans(tutorial.model(), chosen);
      JsonObject otherTimes = new JsonObject();
      for (ExecutionPlan o : others) {
        otherTimes.add(o.name(), new JsonArray());
      }
      for (int r = 0; r < options.rounds(); r++) {
        // The other right plans first, each on its own (the per-layer-layout lever, side by side).
        for (ExecutionPlan o : others) {
          net.use(o);
          LossGradient.compute(net, objective, x); // its kernels are made on first use: not timed
          otherTimes.getAsJsonArray(o.name()).add(Benchmark.round(ourMedian(net, objective, x)));
        }
        net.use(chosen);
        double ours = ourMedian(net, objective, x);
        JsonObject peer = runPeer(tutorial.model(), input, x, "float32", List.of("--steps", Integer.toString(options.steps())));
        double theirs = peer.get("median").getAsDouble();
        ratios[r] = theirs / ours;
        JsonObject round = new JsonObject();
        round.addProperty("ours_s", Benchmark.round(ours));
        round.addProperty("peer_s", Benchmark.round(theirs));
        round.addProperty("ratio", Benchmark.round(ratios[r]));
        rounds.add(round);
        log.accept(String.format(java.util.Locale.ROOT, "round %d: ours %.4f s/step, peer %.4f s/step, ratio %.2f",
            r + 1, ours, theirs, ratios[r]));
        peerInfo = peer;
      }
      Arrays.sort(ratios);
      JsonObject out = new JsonObject();
      out.addProperty("peer", "bench/peer.py on PyTorch " + peerInfo.get("torch").getAsString() + ", "
          + peerInfo.get("layout").getAsString() + ", " + peerInfo.get("threads").getAsInt() + " threads");
      out.addProperty("plan", net.plan().name());
      out.addProperty("width", x.width());
      out.addProperty("height", x.height());
      out.add("rounds", rounds);
      out.add("other_plans_s", otherTimes);
      out.addProperty("ratio_median", Benchmark.round(ratios[ratios.length / 2]));
      return out;
    } finally {
      Files.deleteIfExists(input);
    }
  }

  /** The engine check's other right plans (timed beside the chosen one), from the stored verdict. */
  private List<ExecutionPlan> otherPlans(String model, ExecutionPlan chosen) throws IOException {
    EngineReport report = dd.engineReport(model);
    List<ExecutionPlan> out = new ArrayList<>();
    for (PlanResult p : report.plans()) {
      if (p.passed() && !p.plan().name().equals(chosen.name())) {
        out.add(p.plan());
      }
    }
    return out;
  }

  /**
   * For each photo (long side at most 500 px): our input gradient of the tutorial's loss and our
   * first ten simple steps' losses against the peer's in float64.
   */
  JsonArray fidelity(String model, List<Path> photos) throws IOException, InterruptedException {
    DreamConfig tutorial = dd.resolve(DreamConfig.builder().model(model).build());
    Network net = dd.network(tutorial.model());
    JsonArray out = new JsonArray();
    for (Path photo : photos) {
      Picture p = ImageFiles.read(photo);
      int longSide = Math.max(p.width(), p.height());
      if (longSide > 500) {
        p = p.resize(Math.round(p.width() * 500f / longSide), Math.round(p.height() * 500f / longSide));
      }
      FloatImage x = p.toFloat((float) net.info().inputMin(), (float) net.info().inputMax());
      Path input = writeHwc(x);
      Path grad = Files.createTempFile("deepdream-peer", ".grad");
      try {
        log.accept("fidelity: " + photo + " (" + x.width() + "x" + x.height() + "), the peer in float64");
        JsonObject peer = runPeer(tutorial.model(), input, x, "float64",
            List.of("--grad-out", grad.toString(), "--simple-steps", "10"));
        float[] peerGrad = FloatImage.fromHwc(Benchmark.readFloats(grad), x.height(), x.width(), x.channels()).data();
        LossGradient.Result ours = LossGradient.compute(net, tutorial.objective(), x);
        DreamConfig simple = DreamConfig.builder().model(model).mode(Mode.SIMPLE).objective(tutorial.objective())
            .steps(10).seed(1L).build();
        DreamResult ten = dd.dream(p, simple, DreamListener.none());
        JsonArray peerLosses = peer.getAsJsonArray("simple_losses");
        // The peer's own float32 run against its float64 one: how far any float32 implementation
        // drifts in ten steps of gradient ascent (chaotic through ReLUs and max pools).
        JsonArray peer32 = runPeer(tutorial.model(), input, x, "float32", List.of("--simple-steps", "10"))
            .getAsJsonArray("simple_losses");
        double worst = 0;
        double peerDrift = 0;
        for (int i = 0; i < peerLosses.size(); i++) {
          double l = peerLosses.get(i).getAsDouble();
          worst = Math.max(worst, Math.abs(ten.losses().get(i) - l) / Math.abs(l));
          peerDrift = Math.max(peerDrift, Math.abs(peer32.get(i).getAsDouble() - l) / Math.abs(l));
        }
        JsonObject r = new JsonObject();
        r.addProperty("photo", photo.toString());
        r.addProperty("width", x.width());
        r.addProperty("height", x.height());
        r.addProperty("gradient_cosine", Math.round(FloatImage.cosine(ours.gradient().data(), peerGrad) * 1e7) / 1e7);
        r.addProperty("seed_loss_error", relative(ours.loss(), peer.get("loss").getAsDouble()));
        r.addProperty("ten_step_loss_error_max", Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", worst)));
        r.addProperty("peer_float32_ten_step_drift_max",
            Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", peerDrift)));
        out.add(r);
      } finally {
        Files.deleteIfExists(input);
        Files.deleteIfExists(grad);
      }
    }
    return out;
  }

  private static double relative(double a, double b) {
    return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", Math.abs(a - b) / Math.abs(b)));
  }

  private double ourMedian(Network net, Objective objective, FloatImage x) {
    double[] t = new double[options.steps()];
    for (int i = 0; i < t.length; i++) {
      long s = System.nanoTime();
      LossGradient.compute(net, objective, x);
      t[i] = (System.nanoTime() - s) / 1e9;
    }
    Arrays.sort(t);
    return t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
  }

  private JsonObject runPeer(String model, Path input, FloatImage x, String dtype, List<String> more)
      throws IOException, InterruptedException {
    Path dir = dd.store().home().resolve("models").resolve(model);
    List<String> cmd = new ArrayList<>(List.of(options.python().toString(), options.script().toString(), dir.toString(),
        input.toString(), Integer.toString(x.height()), Integer.toString(x.width()), "--dtype", dtype,
        "--threads", Integer.toString(ai.djl.pytorch.jni.JniUtils.getNumThreads())));
    cmd.addAll(more);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().close();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0 || text.isEmpty()) {
      throw new IllegalStateException("the peer failed (exit " + p.exitValue() + "): " + String.join(" ", cmd));
    }
    return JsonParser.parseString(text.lines().reduce((a, b) -> b).orElse("{}")).getAsJsonObject();
  }

  private static Path writeHwc(FloatImage x) throws IOException {
    Path f = Files.createTempFile("deepdream-peer", ".f32");
    Benchmark.writeFloats(f, x.toHwc());
    return f;
  }
}
