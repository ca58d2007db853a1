package dev.deepdream.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.LossGradient;
import dev.deepdream.dream.Mode;
import dev.deepdream.dream.Objective;
import dev.deepdream.engine.EngineReport;
import dev.deepdream.image.FloatImage;
import dev.deepdream.image.Picture;
import dev.deepdream.model.LayerShapes;
import dev.deepdream.model.Network;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Measures one precision in this process: a matrix-multiply probe of the engine's attainable
 * peak, gradient steps (median and min), the tutorial's three runs, start-up to the first step,
 * and peak resident memory. The bench command runs one of these per precision, each in its own
 * JVM (the bf16 math mode is process-wide), and prints them side by side.
 */
public final class Benchmark {
  /** What to measure. */
  public record Options(Picture picture, int steps, boolean fullRuns, String precision, Path gradientOut) {}

  private Benchmark() {}

  /** Runs the measurements; {@code log} gets progress lines. */
  public static JsonObject run(DeepDream dd, Options o, Consumer<String> log) throws IOException {
    JsonObject r = new JsonObject();
    r.addProperty("precision", o.precision());
    r.addProperty("fpmath_env", String.valueOf(System.getenv("ONEDNN_DEFAULT_FPMATH_MODE")));
    r.addProperty("threads", Runtime.getRuntime().availableProcessors());
    DreamConfig tutorial = dd.resolve(DreamConfig.builder().build());
    Network net = dd.network(tutorial.model());
    EngineReport check = dd.engineReport(tutorial.model());
    r.addProperty("cpu", check.cpu());
    r.addProperty("plan", net.plan().name());
    r.add("engine_check", JsonParser.parseString(check.toJson()));
    Objective objective = tutorial.objective();
    Picture picture = o.picture();
    FloatImage x = picture.toFloat((float) net.info().inputMin(), (float) net.info().inputMax());
    r.addProperty("height", x.height());
    r.addProperty("width", x.width());

    log.accept("gradient steps at " + x.width() + "x" + x.height() + " (" + o.steps() + " timed, 3 warm-up)");
    long t0 = System.nanoTime();
    LossGradient.Result first = LossGradient.compute(net, objective, x);
    double startup = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
    r.addProperty("start_to_first_step_s", round(startup));
    r.addProperty("first_step_s", round((System.nanoTime() - t0) / 1e9));
    if (o.gradientOut() != null) {
      writeFloats(o.gradientOut(), first.gradient().data());
    }
    for (int i = 0; i < 2; i++) {
      LossGradient.compute(net, objective, x);
    }
    double[] times = new double[o.steps()];
    for (int i = 0; i < times.length; i++) {
      long s = System.nanoTime();
      LossGradient.compute(net, objective, x);
      times[i] = (System.nanoTime() - s) / 1e9;
    }
    Arrays.sort(times);
    double median = times.length % 2 == 1 ? times[times.length / 2]
        : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
    double gflop = 4.0 * LayerShapes.multiplyAdds(net.graph(), objective.layers(), x.height(), x.width()) / 1e9;
    r.addProperty("step_s_median", round(median));
    r.addProperty("step_s_min", round(times[0]));
    r.addProperty("gflop_per_step", round(gflop));
    r.addProperty("step_gflops", round(gflop / median));

    log.accept("matrix-multiply probe");
    double peak = matmulGflops();
    r.addProperty("matmul_gflops", round(peak));
    r.addProperty("step_fraction_of_peak", round(gflop / median / peak));

    if (o.fullRuns()) {
      for (Mode m : Mode.values()) {
        log.accept("tutorial run: " + m.id());
        DreamConfig c = DreamConfig.builder().mode(m).seed(1L).build();
        long s = System.nanoTime();
        dd.dream(picture, c, DreamListener.none());
        double secs = (System.nanoTime() - s) / 1e9;
        int[][] sizes = c.octaves().sizes(x.height(), x.width());
        double runFlop = 0;
        for (int[] size : sizes) {
          runFlop += 4.0 * c.steps() * stepMacs(net, objective, m, size[0], size[1], c.tileSize()) / 1e9;
        }
        r.addProperty(m.id() + "_s", round(secs));
        r.addProperty(m.id() + "_gflops", round(runFlop / secs));
        r.addProperty(m.id() + "_fraction_of_peak", round(runFlop / secs / peak));
      }
    }
    r.addProperty("peak_rss_mb", peakRssMb());
    return r;
  }

  /** Multiply-adds of one step of {@code mode} at a size: the tutorial's tiles in tiled mode. */
  static double stepMacs(Network net, Objective objective, Mode mode, int h, int w, int tile) {
    if (mode != Mode.TILED) {
      return LayerShapes.multiplyAdds(net.graph(), objective.layers(), h, w);
    }
    double macs = 0;
    for (int y : dev.deepdream.dream.TiledGradients.starts(h, tile)) {
      for (int x : dev.deepdream.dream.TiledGradients.starts(w, tile)) {
        macs += LayerShapes.multiplyAdds(net.graph(), objective.layers(), Math.min(tile, h - y), Math.min(tile, w - x));
      }
    }
    return macs;
  }

  /** Best of several n x n fp32 matrix products through the engine, in GFLOP/s. */
  static double matmulGflops() {
    int n = 2048;
    try (NDManager m = NDManager.newBaseManager(Engine.getInstance().defaultDevice())) {
      Random rnd = new Random(1);
      float[] d = new float[n * n];
      for (int i = 0; i < d.length; i++) {
        d[i] = rnd.nextFloat();
      }
      NDArray a = m.create(d, new Shape(n, n));
      NDArray b = m.create(d, new Shape(n, n));
      double best = Double.MAX_VALUE;
      for (int i = 0; i < 6; i++) {
        try (NDManager s = m.newSubManager()) {
          NDArray as = a.duplicate();
          as.attach(s);
          long t = System.nanoTime();
          NDArray c = as.matMul(b);
          c.getFloat(0, 0); // forces the computation
          best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
      }
      return 2.0 * n * n * n / best / 1e9;
    }
  }

  /** Peak resident memory of this process (VmHWM), in MB. */
  public static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  static void writeFloats(Path p, float[] data) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    Files.write(p, b.array());
  }

  /** Reads what {@link #writeFloats} wrote. */
  public static float[] readFloats(Path p) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / 4];
    b.asFloatBuffer().get(out);
    return out;
  }

  static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  /** The JVM command that re-runs this program's main class with the same class path. */
  public static List<String> javaCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xss4m");
    cmd.add("-Dai.djl.offline=true");
    String home = System.getProperty("deepdream.home");
    if (home != null) {
      cmd.add("-Ddeepdream.home=" + home);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.deepdream.cli.Main");
    return cmd;
  }
}
