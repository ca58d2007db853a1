package dev.deepdream.spark;

import dev.deepdream.dream.DreamListener;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.visualize.AtlasChannel;
import dev.deepdream.visualize.AtlasPlan;
import dev.deepdream.visualize.ChannelRenderer;
import dev.deepdream.visualize.VisualizeConfig;
import dev.deepdream.visualize.VisualizeParams;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The atlas task: draws one partition of channels with the executor's {@link ExecutorDreamer}
 * (one model load per executor) and the same settings and seeds as {@code deepdream atlas}, each
 * picture written whole to the attempt's scratch file and committed through the job's
 * {@link OutputStore}, so a retried or speculative attempt leaves no second or partial file.
 */
public final class AtlasPartition implements FlatMapFunction<Iterator<AtlasChannel>, AtlasRow>, Serializable {
  private final HashMap<String, String> settings;
  private final long seed;
  private final OutputStore store;

  /**
   * @param settings the shared visualisation settings by name (no objective, no seed)
   * @param seed the atlas's seed S
   * @param store the atlas folder and the job's staging
   */
  public AtlasPartition(Map<String, String> settings, long seed, OutputStore store) {
    this.settings = new HashMap<>(settings);
    this.seed = seed;
    this.store = store;
  }

  @Override
  public Iterator<AtlasRow> call(Iterator<AtlasChannel> channels) throws Exception {
    TaskContext task = TaskContext.get();
    long attempt = task == null ? 0 : task.taskAttemptId();
    VisualizeConfig base = VisualizeParams.decode(settings, VisualizeConfig.atlasBuilder(), ImageSource.none());
    AtlasPlan plan = new AtlasPlan(base, seed, List.of());
    ChannelRenderer renderer = new ChannelRenderer(ExecutorDreamer.get());
    List<AtlasRow> rows = new ArrayList<>();
    while (channels.hasNext()) {
      AtlasChannel ch = channels.next();
      long start = System.nanoTime();
      String error = null;
      Path scratch = null;
      try {
        ChannelRenderer.Drawing d = renderer.draw(plan, ch, DreamListener.none());
        scratch = store.scratch(attempt, ch.file());
        ImageFiles.write(d.picture(), scratch, d.record(), 0.92f);
        store.commit(scratch, attempt, ch.file());
      } catch (IOException | RuntimeException | OutOfMemoryError e) {
        error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        if (scratch != null) {
          Files.deleteIfExists(scratch);
        }
      }
      rows.add(new AtlasRow(ch, (System.nanoTime() - start) / 1e9, error));
    }
    return rows.iterator();
  }
}
