package dev.deepdream.spark;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.model.ModelStore;
import org.apache.spark.SparkEnv;

/**
 * The one {@link DeepDream} of an executor JVM. A task's closure is deserialized per task, so the
 * dreamer lives in a static field: the model loads once per executor, on its first dream, from
 * the store at {@code deepdream.home} / {@code DEEPDREAM_HOME} (the executor's cache, or a model
 * archive shipped with {@code --archives}). DeepDream runs one dream at a time itself, so tasks
 * sharing it need no lock of their own. Its creation is told on the executor's stderr (which
 * executor, which process, which model home), so a cluster's logs show where the model came from.
 */
public final class ExecutorDreamer {
  private static DeepDream dreamer;

  private ExecutorDreamer() {}

  /** This JVM's dreamer, created on first use and closed when the JVM exits. */
  public static synchronized DeepDream get() {
    if (dreamer == null) {
      ModelStore store = modelStore();
      SparkEnv env = SparkEnv.get();
      System.err.println("deepdream-spark: executor " + (env != null ? env.executorId() : "-") + " (pid "
          + ProcessHandle.current().pid() + ") takes its models from " + store.home().toAbsolutePath());
      DeepDream dd = new DeepDream(store);
      Runtime.getRuntime().addShutdownHook(new Thread(dd::close, "deepdream-close"));
      dreamer = dd;
    }
    return dreamer;
  }

  /**
   * The model store at {@code deepdream.home} / {@code DEEPDREAM_HOME}, its messages on stderr: the
   * executors' and the video driver's (which loads the model to plan the render).
   */
  static ModelStore modelStore() {
    return ModelStore.standard(text -> System.err.println("[deepdream model] " + text));
  }
}
