package dev.deepdream.spark;

import dev.deepdream.batch.BatchItem;
import dev.deepdream.batch.BatchOutcome;
import dev.deepdream.batch.BatchRunner;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.io.AtomicFiles;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.SettingsCodec;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The task: dreams one partition of items with the executor's {@link ExecutorDreamer} through a
 * {@link BatchRunner} and an {@link AttemptTarget}, and returns an {@link OutcomeRow} per item.
 * An input on a Hadoop file system is copied to a local file first. The settings travel as the
 * codec's text and are decoded here, as the driver already did to validate them.
 */
public final class DreamPartition implements FlatMapFunction<Iterator<ItemSpec>, OutcomeRow>, Serializable {
  private final HashMap<String, List<String>> settings;
  private final String format;
  private final float jpegQuality;
  private final long maxPixels;
  private final OutputStore store;
  private final HadoopConf hadoopConf;

  /**
   * @param settings the dream settings as the codec's text, the batch seed included
   * @param format "png" or "jpg"
   * @param jpegQuality JPEG quality 0..1
   * @param maxPixels the largest input, in pixels
   * @param store OUTDIR and the job's staging
   * @param hadoopConf the driver's Hadoop configuration, for inputs on Hadoop file systems
   */
  public DreamPartition(Map<String, List<String>> settings, String format, float jpegQuality, long maxPixels,
      OutputStore store, HadoopConf hadoopConf) {
    this.settings = SparkArgs.copy(settings);
    this.format = format;
    this.jpegQuality = jpegQuality;
    this.maxPixels = maxPixels;
    this.store = store;
    this.hadoopConf = hadoopConf;
  }

  @Override
  public Iterator<OutcomeRow> call(Iterator<ItemSpec> specs) throws Exception {
    TaskContext task = TaskContext.get();
    boolean fail = AttemptTarget.failsHere(task);
    DreamConfig config = SettingsCodec.decode(settings, ImageSource.files(maxPixels));
    AttemptTarget target = new AttemptTarget(format, store, task.taskAttemptId(), fail, jpegQuality);
    // Skipping finished inputs is the driver's job (it reads the manifest), so force here.
    BatchRunner runner = new BatchRunner(ExecutorDreamer.get(), config, target, Map.of(), true, maxPixels);
    List<OutcomeRow> rows = new ArrayList<>();
    Configuration conf = null;
    Path fetched = Files.createTempDirectory("deepdream-inputs");
    try {
      while (specs.hasNext()) {
        ItemSpec spec = specs.next();
        if (!Locations.isHadoop(spec.input())) {
          rows.add(OutcomeRow.of(spec, runner.runOne(spec.toItem(), o -> { })));
          continue;
        }
        conf = conf != null ? conf : hadoopConf.get();
        rows.add(OutcomeRow.of(spec, runFetched(spec, runner, fetched, conf)));
      }
    } finally {
      AtomicFiles.deleteTree(fetched);
    }
    return rows.iterator();
  }

  /** Dreams an input on a Hadoop file system from a local copy; one it cannot copy fails like an unreadable file. */
  private static BatchOutcome runFetched(ItemSpec spec, BatchRunner runner, Path dir, Configuration conf) {
    long start = System.nanoTime();
    Path local;
    try {
      local = HadoopInputs.fetch(spec.input(), dir, conf);
    } catch (IOException | RuntimeException e) {
      BatchItem item = spec.toItem();
      return new BatchOutcome(item, BatchOutcome.Status.FAILED, null, (System.nanoTime() - start) / 1e9,
          "cannot read " + spec.input() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '),
          runner.settingsFor(item), null);
    }
    try {
      BatchOutcome o = runner.runOne(BatchItem.of(local, spec.relativePath(), spec.batchSeed()), x -> { });
      if (o.error() == null) {
        return o;
      }
      // The error names the input as the user did, not the local copy.
      return new BatchOutcome(o.item(), o.status(), o.output(), o.seconds(), o.error().replace(local.toString(),
          spec.input()), o.settings(), o.inputSha256());
    } finally {
      try {
        Files.deleteIfExists(local);
      } catch (IOException e) {
        // The task's temporary folder goes at its end anyway.
      }
    }
  }
}
