package dev.deepdream.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.LibUtils;
import dev.deepdream.dream.Version;
import dev.deepdream.model.ModelStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code deepdream doctor}: what the program runs on (engine, natives flavour, device) and a quick check of it. */
@Command(name = "doctor", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "Show the engine, the natives' flavour (cpu or a CUDA build), the device dreams run on, the model "
        + "cache and ffmpeg, and check that the device computes.")
final class DoctorCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    out.println("deepdream " + Version.get() + " on Java " + System.getProperty("java.version") + " ("
        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")");
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
    ModelStore store = ModelStore.standard(ModelStore.Listener.silent());
    out.println("models:  " + store.home() + " (" + store.list().size() + " cached)");
    out.println("ffmpeg:  " + (Animation.ffmpegAvailable() ? "found" : "not found (needed for video and MP4 output: " + dev.deepdream.video.Ffmpeg.INSTALL_HINT + ")"));
    out.flush();
    return 0;
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
