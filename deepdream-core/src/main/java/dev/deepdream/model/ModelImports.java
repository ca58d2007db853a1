package dev.deepdream.model;

import com.google.gson.JsonObject;
import dev.deepdream.io.AtomicFiles;
import dev.deepdream.io.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Models brought into the cache from files: a Keras HDF5 file (converted to float32), a TF.js
 * model folder (its quantization kept) or the nsfwjs npm tarball. Each is checked against its
 * graph before an entry is written.
 */
final class ModelImports {
  private final ModelEntries entries;
  private final ModelStore.Listener listener;
  private final String npmPackage;

  ModelImports(ModelEntries entries, ModelStore.Listener listener, String npmPackage) {
    this.entries = entries;
    this.listener = listener;
    this.npmPackage = npmPackage;
  }

  /**
   * As above; with {@code replacePlain} false, a plain name already cached (e.g. Keras's copy) is
   * kept, except {@code replace}.
   */
  List<String> importNpmPackage(Path tgz, boolean replacePlain, String replace) throws IOException {
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
          String source = "npm package " + npmPackage + " (dist/models/" + name + ")";
          importTfjs(folder, name + KnownModels.NPM_COPY, source);
          if (replacePlain || name.equals(replace) || !entries.isCached(name)) {
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
  List<String> importPath(Path path, String name, boolean byName) throws IOException {
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
      return importNpmPackage(path, true, null);
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
    if (entries.write(name, dir -> CachedModel.writeFloat32(dir, CachedModel.topologyOf(modelConfig), weights, info))) {
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
    if (entries.write(name, dir -> CachedModel.write(dir, tfjs.topology(), tfjs.manifestEntries(), tfjs.weightBytes(),
        finalInfo))) {
      listener.message("Cached " + name + " from " + source);
    }
  }

  private static ModelInfo infoFor(String name) {
    ModelInfo known = KnownModels.info(name);
    return known != null ? known
        : new ModelInfo(name, "imported Keras model " + name, -1, 1, null, null, null, null, false, null, "unknown");
  }
}
