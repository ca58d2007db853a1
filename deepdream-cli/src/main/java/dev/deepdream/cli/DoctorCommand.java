package dev.deepdream.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.LibUtils;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.Version;
import dev.deepdream.engine.CpuInfo;
import dev.deepdream.engine.EngineCheckException;
import dev.deepdream.engine.EngineReport;
import dev.deepdream.model.KnownModels;
import dev.deepdream.model.ModelStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code deepdream doctor}: what the program runs on (engine, natives flavour, device) and a quick check of it. */
@Command(name = "doctor",
    description = "Show the CPU, the engine, the natives' flavour (cpu or a CUDA build), the device dreams run on, the "
        + "engine check of the default model (each execution plan tried against a float64 reference, its error and "
        + "speed, and the plan chosen), the model cache and ffmpeg.")
final class DoctorCommand implements Callable<Integer>, Main.UsesEngine {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    out.println("deepdream " + Version.get() + " on Java " + System.getProperty("java.version") + " ("
        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")");
    out.println("cpu:     " + CpuInfo.current().describe());
    Engine engine = Engine.getInstance();
    out.println("engine:  " + engine.getEngineName() + " " + engine.getVersion());
    Path natives = Path.of(LibUtils.getLibtorchPath());
    out.println("natives: " + flavour(natives) + " (" + natives + ")");
    Device device = engine.defaultDevice();
    out.println("device:  " + device + " (GPUs visible: " + engine.getGpuCount() + ")");
    try (NDManager m = NDManager.newBaseManager(device)) {
      float sum = m.ones(new ai.djl.ndarray.types.Shape(64, 64)).matMul(m.ones(new ai.djl.ndarray.types.Shape(64, 1)))
          .sum().getFloat();
      out.println("check:   64x64 matrix product on " + device + (sum == 4096f ? " ok" : " WRONG (" + sum + ")"));
    }
    String fpmath = System.getenv("ONEDNN_DEFAULT_FPMATH_MODE");
    out.println("oneDNN fpmath mode: " + (fpmath == null ? "default (fp32)" : fpmath));
    PrintWriter err = spec.commandLine().getErr();
    ModelStore store = ModelStore.standard(text -> {
      err.println(text);
      err.flush();
    });
    out.println("models:  " + store.home() + " (" + store.list().size() + " cached)");
    if (store.isCached(KnownModels.DEFAULT)) {
      try (DeepDream dd = new DeepDream(store)) {
        printCheck(out, dd.engineReport(KnownModels.DEFAULT));
      } catch (EngineCheckException e) {
        printCheck(out, e.report());
        out.flush();
        throw e;
      }
    } else {
      out.println("engine check: runs on the first use of a model (" + KnownModels.DEFAULT + " is not cached yet)");
    }
    out.println("ffmpeg:  " + (Animation.ffmpegAvailable() ? "found" : "not found (needed for video and MP4 output: " + dev.deepdream.video.Ffmpeg.INSTALL_HINT + ")"));
    out.flush();
    return 0;
  }

  private static void printCheck(PrintWriter out, EngineReport report) {
    for (String line : report.describe()) {
      if (!line.startsWith("CPU: ")) { // said above
        out.println(line);
      }
    }
  }

  /** cpu, cu124, ... from the natives folder's name (e.g. 2.7.1-20250812-cpu-linux-x86_64). */
  static String flavour(Path natives) {
    for (String part : natives.getFileName().toString().split("-")) {
      if (part.equals("cpu") || part.matches("cu\\d+")) {
        return part;
      }
    }
    return "unknown";
  }
}
