package dev.deepdream.spark;

import dev.deepdream.batch.Manifest;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.model.LoadedModel;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.visualize.AtlasChannel;
import dev.deepdream.visualize.AtlasFolder;
import dev.deepdream.visualize.AtlasPlan;
import dev.deepdream.visualize.AtlasRunner;
import dev.deepdream.visualize.VisualizeConfig;
import dev.deepdream.visualize.VisualizeParams;
import dev.deepdream.visualize.Visualizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The atlas as a Spark application (the main class for {@code spark-submit}; {@code ./deepdream
 * spark --atlas} in local mode): a whole model's channels drawn across executors. The driver plans
 * the channels and their seeds exactly as {@code deepdream atlas} does, skips those the folder's
 * manifest says are finished, and distributes the rest ({@link AtlasPartition}); then it publishes
 * the committed pictures, appends the manifest and writes {@code atlas.json} and the page. The
 * folder is a local path every executor sees (a shared mount on a cluster).
 */
public final class SparkAtlas {
  private SparkAtlas() {}

  /** Runs the job; exit code 0 when every channel is drawn or skipped, 1 when any failed, 2 for bad usage. */
  public static void main(String[] args) throws Exception {
    SparkArgs.exit(() -> run(AtlasArgs.parse(args), (SparkConf) null).failed().isEmpty() ? 0 : 1);
  }

  /** Runs the job with {@code conf} (null: a new one, with {@code args.master()} when given). */
  public static AtlasRunner.Summary run(AtlasArgs args, SparkConf conf) throws IOException {
    try (JavaSparkContext sc = new JavaSparkContext(SparkArgs.conf(conf, "deepdream atlas", args.master()))) {
      return run(args, sc);
    }
  }

  /** Runs the job on a running context. */
  public static AtlasRunner.Summary run(AtlasArgs args, JavaSparkContext sc) throws IOException {
    Path dir = Locations.local(args.outDir());
    AtlasFolder folder = new AtlasFolder(dir);
    Map<String, String> given = new LinkedHashMap<>(args.settings());
    long seed = folder.manifest().batchSeed(given.remove("seed"));
    VisualizeConfig base = VisualizeParams.decode(given, VisualizeConfig.atlasBuilder(), ImageSource.none());
    // The driver's dreamer reads models (graph, description, notices) and checks the settings once;
    // executors compile their own.
    try (DeepDream driver = new DeepDream(ExecutorDreamer.modelStore())) {
      AtlasRunner runner = new AtlasRunner(driver, folder);
      runner.checkFolder(base.model());
      LoadedModel model = driver.store().load(base.model());
      AtlasPlan plan = new AtlasPlan(base, seed, AtlasPlan.channels(model.graph(), model.info(), args.layers(),
          args.channels()));
      List<AtlasChannel> todo = runner.pending(plan, model.info().sha256(), args.force());
      System.err.println("deepdream-spark: atlas of " + plan.channels().size() + " channels, " + todo.size()
          + " to draw, seed " + seed + ", into " + dir);
      Map<String, String> failed = new LinkedHashMap<>();
      if (!todo.isEmpty()) {
        // A setting the model cannot take (a size too small for a layer) fails here once, as the CLI's
        // does, rather than once per channel on every executor; it costs the driver one compiled network.
        new Visualizer(driver).check(plan.configFor(todo.get(0)));
        OutputStore store = OutputStore.of(dir.toString(), sc.sc().applicationId() + "-" + System.nanoTime(),
            HadoopConf.of(sc.hadoopConfiguration()));
        store.prepare();
        int slices = args.partitions() > 0 ? args.partitions() : Math.min(todo.size(), sc.defaultParallelism());
        Map<String, String> shared = VisualizeParams.encode(base);
        List<AtlasRow> rows = sc.parallelize(todo, slices).mapPartitions(new AtlasPartition(shared, seed, store))
            .collect();
        try (Manifest manifest = folder.manifest()) {
          for (AtlasRow row : rows) {
            AtlasChannel ch = row.channel();
            if (row.error() == null) {
              store.publish(ch.file());
            } else {
              failed.put(ch.key(), row.error());
            }
            manifest.append(AtlasFolder.line(ch, plan.settingsFor(ch), model.info().sha256(),
                plan.configFor(ch).seed(), seed, row.seconds(), row.error()));
          }
        } finally {
          store.deleteStaging();
        }
      }
      folder.writeIndex(runner.index(plan, model.graph(), model.info()));
      AtlasRunner.Summary summary = new AtlasRunner.Summary(todo.size() - failed.size(),
          plan.channels().size() - todo.size(), failed);
      System.err.println("deepdream-spark: " + summary);
      return summary;
    }
  }
}
