package dev.deepdream.cli;

import dev.deepdream.model.InputConvention;
import dev.deepdream.model.KnownModels;
import dev.deepdream.model.ModelInfo;
import dev.deepdream.model.ModelStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deepdream models}: list, fetch and import models. */
@Command(name = "models",
    description = "List the cached models (source, size, hash, quantized or not).",
    subcommands = {ModelsCommand.Fetch.class, ModelsCommand.Import.class})
final class ModelsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ModelStore store = ModelStore.standard(ModelStore.Listener.silent());
    List<ModelStore.Entry> entries = store.list();
    out.println("Model cache: " + store.home());
    // One line per model: entries with the same weights from the same source are one model under
    // several names (the npm copy is cached as inception_v3 and as inception_v3@nsfwjs).
    Map<String, List<ModelStore.Entry>> models = new LinkedHashMap<>();
    for (ModelStore.Entry e : entries) {
      models.computeIfAbsent(e.info().sha256() + " " + e.info().source(), k -> new ArrayList<>()).add(e);
    }
    List<String> names = new ArrayList<>();
    for (List<ModelStore.Entry> same : models.values()) {
      String aliases = same.stream().skip(1).map(ModelStore.Entry::name).collect(Collectors.joining(", "));
      names.add(same.get(0).name() + (aliases.isEmpty() ? "" : " (also " + aliases + ")"));
    }
    int width = names.stream().mapToInt(String::length).max().orElse(0);
    int i = 0;
    for (List<ModelStore.Entry> same : models.values()) {
      ModelStore.Entry e = same.get(0);
      ModelInfo info = e.info();
      out.printf("%-" + width + "s  %6.1f MB  %-15s  sha256 %s  from %s%s%s%n", names.get(i++), e.sizeBytes() / 1e6,
          info.quantized() ? "uint8-quantized" : "float32", info.sha256() == null ? "?"
              : info.sha256().substring(0, 16) + "...", info.source(),
          info.imagenetSummary() == null ? "" : "; " + info.imagenetSummary(),
          info.input() == null ? "" : "; pixels " + info.input().describe());
    }
    for (String known : KnownModels.names()) {
      if (entries.stream().noneMatch(e -> e.name().equals(known))) {
        out.printf("%-" + width + "s  not cached (deepdream models fetch %s)%n", known, known);
      }
    }
    out.flush();
    return 0;
  }

  /** {@code deepdream models fetch NAME}. */
  @Command(name = "fetch",
      description = "Fetch a known model into the cache (inception_v3: Keras's download, else npm; mobilenet_v2: npm; "
          + "googlenet: the ONNX Model Zoo, SHA-256 checked).")
  static final class Fetch implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", defaultValue = KnownModels.DEFAULT, description = "model name (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--force", description = "fetch again even if cached, replacing the entry in one step (repairs a "
        + "damaged one)")
    boolean force;

    @Override
    public Integer call() throws Exception {
      try (Progress progress = new Progress(spec.commandLine().getErr(), Progress.stderrIsTerminal())) {
        ModelStore store = ModelStore.standard(progress);
        // The store decides under the model's lock: another process may be fetching it right now.
        if (store.fetch(name, force)) {
          spec.commandLine().getOut().println("cached " + name + " from " + store.info(name).source());
        } else {
          spec.commandLine().getOut().println(name + " is already cached (" + store.info(name).source()
              + "; --force fetches it again)");
        }
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code deepdream models import FILE-OR-FOLDER}. */
  @Command(name = "import",
      description = "Import a Keras .h5 file, a TF.js model folder, the nsfwjs npm .tgz or an ONNX file into the "
          + "cache.")
  static final class Import implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE-OR-FOLDER")
    Path path;

    @Option(names = "--name", description = "name to store it under (default: inception_v3 for weights-only .h5, "
        + "else the folder name)")
    String name;

    @Option(names = "--by-name", description = "pair HDF5 weights with layers by name instead of by order")
    boolean byName;

    @Option(names = "--input-range", paramLabel = "LO..HI", description = "ONNX: the range the network takes pixels "
        + "0..255 in: 0..1, 0..255 or -1..1 (default 0..1; googlenet: its own)")
    String inputRange;

    @Option(names = "--mean", paramLabel = "R,G,B", description = "ONNX: subtracted per channel, in R,G,B order and "
        + "the range's units, whatever channel order the network takes")
    String mean;

    @Option(names = "--std", paramLabel = "R,G,B", description = "ONNX: divided by per channel after the mean, R,G,B")
    String std;

    @Option(names = "--bgr", description = "ONNX: the network takes B,G,R: the channels are swapped after the mean "
        + "and std (Caffe's models)")
    boolean bgr;

    @Override
    public Integer call() throws Exception {
      InputConvention input = convention();
      try (Progress progress = new Progress(spec.commandLine().getErr(), Progress.stderrIsTerminal())) {
        ModelStore store = ModelStore.standard(progress);
        List<String> names;
        try {
          names = path.getFileName() != null && path.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
              .endsWith(".onnx") ? List.of(store.importOnnx(path, name, input)) : store.importPath(path, name, byName);
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage()); // bad usage: exit 2
        }
        spec.commandLine().getOut().println("imported " + String.join(", ", names));
      }
      spec.commandLine().getOut().flush();
      return 0;
    }

    /** The input convention the options give, or null when none is given. */
    private InputConvention convention() {
      if (inputRange == null && mean == null && std == null && !bgr) {
        return null;
      }
      String file = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      if (!file.endsWith(".onnx")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--input-range, --mean, --std and --bgr describe "
            + "an ONNX file's input; " + path + " is not an .onnx file");
      }
      try {
        double[] range = inputRange == null ? new double[] {0, 1} : InputConvention.parseRange(inputRange);
        double[] m = mean == null ? null : InputConvention.parseRgb(mean, "--mean");
        for (int c = 0; m != null && c < 3; c++) {
          if (m[c] < range[0] || m[c] > range[1]) {
            throw new IllegalArgumentException("--mean " + mean + " lies outside the input range " + (inputRange == null
                ? "0..1 (the default; give --input-range, e.g. 0..255)" : inputRange));
          }
        }
        return new InputConvention(range[0], range[1], m, std == null ? null : InputConvention.parseRgb(std, "--std"),
            bgr);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
  }
}
