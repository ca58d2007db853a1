package dev.deepdream.spark;

import dev.deepdream.batch.BatchInputs;
import dev.deepdream.batch.BatchItem;
import dev.deepdream.batch.BatchOutcome;
import dev.deepdream.batch.BatchRunner;
import dev.deepdream.batch.BatchSummary;
import dev.deepdream.batch.FolderTarget;
import dev.deepdream.batch.Manifest;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.SettingsCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The photo batch as a Spark application (the main class for {@code spark-submit}). The driver
 * expands the inputs, validates the settings, skips inputs an earlier run finished, and
 * distributes the rest; each executor dreams its partitions with one model load
 * ({@link DreamPartition}); the driver then moves the committed outputs into OUTDIR, appends
 * {@code OUTDIR/manifest.jsonl} and exits 1 when any input failed. Inputs and OUTDIR are plain
 * paths that every executor sees (local in local mode, a shared mount on a cluster); the input
 * list may be on any Hadoop file system.
 */
public final class SparkBatch {
  private SparkBatch() {}

  /** Runs the job; exit code 0 when every input is done or skipped, 1 when any failed, 2 for bad usage. */
  public static void main(String[] args) throws Exception {
    int code;
    try {
      code = run(JobArgs.parse(args), (SparkConf) null).failed().isEmpty() ? 0 : 1;
    } catch (BadOptionException e) {
      System.err.println("deepdream-spark: " + e.getMessage());
      code = 2;
    }
    System.exit(code);
  }

  /**
   * Runs the job with {@code conf} (null: a new one, with {@code args.master()} when given).
   *
   * @return every input's outcome
   */
  public static BatchSummary run(JobArgs args, SparkConf conf) throws IOException {
    SparkConf c = conf != null ? conf : new SparkConf().setAppName("deepdream batch");
    if (args.master() != null) {
      c.setMaster(args.master());
    }
    try (JavaSparkContext sc = new JavaSparkContext(c)) {
      return run(args, sc);
    }
  }

  /** Runs the job on a running context. */
  public static BatchSummary run(JobArgs args, JavaSparkContext sc) throws IOException {
    Path outDir = args.outDir();
    if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
      throw new BadOptionException("output " + outDir + " is a file, not a folder");
    }
    List<String> specs = new ArrayList<>(args.inputs());
    if (args.inputList() != null) {
      specs.addAll(readList(args.inputList(), sc));
    }
    List<BatchInputs.Input> found = BatchInputs.expand(specs, outDir);
    Manifest manifest = Manifest.in(outDir);
    Map<String, List<String>> settings = new LinkedHashMap<>(args.settings());
    long batchSeed = manifest.batchSeed(settings.containsKey("seed") ? settings.get("seed").get(0) : null);
    settings.put("seed", List.of(Long.toString(batchSeed)));
    // Decoded here to reject bad settings before any executor starts; executors decode the same text.
    DreamConfig config = SettingsCodec.decode(settings, ImageSource.files(args.maxPixels()));
    FolderTarget finals = new FolderTarget(outDir, args.format(), args.quality());
    // No dreamer: the driver only decides, with the CLI batch's own rule, what is already done.
    BatchRunner decider = new BatchRunner(null, config, finals, manifest.read(), args.force(), args.maxPixels());

    BatchSummary summary = new BatchSummary();
    List<ItemSpec> todo = new ArrayList<>();
    for (BatchInputs.Input in : found) {
      BatchItem item = BatchItem.of(in.path(), in.relative(), batchSeed);
      BatchOutcome skipped = decider.skippedIfFinished(item);
      if (skipped != null) {
        summary.add(skipped);
      } else {
        todo.add(new ItemSpec(in.path().toString(), in.relative(), batchSeed));
      }
    }
    System.err.println("deepdream-spark: " + found.size() + " inputs, " + todo.size() + " to dream, seed "
        + batchSeed + ", manifest " + manifest.file());
    if (todo.isEmpty()) {
      return summary;
    }
    Files.createDirectories(outDir);
    Staging staging = Staging.of(outDir, sc.sc().applicationId() + "-" + System.nanoTime());
    int slices = args.partitions() > 0 ? args.partitions() : Math.min(todo.size(), sc.defaultParallelism());
    DreamPartition task = new DreamPartition(settings, outDir.toString(), args.format(), args.quality(),
        args.maxPixels(), staging);
    List<OutcomeRow> rows = sc.parallelize(todo, slices).mapPartitions(task).collect();
    try (manifest) {
      for (OutcomeRow row : rows) {
        BatchOutcome o = row.toOutcome();
        if (o.status() == BatchOutcome.Status.DONE) {
          staging.publish(finals.relativeOutput(o.item().relativePath()), finals.outputFor(o.item()));
        }
        manifest.append(manifest.entryOf(o));
        summary.add(o);
      }
    } finally {
      staging.delete();
    }
    System.err.println("deepdream-spark: " + summary);
    return summary;
  }

  /** The list file's non-blank lines, read through the Hadoop file system its path names. */
  static List<String> readList(String path, JavaSparkContext sc) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    FileSystem fs = p.getFileSystem(sc.hadoopConfiguration());
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line.strip());
        }
      }
    }
    return out;
  }
}
