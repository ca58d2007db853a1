package dev.deepdream.spark;

import dev.deepdream.batch.BatchItem;
import dev.deepdream.batch.BatchRunner;
import dev.deepdream.batch.FolderTarget;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.SettingsCodec;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The task: dreams one partition of items with the executor's {@link ExecutorDreamer} through a
 * {@link BatchRunner} and an {@link AttemptTarget}, and returns an {@link OutcomeRow} per item.
 * The settings travel as the codec's text and are decoded here, as the driver already did to
 * validate them.
 */
public final class DreamPartition implements FlatMapFunction<Iterator<ItemSpec>, OutcomeRow>, Serializable {
  private final HashMap<String, List<String>> settings;
  private final String outDir;
  private final String format;
  private final float jpegQuality;
  private final long maxPixels;
  private final Staging staging;

  /**
   * @param settings the dream settings as the codec's text, the batch seed included
   * @param outDir OUTDIR, a path every executor can write
   * @param format "png" or "jpg"
   * @param jpegQuality JPEG quality 0..1
   * @param maxPixels the largest input, in pixels
   * @param staging the job's staging folders
   */
  public DreamPartition(Map<String, List<String>> settings, String outDir, String format, float jpegQuality,
      long maxPixels, Staging staging) {
    this.settings = new HashMap<>();
    settings.forEach((k, v) -> this.settings.put(k, new ArrayList<>(v)));
    this.outDir = outDir;
    this.format = format;
    this.jpegQuality = jpegQuality;
    this.maxPixels = maxPixels;
    this.staging = staging;
  }

  @Override
  public Iterator<OutcomeRow> call(Iterator<ItemSpec> specs) throws Exception {
    TaskContext task = TaskContext.get();
    boolean fail = Boolean.getBoolean(AttemptTarget.FAIL_FIRST_ATTEMPT) && task.partitionId() == 0
        && task.attemptNumber() == 0;
    DreamConfig config = SettingsCodec.decode(settings, ImageSource.files(maxPixels));
    FolderTarget finals = new FolderTarget(Path.of(outDir), format, jpegQuality);
    AttemptTarget target = new AttemptTarget(finals, staging, task.taskAttemptId(), fail, jpegQuality);
    // Skipping finished inputs is the driver's job (it reads the manifest), so force here.
    BatchRunner runner = new BatchRunner(ExecutorDreamer.get(), config, target, Map.of(), true, maxPixels);
    List<OutcomeRow> rows = new ArrayList<>();
    while (specs.hasNext()) {
      ItemSpec spec = specs.next();
      BatchItem item = spec.toItem();
      rows.add(OutcomeRow.of(spec, runner.runOne(item, o -> { })));
    }
    return rows.iterator();
  }
}
