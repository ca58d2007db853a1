package dev.deepdream.model;

import dev.deepdream.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Known models fetched from where they are published: InceptionV3 from Keras's canonical address
 * (MD5 checked), else, and MobileNetV2 always, from the npm package nsfwjs through the user's own
 * npm client; GoogLeNet from the ONNX Model Zoo (SHA-256 and size checked).
 */
final class ModelFetches {
  /** What the npm fallback for InceptionV3 lacks, told whenever the store falls back to it. */
  private static final String NPM_CAVEAT = " (its layers mixed6..mixed10 were fine-tuned by nsfwjs and are not "
      + "ImageNet features)";

  private final Path home;
  private final ModelStore.Sources sources;
  private final ModelStore.Listener listener;
  private final ModelEntries entries;
  private final ModelImports imports;

  ModelFetches(Path home, ModelStore.Sources sources, ModelStore.Listener listener, ModelEntries entries,
      ModelImports imports) {
    this.home = home;
    this.sources = sources;
    this.listener = listener;
    this.entries = entries;
    this.imports = imports;
  }

  /** Fetches {@code name}, holding its lock already: Keras's download for InceptionV3, else npm. */
  void fetchLocked(String name) throws IOException {
    if (name.equals(KnownModels.GOOGLENET)) {
      fetchOnnx(name, sources.googlenet());
      return;
    }
    List<String> failures = new ArrayList<>();
    if (name.equals(KnownModels.INCEPTION_V3) && fetchKerasInception(failures)) { // not for inception_v3@nsfwjs
      return;
    }
    try {
      fetchFromNpm(name);
      if (entries.isCached(name)) {
        return;
      }
      failures.add("npm package " + sources.npmPackage() + " has no " + name);
    } catch (IOException | ModelFormatException e) {
      failures.add(e.getMessage());
    }
    throw new ModelUnavailableException("model " + name + " is not cached and could not be fetched ("
        + String.join("; ", failures) + "). Place a weights file by hand: download "
        + (name.equals(KnownModels.INCEPTION_V3) ? sources.kerasUrl() : "the npm package " + sources.npmPackage())
        + " elsewhere and pass it with --weights FILE (or 'deepdream models import FILE')");
  }

  /**
   * Downloads and converts Keras's InceptionV3 file; false (with the reason added to
   * {@code failures} and told to the listener) when the npm copy must do instead.
   */
  private boolean fetchKerasInception(List<String> failures) throws IOException {
    Path downloads = home.resolve("downloads");
    String file = Path.of(sources.kerasUrl().getPath()).getFileName().toString();
    Path target = downloads.resolve(file);
    listener.message("Downloading InceptionV3 ImageNet weights from " + sources.kerasUrl());
    try {
      new Downloader(sources.connectTimeout()).download(sources.kerasUrl(), target, sources.kerasMd5(),
          (done, total) -> listener.progress("download", done, total));
    } catch (IOException e) {
      failures.add(e.getMessage());
      listener.message("Keras download unavailable (" + e.getMessage() + "); trying npm package "
          + sources.npmPackage() + NPM_CAVEAT);
      return false;
    }
    try {
      imports.importKerasH5(target, KnownModels.INCEPTION_V3, false, kerasSource());
      return true;
    } catch (IOException | RuntimeException e) {
      // The file's hash was right, so the file is fine and the converter is wrong: say so, not "unavailable".
      String cause = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
      failures.add("the Keras download (MD5 verified) could not be converted: " + cause);
      listener.message("The Keras download succeeded (MD5 verified) but converting it failed, which is a bug in "
          + "deepdream (" + cause + "); trying npm package " + sources.npmPackage() + NPM_CAVEAT);
      return false;
    } finally {
      Files.deleteIfExists(target); // the converted cache entry replaces it
    }
  }

  /**
   * Downloads a pinned ONNX file (its size and SHA-256 checked) and imports it under {@code name}
   * with the known model's input convention.
   */
  private void fetchOnnx(String name, KnownModels.Download d) throws IOException {
    String file = Path.of(d.url().getPath()).getFileName().toString();
    Path target = home.resolve("downloads").resolve(file);
    listener.message("Downloading " + name + " from " + d.url());
    try {
      new Downloader(sources.connectTimeout()).download(d.url(), target, "SHA-256", d.sha256(), d.size(),
          (done, total) -> listener.progress("download", done, total));
    } catch (IOException e) {
      throw new ModelUnavailableException("model " + name + " is not cached and could not be fetched ("
          + e.getMessage() + "). Fetch it with 'deepdream models fetch " + name + "' where " + d.url().getHost()
          + " can be reached, or download " + file + " (SHA-256 " + d.sha256() + ", " + d.size() + " bytes) "
          + "elsewhere, e.g. from the ONNX Model Zoo's copy on Hugging Face (https://huggingface.co/onnxmodelzoo; the "
          + "zoo said its Git LFS downloads may stop), and run 'deepdream models import FILE --name " + name + "'");
    }
    try {
      imports.importOnnx(target, name, null, "ONNX Model Zoo download " + d.url() + " (sha256 " + d.sha256() + ")");
    } catch (RuntimeException e) {
      // The file is the published one, so the importer is wrong: say so, not "unavailable".
      throw new IllegalStateException("the " + name + " download (SHA-256 verified) could not be imported, which is "
          + "a bug in deepdream: " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(target); // the converted cache entry replaces it
    }
  }

  /** How a cache entry converted from Keras's download names its source. */
  private String kerasSource() {
    return "Keras applications download " + sources.kerasUrl() + " (md5 " + sources.kerasMd5() + ")";
  }

  /** As above; the plain name {@code replace} is replaced even when cached (a forced fetch). */
  void fetchFromNpm(String replace) throws IOException {
    Path tmp = Files.createTempDirectory("deepdream-npm");
    try {
      listener.message("Fetching " + sources.npmPackage() + " with npm pack");
      List<String> cmd = new ArrayList<>(sources.npmCommand());
      cmd.addAll(List.of("pack", sources.npmPackage(), "--silent"));
      Process p;
      try {
        p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new IOException("cannot run '" + String.join(" ", sources.npmCommand()) + "' (is npm installed?)", e);
      }
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      boolean done = p.waitFor(10, TimeUnit.MINUTES);
      if (!done || p.exitValue() != 0) {
        p.destroyForcibly();
        String text = new String(out, StandardCharsets.UTF_8).strip();
        throw new IOException("npm pack " + sources.npmPackage() + " failed" + (text.isEmpty() ? "" : ": "
            + lastLine(text)));
      }
      Path tgz;
      try (Stream<Path> files = Files.list(tmp)) {
        tgz = files.filter(f -> f.toString().endsWith(".tgz")).findFirst()
            .orElseThrow(() -> new IOException("npm pack " + sources.npmPackage() + " wrote no .tgz file"));
      }
      imports.importNpmPackage(tgz, false, replace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("npm pack interrupted", e);
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.split("\\R");
    return lines[lines.length - 1];
  }
}
