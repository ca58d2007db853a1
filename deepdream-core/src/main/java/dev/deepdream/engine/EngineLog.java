package dev.deepdream.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The engine's own log on stderr. PyTorch's natives print warnings that mean nothing to a user
 * (on CPUs without NNPACK, "Could not initialize NNPACK! Reason: Unsupported hardware" whenever a
 * small convolution is computed) through c10's logging, whose threshold is the global
 * {@code FLAGS_caffe2_log_level} in libc10. No DJL API and no environment variable reaches it
 * from the JVM (libtorch reads {@code TORCH_CPP_LOG_LEVEL} only when Python starts it), so it is
 * set through JNA, which DJL already ships.
 */
public final class EngineLog {
  private static final int WARNING = 1;
  private static final int ERROR = 2;

  private EngineLog() {}

  /**
   * Shows the engine's warnings ({@code true}) or only its errors; starts the engine if it has not
   * started. Returns false when the engine is not PyTorch or its log level cannot be found (then
   * nothing changed).
   */
  public static boolean showWarnings(boolean show) {
    Engine.getInstance();
    try {
      String dir = LibUtils.getLibtorchPath();
      NativeLibrary.addSearchPath("c10", dir);
      Pointer level = NativeLibrary.getInstance("c10").getGlobalVariableAddress("FLAGS_caffe2_log_level");
      level.setInt(0, show ? WARNING : ERROR);
      return true;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
