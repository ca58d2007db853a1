package dev.deepdream.cli;

import dev.deepdream.batch.BatchInputs;
import dev.deepdream.batch.BatchItem;
import dev.deepdream.batch.BatchOutcome;
import dev.deepdream.batch.BatchRunner;
import dev.deepdream.batch.BatchSummary;
import dev.deepdream.batch.FolderTarget;
import dev.deepdream.batch.Manifest;
import dev.deepdream.batch.ManifestEntry;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.model.ModelStore;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.SettingsCodec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deepdream batch INPUT... -o OUTDIR}: dreams many photos with one model load, records each
 * in {@code OUTDIR/manifest.jsonl} and resumes where a stopped run left off. The work is the
 * library's {@link BatchRunner}; this command parses, reports progress and sets the exit code.
 */
@Command(name = "batch",
    sortOptions = false,
    description = "Dream on many photos (files, folders searched recursively, or quoted globs such as "
        + "'photos/**/*.jpg') with the same settings, one output per input under OUTDIR at its relative path. "
        + "OUTDIR/manifest.jsonl records each input; a rerun skips those already done with the same input and "
        + "settings. --seed S gives each input a seed derived from S and its relative path.")
final class BatchCommand implements Callable<Integer>, Main.UsesEngine, DreamOptions.Taker {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "photos, folders or globs")
  List<String> inputs;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTDIR",
      description = "output folder (created when missing)")
  Path outDir;

  @Option(names = "--format", defaultValue = "png", paramLabel = "png|jpg",
      description = "output format (default: ${DEFAULT-VALUE}; PNG keeps the settings as metadata)")
  String format;

  @Option(names = "--quality", defaultValue = "0.92", description = "JPEG quality 0..1 (default: ${DEFAULT-VALUE})")
  float quality;

  @Option(names = "--jobs", defaultValue = "1", paramLabel = "N",
      description = "inputs in flight at once; only 1: dreams run one at a time per JVM (the engine's gradient "
          + "collector is global) and reading and writing are a tiny share of each (default: ${DEFAULT-VALUE})")
  int jobs;

  @Option(names = "--max-megapixels", defaultValue = "100",
      description = "refuse larger inputs (default: ${DEFAULT-VALUE})")
  long maxMegapixels;

  @Option(names = {"-f", "--force"}, description = "redo inputs an earlier run finished")
  boolean force;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!fmt.equals("png") && !fmt.equals("jpg")) {
      throw new BadOptionException("--format must be png or jpg, got '" + format + "'");
    }
    if (jobs != 1) {
      throw new BadOptionException("--jobs " + jobs + ": only 1 is supported; dreams run one at a time per process "
          + "(the engine's gradient collector is global), so more jobs would not be faster");
    }
    if (quality < 0 || quality > 1) {
      throw new BadOptionException("--quality must be between 0 and 1, got " + quality);
    }
    if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
      throw new BadOptionException("output " + outDir + " is a file, not a folder");
    }
    long maxPixels = maxMegapixels * 1_000_000;
    List<BatchInputs.Input> found = BatchInputs.expand(inputs, outDir);
    FolderTarget target = new FolderTarget(outDir, fmt, quality);
    checkOutputs(found, target);
    Manifest manifest = Manifest.in(outDir);
    Map<String, ManifestEntry> previous = manifest.read();
    Map<String, List<String>> given = DreamOptions.given(spec);
    long batchSeed = manifest.batchSeed(given.containsKey("seed") ? given.get("seed").get(0) : null);
    Map<String, List<String>> settings = new LinkedHashMap<>(given);
    settings.put("seed", List.of(Long.toString(batchSeed)));
    DreamConfig config = SettingsCodec.decode(settings, ImageSource.files(maxPixels));
    List<BatchItem> items = new ArrayList<>();
    for (BatchInputs.Input in : found) {
      items.add(BatchItem.of(in.path(), in.relative(), batchSeed));
    }
    Files.createDirectories(outDir);
    err.println("batch: " + items.size() + " input" + (items.size() == 1 ? "" : "s") + ", seed " + batchSeed
        + (given.containsKey("seed") ? "" : " (recorded; give --seed to choose)") + ", manifest " + manifest.file());
    err.flush();
    BatchSummary summary;
    try (Progress progress = new Progress(err, Progress.stderrIsTerminal());
        DeepDream dd = new DeepDream(ModelStore.standard(progress));
        manifest) {
      BatchRunner runner = new BatchRunner(dd, config, target, previous, force, maxPixels);
      summary = runner.run(items, manifest.sink().andThen(new BatchProgress(progress, err)));
    }
    for (BatchOutcome f : summary.failed()) {
      err.println("deepdream: error: " + f.item().input() + ": " + f.error());
    }
    err.flush();
    out.println("batch: " + summary + "; outputs in " + outDir + ", manifest " + manifest.file());
    out.flush();
    return summary.failed().isEmpty() ? 0 : 1;
  }


  /** Two inputs must not share an output, and no output may be an input. */
  private static void checkOutputs(List<BatchInputs.Input> found, FolderTarget target) throws java.io.IOException {
    Map<Path, Path> byOutput = new HashMap<>();
    for (BatchInputs.Input in : found) {
      Path o = target.dir().resolve(target.relativeOutput(in.relative())).toAbsolutePath().normalize();
      Path other = byOutput.put(o, in.path());
      if (other != null) {
        throw new BadOptionException("inputs " + other + " and " + in.path() + " would both write " + o
            + " (rename one, or dream them in separate batches)");
      }
      if (Files.exists(o) && Files.isSameFile(o, in.path())) {
        throw new BadOptionException("output " + o + " is the input file; refusing to overwrite the input");
      }
    }
  }
}
