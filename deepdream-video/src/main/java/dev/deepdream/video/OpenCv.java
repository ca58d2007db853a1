package dev.deepdream.video;

/** Loads OpenCV's natives (shipped in the openpnp jar) once per JVM. */
final class OpenCv {
  private static volatile boolean loaded;

  private OpenCv() {}

  static void load() {
    if (!loaded) {
      synchronized (OpenCv.class) {
        if (!loaded) {
          nu.pattern.OpenCV.loadLocally();
          loaded = true;
        }
      }
    }
  }
}
