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
 * model folder (its quantization kept), the nsfwjs npm tarball or an ONNX file (its graph
 * converted by {@link OnnxImport}, float32). Each is checked against its graph before an entry is
 * written.
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
   * Imports a file or folder: a Keras HDF5 file, a TF.js model folder (plain or nsfwjs-wrapped),
   * the nsfwjs npm tarball or an ONNX file, whose pixels {@code input} describes (null: the known
   * model's, else 0..1 RGB). {@code name} defaults to inception_v3 for weights-only HDF5 files, to
   * the folder's name for TF.js models and to the file's for ONNX. Returns the names imported.
   */
  List<String> importPath(Path path, String name, boolean byName, InputConvention input) throws IOException {
    if (!Files.exists(path)) {
      throw new java.nio.file.NoSuchFileException(path.toString(), null, "no such file or folder");
    }
    String file = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (file.endsWith(".onnx")) {
      String n = name != null ? name : path.getFileName().toString().replaceFirst("(?i)\\.onnx$", "");
      importOnnx(path, n, input, path.toAbsolutePath().toString());
      return List.of(n);
    }
    if (input != null) {
      throw new IllegalArgumentException(path + " is not an ONNX file: an input convention is given for ONNX files "
          + "alone (Keras and TF.js models are known by name or take -1..1)");
    }
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
        + "model folder, the nsfwjs .tgz package or an .onnx file)");
  }

  /**
   * Converts an ONNX file into the cache under {@code name}: its graph as ONNX kinds of layers, its
   * weights as float32, its pixels by {@code input} (null: a known model's own, else 0..1 RGB, said
   * to the listener).
   */
  void importOnnx(Path file, String name, InputConvention input, String source) throws IOException {
    ModelInfo known = KnownModels.info(name);
    InputConvention convention = input;
    if (known != null && known.input() == null) {
      throw new IllegalArgumentException(name + " is a known model that is not an ONNX graph; import " + file
          + " under another name");
    }
    if (known != null && input != null && !input.equals(known.inputConvention())) {
      throw new IllegalArgumentException(name + " takes its pixels as " + known.inputConvention().describe()
          + "; import it without an input convention, or under another name");
    }
    if (convention == null) {
      convention = known != null ? known.inputConvention() : InputConvention.range(0, 1);
    }
    byte[] bytes = Files.readAllBytes(file);
    OnnxImport.Result r = OnnxImport.read(bytes, file.toString(), convention);
    KerasGraph graph = KerasGraph.fromConfig(r.modelConfig());
    LayerWeights.bind(graph, r.weights());
    ModelInfo info;
    if (known != null) {
      for (String l : known.defaultLayers().split(",")) {
        if (!graph.has(l)) {
          throw new ModelFormatException(file + " is not " + known.description() + ": it has no layer " + l);
        }
      }
      info = known;
    } else {
      info = new ModelInfo(name, "ONNX model imported from " + file.getFileName(), 0, 1, null, r.defaultLayer(), null,
          null, false, null, "unknown (imported by the user)").withInput(convention);
    }
    ModelInfo finalInfo = info.withSource(source, Sha256.hex(bytes), false);
    if (entries.write(name, dir -> CachedModel.writeFloat32(dir, CachedModel.topologyOf(r.modelConfig()), r.weights(),
        finalInfo))) {
      listener.message("Cached " + name + " from " + source + " (pixels: " + convention.describe() + ")");
      if (known == null && input == null) {
        listener.message(name + " takes its pixels as " + convention.describe() + "; if it was trained otherwise, "
            + "import it again with --input-range, --mean, --std and --bgr");
      }
    }
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
