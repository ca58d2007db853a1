package dev.deepdream.spark;

import dev.deepdream.batch.BatchInputs;
import dev.deepdream.batch.BatchItem;
import dev.deepdream.batch.BatchOutcome;
import dev.deepdream.batch.BatchRunner;
import dev.deepdream.batch.BatchSummary;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The photo batch as a Spark application (the main class for {@code spark-submit}). The driver
 * expands the inputs, validates the settings, skips inputs an earlier run finished, and
 * distributes the rest; each executor dreams its partitions with one model load
 * ({@link DreamPartition}); the driver then moves the committed outputs into OUTDIR, appends
 * {@code OUTDIR/manifest.jsonl} and exits 1 when any input failed. Inputs, the input list and
 * OUTDIR are plain paths that every executor sees (local in local mode, a shared mount on a
 * cluster) or paths on any Hadoop file system ({@code hdfs://}, {@code s3a://}: {@link HadoopStore},
 * {@link HadoopInputs}).
 */
public final class SparkBatch {
  private SparkBatch() {}

  /** Runs the job; exit code 0 when every input is done or skipped, 1 when any failed, 2 for bad usage. */
  public static void main(String[] args) throws Exception {
    SparkArgs.exit(() -> run(JobArgs.parse(args), (SparkConf) null).failed().isEmpty() ? 0 : 1);
  }

  /**
   * Runs the job with {@code conf} (null: a new one, with {@code args.master()} when given).
   *
   * @return every input's outcome
   */
  public static BatchSummary run(JobArgs args, SparkConf conf) throws IOException {
    try (JavaSparkContext sc = new JavaSparkContext(SparkArgs.conf(conf, "deepdream batch", args.master()))) {
      return run(args, sc);
    }
  }

  /** Runs the job on a running context. */
  public static BatchSummary run(JobArgs args, JavaSparkContext sc) throws IOException {
    HadoopConf hadoopConf = HadoopConf.of(sc.hadoopConfiguration());
    OutputStore store = OutputStore.of(args.outDir(), sc.sc().applicationId() + "-" + System.nanoTime(), hadoopConf);
    store.prepare();
    List<String> specs = new ArrayList<>(args.inputs());
    if (args.inputList() != null) {
      specs.addAll(readList(args.inputList(), sc.hadoopConfiguration()));
    }
    List<ItemSpec> found = inputs(specs, args.outDir(), sc.hadoopConfiguration());
    Path scratch = Files.createTempDirectory("deepdream-spark-driver");
    try {
      return run(args, sc, store, hadoopConf, found, store.openManifest(scratch));
    } finally {
      Files.deleteIfExists(scratch.resolve(Manifest.FILE_NAME));
      Files.deleteIfExists(scratch);
    }
  }

  private static BatchSummary run(JobArgs args, JavaSparkContext sc, OutputStore store, HadoopConf hadoopConf,
      List<ItemSpec> found, Path manifestDir) throws IOException {
    Manifest manifest = Manifest.in(manifestDir);
    Map<String, List<String>> settings = new LinkedHashMap<>(args.settings());
    long batchSeed = manifest.batchSeed(settings.containsKey("seed") ? settings.get("seed").get(0) : null);
    settings.put("seed", List.of(Long.toString(batchSeed)));
    // Decoded here to reject bad settings before any executor starts; executors decode the same text.
    DreamConfig config = SettingsCodec.decode(settings, ImageSource.files(args.maxPixels()));
    // No dreamer: the driver only decides, with the CLI batch's own rule, what is already done.
    BatchRunner decider = new BatchRunner(null, config, new StoreView(store, manifestDir, args.format(),
        args.quality()), manifest.read(), args.force(), args.maxPixels());

    BatchSummary summary = new BatchSummary();
    List<ItemSpec> todo = new ArrayList<>();
    Configuration conf = sc.hadoopConfiguration();
    for (ItemSpec listed : found) {
      ItemSpec spec = new ItemSpec(listed.input(), listed.relativePath(), batchSeed);
      BatchItem item = spec.toItem();
      BatchOutcome skipped = Locations.isHadoop(spec.input())
          ? decider.skippedIfFinished(item, () -> HadoopInputs.sha256(spec.input(), conf))
          : decider.skippedIfFinished(item);
      if (skipped != null) {
        summary.add(skipped);
      } else {
        todo.add(spec);
      }
    }
    System.err.println("deepdream-spark: " + found.size() + " inputs, " + todo.size() + " to dream, seed "
        + batchSeed + ", manifest " + store.location() + "/" + Manifest.FILE_NAME);
    if (todo.isEmpty()) {
      return summary;
    }
    int slices = args.partitions() > 0 ? args.partitions() : Math.min(todo.size(), sc.defaultParallelism());
    DreamPartition task = new DreamPartition(settings, args.format(), args.quality(), args.maxPixels(), store,
        hadoopConf);
    List<OutcomeRow> rows = sc.parallelize(todo, slices).mapPartitions(task).collect();
    try {
      try (manifest) {
        for (OutcomeRow row : rows) {
          BatchOutcome o = row.toOutcome(manifestDir);
          if (o.status() == BatchOutcome.Status.DONE) {
            store.publish(row.output());
          }
          manifest.append(manifest.entryOf(o).withInput(row.item().input()));
          summary.add(o);
        }
      } finally {
        store.saveManifest(manifestDir);
      }
    } finally {
      store.deleteStaging();
    }
    System.err.println("deepdream-spark: " + summary);
    return summary;
  }

  /**
   * The inputs {@code specs} name, local paths and Hadoop ones, in the order named, each file once,
   * none under OUTDIR (their batch seed still 0).
   *
   * @throws BadOptionException naming a spec that matches nothing
   */
  static List<ItemSpec> inputs(List<String> specs, String outDir, Configuration conf) throws IOException {
    boolean hadoopOut = Locations.isHadoop(outDir);
    String excludeUri = hadoopOut ? HadoopInputs.qualified(outDir, conf) : null;
    Path excludePath = hadoopOut ? null : Locations.local(outDir);
    Set<String> seen = new HashSet<>();
    List<ItemSpec> out = new ArrayList<>();
    for (String spec : specs) {
      List<ItemSpec> one = new ArrayList<>();
      if (Locations.isHadoop(spec)) {
        for (HadoopInputs.Found f : HadoopInputs.expand(spec, excludeUri, conf)) {
          one.add(new ItemSpec(f.uri(), f.relative(), 0));
        }
        if (one.isEmpty()) {
          throw new BadOptionException("input " + spec + " matches no picture");
        }
      } else {
        for (BatchInputs.Input in : BatchInputs.expand(List.of(Locations.local(spec).toString()), excludePath)) {
          one.add(new ItemSpec(in.path().toString(), in.relative(), 0));
        }
      }
      for (ItemSpec s : one) {
        String key = Locations.isHadoop(s.input()) ? s.input() : Path.of(s.input()).toAbsolutePath().normalize()
            .toString();
        if (seen.add(key)) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** The list file's non-blank lines, read through the Hadoop file system its path names. */
  static List<String> readList(String path, Configuration conf) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    FileSystem fs = p.getFileSystem(conf);
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
