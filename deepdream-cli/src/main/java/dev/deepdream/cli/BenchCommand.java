package dev.deepdream.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.engine.EngineReport;
import dev.deepdream.image.FloatImage;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.model.ModelStore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deepdream bench}: speed and memory, each precision in its own JVM, side by side. */
@Command(name = "bench",
    description = "Measure gradient-step time, the tutorial's three runs, GFLOP/s against a matrix-multiply probe, "
        + "start-up and peak memory, for each precision side by side.")
final class BenchCommand implements Callable<Integer>, Main.UsesEngine {
  @Spec
  CommandSpec spec;

  @Option(names = "--image", paramLabel = "PATH",
      description = "time gradient steps on this image at its own size (default: examples/chelsea.png, long side 500)")
  Path image;

  @Option(names = "--steps", defaultValue = "10", description = "timed gradient steps (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--precision", defaultValue = "fp32,bf16",
      description = "fp32, bf16 or both, comma-separated (default: ${DEFAULT-VALUE})")
  String precision;

  @Option(names = "--no-runs", description = "skip the tutorial's full simple/octaves/tiled runs")
  boolean noRuns;

  @Option(names = "--json", description = "print one JSON object on stdout and nothing else")
  boolean json;

  @Option(names = "--huge", description = "instead: dream an upscaled 8000x6000 (48 MP) photo in tiled mode in a "
      + "child JVM and report its time and peak RSS")
  boolean huge;

  @Option(names = "--memory", defaultValue = "1g", description = "tile memory budget for --huge (default: ${DEFAULT-VALUE})")
  String memory;

  @Option(names = "--heap", defaultValue = "2000m", description = "JVM heap for --huge (default: ${DEFAULT-VALUE})")
  String heap;

  @Option(names = "--video", description = "instead: seconds per frame, flicker and flow accuracy of the video "
      + "modes on a camera pan over examples/rocket.jpg (--size, --frames, --gifs)")
  boolean video;

  @Option(names = "--size", defaultValue = "540x360", paramLabel = "WxH",
      description = "frame size for --video (default: ${DEFAULT-VALUE}, DeepDreamVideo's benchmark size)")
  String size;

  @Option(names = "--frames", defaultValue = "12", description = "frames for --video (default: ${DEFAULT-VALUE})")
  int frames;

  @Option(names = "--gifs", paramLabel = "DIR", description = "for --video: also write flow.gif, blend.gif, off.gif here")
  Path gifs;

  @Option(names = "--peer", description = "instead: our gradient steps and the peer's (bench/peer.py: the same network "
      + "and weights in PyTorch from Python) side by side in rounds, and their ratio (above 1: deepdream is faster)")
  boolean peer;

  @Option(names = "--fidelity", paramLabel = "PHOTO", arity = "1..*", description = "instead: our gradient and the "
      + "tutorial's first 10 simple steps on these photos against the peer in float64")
  List<Path> fidelity;

  @Option(names = "--rounds", defaultValue = "5", description = "rounds for --peer (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--python", paramLabel = "PATH", description = "the Python with torch for --peer and --fidelity "
      + "(default: /usr/bin/python3, Debian's python3-torch)")
  Path python;

  @Option(names = "--worker", hidden = true)
  boolean worker;

  @Option(names = "--gradient-out", hidden = true)
  Path gradientOut;

  @Override
  public Integer call() throws Exception {
    if (steps < 1) {
      throw new BadOptionException("--steps must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (huge) {
      return hugeRun(out, err);
    }
    if (video) {
      String[] wh = size.toLowerCase(java.util.Locale.ROOT).split("x");
      if (wh.length != 2 || !wh[0].matches("\\d+") || !wh[1].matches("\\d+") || frames < 2) {
        throw new BadOptionException("--size must look like 540x360 and --frames be at least 2");
      }
      return new VideoBench(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), frames, !noRuns, gifs, out, err).run();
    }
    if (peer || fidelity != null) {
      return peerRun(out, err);
    }
    if (worker) {
      Picture p = picture();
      try (DeepDream dd = new DeepDream(ModelStore.standard(ModelStore.Listener.silent()))) {
        JsonObject r = Benchmark.run(dd, new Benchmark.Options(p, steps, !noRuns && image == null, precision,
            gradientOut), line -> {
              err.println("  [" + precision + "] " + line);
              err.flush();
            });
        out.println(r);
        out.flush();
      }
      return 0;
    }
    List<String> precisions = new ArrayList<>();
    for (String p : precision.split(",")) {
      String t = p.trim();
      if (!t.equals("fp32") && !t.equals("bf16")) {
        throw new BadOptionException("unknown precision '" + t + "' (use fp32 or bf16)");
      }
      precisions.add(t);
    }
    Path tmp = Files.createTempDirectory("deepdream-bench");
    Map<String, JsonObject> results = new LinkedHashMap<>();
    try {
      for (String p : precisions) {
        results.put(p, runWorker(p, tmp.resolve(p + ".grad"), err));
      }
      if (results.containsKey("fp32") && results.containsKey("bf16")) {
        float[] a = Benchmark.readFloats(tmp.resolve("fp32.grad"));
        float[] b = Benchmark.readFloats(tmp.resolve("bf16.grad"));
        results.get("bf16").addProperty("grad_cosine_to_fp32", Math.round(FloatImage.cosine(a, b) * 1e6) / 1e6);
      }
    } finally {
      for (String p : precisions) {
        Files.deleteIfExists(tmp.resolve(p + ".grad"));
      }
      Files.deleteIfExists(tmp);
    }
    if (json) {
      JsonObject first = results.values().iterator().next().deepCopy();
      JsonObject all = new JsonObject();
      results.forEach(all::add);
      first.add("by_precision", all);
      out.println(new GsonBuilder().setPrettyPrinting().create().toJson(first));
    } else {
      printTable(out, results);
    }
    out.flush();
    return 0;
  }

  /** --peer and --fidelity: in this JVM, beside bench/peer.py. */
  private int peerRun(PrintWriter out, PrintWriter err) throws Exception {
    if (rounds < 1) {
      throw new BadOptionException("--rounds must be at least 1");
    }
    Path script = Path.of("bench", "peer.py");
    if (!Files.isRegularFile(script)) {
      throw new BadOptionException("bench/peer.py not found: run the bench from the project's folder");
    }
    PeerBench.Options o = new PeerBench.Options(PeerBench.python(python), script, steps, rounds);
    try (DeepDream dd = new DeepDream(ModelStore.standard(text -> {
      err.println(text);
      err.flush();
    }))) {
      PeerBench bench = new PeerBench(dd, o, line -> {
        err.println("bench: " + line);
        err.flush();
      });
      JsonObject r = new JsonObject();
      String model = dev.deepdream.model.KnownModels.DEFAULT;
      r.addProperty("cpu", dd.engineReport(model).cpu());
      r.add("engine_check", JsonParser.parseString(dd.engineReport(model).toJson()));
      if (peer) {
        r.add("peer", bench.speed(model, picture()));
      }
      if (fidelity != null) {
        r.add("fidelity", bench.fidelity(model, fidelity));
      }
      if (json) {
        out.println(new GsonBuilder().setPrettyPrinting().create().toJson(r));
      } else {
        out.println("cpu: " + r.get("cpu").getAsString() + "; plan " + dd.network(model).plan().name());
        if (peer) {
          JsonObject s = r.getAsJsonObject("peer");
          out.printf("speed at %dx%d, %s vs deepdream:%n", s.get("width").getAsInt(), s.get("height").getAsInt(),
              s.get("peer").getAsString());
          for (var e : s.getAsJsonArray("rounds")) {
            JsonObject round = e.getAsJsonObject();
            out.printf("  ours %.4f s/step, peer %.4f s/step, ratio %.2f%n", round.get("ours_s").getAsDouble(),
                round.get("peer_s").getAsDouble(), round.get("ratio").getAsDouble());
          }
          out.printf("  median ratio peer/ours: %.2fx (above 1: deepdream is faster)%n", s.get("ratio_median").getAsDouble());
          for (var e : s.getAsJsonObject("other_plans_s").entrySet()) {
            out.printf("  plan %s in the same rounds: %s s/step%n", e.getKey(), e.getValue());
          }
        }
        if (fidelity != null) {
          out.println("fidelity against the peer in float64:");
          for (var e : r.getAsJsonArray("fidelity")) {
            JsonObject f = e.getAsJsonObject();
            out.printf("  %s (%dx%d): gradient cosine %.7f, seed loss off by %.2g, 10-step losses off by at most %.2g"
                + " (the peer's own float32 run: %.2g)%n",
                f.get("photo").getAsString(), f.get("width").getAsInt(), f.get("height").getAsInt(),
                f.get("gradient_cosine").getAsDouble(), f.get("seed_loss_error").getAsDouble(),
                f.get("ten_step_loss_error_max").getAsDouble(), f.get("peer_float32_ten_step_drift_max").getAsDouble());
          }
        }
      }
      out.flush();
    }
    return 0;
  }

  /** Dreams on a 48 MP image in a child JVM with a bounded heap and reports what it printed. */
  private int hugeRun(PrintWriter out, PrintWriter err) throws Exception {
    Path tmp = Files.createTempDirectory("deepdream-huge");
    Path in = tmp.resolve("huge-8000x6000.jpg");
    Path result = tmp.resolve("huge-dream.jpg");
    try {
      err.println("bench: making an 8000x6000 JPEG (examples/rocket.jpg upscaled)");
      err.flush();
      Picture big = ImageFiles.read(Path.of("examples", "rocket.jpg")).resize(8000, 6000);
      ImageFiles.write(big, in, Map.of(), 0.9f);
      big = null;
      List<String> cmd = new ArrayList<>(Benchmark.javaCommand());
      cmd.add(1, "-Xmx" + heap);
      cmd.addAll(List.of("dream", in.toString(), "-o", result.toString(), "--mode", "tiled", "--octaves", "-1..0",
          "--steps", Integer.toString(Math.max(1, Math.min(steps, 3))), "--memory", memory, "--seed", "1"));
      err.println("bench: " + String.join(" ", cmd.subList(cmd.indexOf("dream"), cmd.size())) + " (heap " + heap + ")");
      err.flush();
      long t = System.nanoTime();
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      p.getOutputStream().close();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      int code = p.waitFor();
      double secs = (System.nanoTime() - t) / 1e9;
      if (code != 0) {
        throw new IllegalStateException("the 48 MP dream failed (exit " + code + ")");
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("peak RSS (\\d+) MB").matcher(text);
      long rss = m.find() ? Long.parseLong(m.group(1)) : -1;
      JsonObject r = new JsonObject();
      r.addProperty("width", 8000);
      r.addProperty("height", 6000);
      r.addProperty("memory_budget", memory);
      r.addProperty("heap", heap);
      r.addProperty("seconds", Math.round(secs * 10) / 10.0);
      r.addProperty("peak_rss_mb", rss);
      r.addProperty("summary", text);
      out.println(json ? r.toString() : "48 MP tiled dream: " + text + "\n  total " + String.format("%.1f", secs)
          + " s, peak RSS " + rss + " MB (budget " + memory + ", heap " + heap + ")");
      out.flush();
      return 0;
    } finally {
      Files.deleteIfExists(in);
      Files.deleteIfExists(result);
      Files.deleteIfExists(tmp);
    }
  }

  private Picture picture() throws Exception {
    if (image != null) {
      return ImageFiles.read(image);
    }
    Picture p = ImageFiles.read(Path.of("examples", "chelsea.png"));
    int w = p.width() >= p.height() ? 500 : Math.round(500f * p.width() / p.height());
    int h = p.width() >= p.height() ? Math.round(500f * p.height() / p.width()) : 500;
    return p.resize(w, h);
  }

  private JsonObject runWorker(String p, Path grad, PrintWriter err) throws Exception {
    List<String> cmd = new ArrayList<>(Benchmark.javaCommand());
    cmd.addAll(List.of("bench", "--worker", "--precision", p, "--steps", Integer.toString(steps), "--gradient-out",
        grad.toString()));
    if (image != null) {
      cmd.addAll(List.of("--image", image.toAbsolutePath().toString()));
    }
    if (noRuns) {
      cmd.add("--no-runs");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    if (p.equals("bf16")) {
      pb.environment().put("ONEDNN_DEFAULT_FPMATH_MODE", "BF16"); // must be set before the engine starts
    } else {
      pb.environment().remove("ONEDNN_DEFAULT_FPMATH_MODE");
    }
    err.println("bench: measuring " + p + " in its own JVM");
    err.flush();
    Process proc = pb.start();
    proc.getOutputStream().close();
    String text = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    int code = proc.waitFor();
    if (code != 0 || text.isEmpty()) {
      throw new IllegalStateException("the " + p + " benchmark worker failed (exit " + code + ")");
    }
    String last = text.lines().reduce((a, b) -> b).orElse("{}");
    return JsonParser.parseString(last).getAsJsonObject();
  }

  private static void printTable(PrintWriter out, Map<String, JsonObject> results) {
    JsonObject base = results.values().iterator().next();
    out.printf("deepdream bench: %dx%d, %s threads%n", base.get("width").getAsInt(), base.get("height").getAsInt(),
        base.get("threads").getAsString());
    results.forEach((precision, r) -> {
      if (r.has("engine_check")) {
        out.println("[" + precision + "] " + String.join("\n[" + precision + "] ",
            EngineReport.fromJson(r.get("engine_check").toString()).describe()));
      }
    });
    out.printf("%-30s", "");
    results.keySet().forEach(k -> out.printf("%14s", k));
    if (results.size() > 1) {
      out.printf("%14s", "ratio");
    }
    out.println();
    String[][] rows = {
      {"step_s_median", "gradient step, median (s)"}, {"step_s_min", "gradient step, min (s)"},
      {"step_gflops", "step GFLOP/s"}, {"matmul_gflops", "matmul probe GFLOP/s (peak)"},
      {"step_fraction_of_peak", "step / peak"}, {"simple_s", "simple run, 100 steps (s)"},
      {"octaves_s", "octaves run, 5 x 50 (s)"}, {"tiled_s", "tiled run, 5 x 100 (s)"},
      {"tiled_fraction_of_peak", "tiled run / peak"}, {"start_to_first_step_s", "JVM start to first step (s)"},
      {"peak_rss_mb", "peak RSS (MB)"}, {"grad_cosine_to_fp32", "gradient cosine to fp32"},
    };
    for (String[] row : rows) {
      if (results.values().stream().noneMatch(r -> r.has(row[0]))) {
        continue;
      }
      out.printf("%-30s", row[1]);
      List<Double> vals = new ArrayList<>();
      for (JsonObject r : results.values()) {
        if (r.has(row[0])) {
          double v = r.get(row[0]).getAsDouble();
          vals.add(v);
          out.printf("%14s", row[0].endsWith("_mb") ? Long.toString(Math.round(v)) : String.format("%.4f", v));
        } else {
          out.printf("%14s", "-");
        }
      }
      if (results.size() > 1 && vals.size() == results.size() && vals.get(0) != 0) {
        out.printf("%14s", String.format("%.2fx", vals.get(vals.size() - 1) / vals.get(0)));
      }
      out.println();
    }
  }
}
