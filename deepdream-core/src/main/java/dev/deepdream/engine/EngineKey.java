package dev.deepdream.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import dev.deepdream.io.Sha256;
import dev.deepdream.model.ModelInfo;
import dev.deepdream.model.Network;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an engine check's verdict depends on: the CPU (model, family, flags), the engine and its
 * natives, the device, the threads and oneDNN's math mode (both change the kernels chosen), the
 * model's weights, and the check's own version. A stored verdict is reused only under an equal key.
 *
 * @param check the version of the check's rules; raised when they change
 * @param cpu the CPU model name
 * @param cpuFamily the CPU family, or ""
 * @param cpuFlags SHA-256 of the CPU's sorted flags
 * @param engine engine name and version, e.g. "PyTorch 2.7.1"
 * @param natives the natives' folder, e.g. "2.7.1-20250812-cpu-linux-x86_64"
 * @param device the device the network computes on, e.g. "cpu()"
 * @param threads the engine's intra-op threads
 * @param fpmath oneDNN's default math mode ({@code ONEDNN_DEFAULT_FPMATH_MODE}), or "default"
 * @param model the model's name
 * @param modelSha256 SHA-256 over the model's weights and topology hashes
 */
public record EngineKey(int check, String cpu, String cpuFamily, String cpuFlags, String engine, String natives,
    String device, int threads, String fpmath, String model, String modelSha256) {
  /** The version of the check's rules (probes, tolerances, candidates). */
  public static final int CHECK_VERSION = 1;

  /** The key for {@code network} on this machine now. */
  public static EngineKey of(Network network) {
    CpuInfo cpu = CpuInfo.current();
    Engine engine = Engine.getInstance();
    String natives;
    int threads;
    try {
      natives = Path.of(LibUtils.getLibtorchPath()).getFileName().toString();
      threads = JniUtils.getNumThreads();
    } catch (RuntimeException | LinkageError e) { // another engine than PyTorch
      natives = engine.getEngineName();
      threads = cpu.cores();
    }
    String fpmath = System.getenv("ONEDNN_DEFAULT_FPMATH_MODE");
    return new EngineKey(CHECK_VERSION, cpu.model(), cpu.family(), sha(String.join(" ", cpu.flags())),
        engine.getEngineName() + " " + engine.getVersion(), natives, network.device().toString(), threads,
        fpmath == null || fpmath.isBlank() ? "default" : fpmath, network.info().name(), modelHash(network.info()));
  }

  /** A copy with another engine description (tests: a changed engine must redo the check). */
  public EngineKey withEngine(String newEngine) {
    return new EngineKey(check, cpu, cpuFamily, cpuFlags, newEngine, natives, device, threads, fpmath, model,
        modelSha256);
  }

  /** A copy with other CPU flags (tests: a changed CPU must redo the check). */
  public EngineKey withCpuFlags(String flagsText) {
    return new EngineKey(check, cpu, cpuFamily, sha(flagsText), engine, natives, device, threads, fpmath, model,
        modelSha256);
  }

  /** The fields that differ from {@code other}'s, for saying why a check is redone. */
  public String differences(EngineKey other) {
    Map<String, String> a = fields(this);
    Map<String, String> b = fields(other);
    StringBuilder out = new StringBuilder();
    a.forEach((k, v) -> {
      if (!v.equals(b.get(k))) {
        out.append(out.length() == 0 ? "" : ", ").append(k);
      }
    });
    return out.toString();
  }

  private static Map<String, String> fields(EngineKey k) {
    Map<String, String> m = new TreeMap<>();
    m.put("check version", Integer.toString(k.check));
    m.put("CPU", k.cpu + " " + k.cpuFamily);
    m.put("CPU flags", k.cpuFlags);
    m.put("engine", k.engine);
    m.put("natives", k.natives);
    m.put("device", k.device);
    m.put("threads", Integer.toString(k.threads));
    m.put("math mode", k.fpmath);
    m.put("model", k.model + " " + k.modelSha256);
    return m;
  }

  private static String modelHash(ModelInfo info) {
    StringBuilder s = new StringBuilder(String.valueOf(info.sha256()));
    if (info.fileSha256() != null) {
      new TreeMap<>(info.fileSha256()).forEach((f, h) -> s.append(' ').append(f).append('=').append(h));
    }
    return sha(s.toString());
  }

  private static String sha(String text) {
    return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
  }
}
