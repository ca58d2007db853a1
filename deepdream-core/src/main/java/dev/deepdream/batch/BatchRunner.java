package dev.deepdream.batch;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamCancelledException;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.DreamResult;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.io.Sha256;
import dev.deepdream.settings.SettingsCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dreams a list of inputs with one {@link DeepDream} (the model loads once, on the first input
 * that needs it) and one {@link DreamConfig}, each input with its own derived seed. Each outcome
 * goes to the sink as soon as the input is finished; one bad input is recorded as failed and the
 * batch goes on. An input that an earlier run finished (its manifest line says done with the same
 * input hash, settings and output, and the output is there) is skipped without decoding or
 * dreaming, unless forced. Knows nothing of command lines or clusters: the CLI and a Spark task
 * both drive it.
 */
public final class BatchRunner {
  private final DeepDream dreamer;
  private final DreamConfig config;
  private final BatchTarget target;
  private final Map<String, ManifestEntry> previous;
  private final boolean force;
  private final long maxPixels;
  private int dreams;
  private final AtomicLong steps = new AtomicLong();

  /**
   * @param dreamer the dreamer (its model loads on the first dream)
   * @param config the settings every input shares (its seed is replaced by each input's)
   * @param target where the pictures go
   * @param previous an earlier run's manifest lines by relative path (empty: none)
   * @param force redo inputs an earlier run finished
   * @param maxPixels the largest input, in pixels
   */
  public BatchRunner(DeepDream dreamer, DreamConfig config, BatchTarget target, Map<String, ManifestEntry> previous,
      boolean force, long maxPixels) {
    this.dreamer = dreamer;
    this.config = config;
    this.target = target;
    this.previous = Map.copyOf(previous);
    this.force = force;
    this.maxPixels = maxPixels;
  }

  /** The settings an item is dreamed with, as the codec's text: the shared ones with its seed. */
  public Map<String, String> settingsFor(BatchItem item) {
    return SettingsCodec.encode(configFor(item));
  }

  private DreamConfig configFor(BatchItem item) {
    return config.toBuilder().seed(item.seed()).build();
  }

  /**
   * Runs every item in order, telling {@code sink} about each.
   *
   * @throws DreamCancelledException when a listener cancels (the batch stops there)
   * @throws IOException when the sink cannot record an outcome
   */
  public BatchSummary run(List<BatchItem> items, BatchSink sink) throws IOException {
    BatchSummary summary = new BatchSummary();
    for (int i = 0; i < items.size(); i++) {
      BatchItem item = items.get(i);
      sink.starting(item, i, items.size());
      BatchOutcome outcome = runOne(item, sink);
      summary.add(outcome);
      sink.accept(outcome);
    }
    return summary;
  }

  /** One item: skipped, done or failed; never throws for a bad input. */
  public BatchOutcome runOne(BatchItem item, BatchSink sink) {
    long start = System.nanoTime();
    Map<String, String> settings = settingsFor(item);
    String sha = null;
    try {
      byte[] bytes = Files.readAllBytes(item.input());
      String hash = Sha256.hex(bytes);
      sha = hash;
      BatchOutcome skipped = skipped(item, () -> hash, settings);
      if (skipped != null) {
        return skipped;
      }
      Picture picture = ImageFiles.decode(bytes, item.input().toString(), maxPixels);
      dreams++;
      DreamResult result = dreamer.dream(picture, configFor(item), stepCounter(item, sink));
      target.write(item, result.picture(), SettingsCodec.record(result));
      return new BatchOutcome(item, BatchOutcome.Status.DONE, target.outputFor(item), seconds(start), null,
          settings, sha);
    } catch (DreamCancelledException e) {
      throw e;
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      return new BatchOutcome(item, BatchOutcome.Status.FAILED, null, seconds(start), oneLine(e), settings, sha);
    }
  }

  /**
   * The skipped outcome when an earlier run finished {@code item} (its manifest line says done with
   * the same input hash and settings, and the output is there) and this run is not forced; else null.
   * Hashes the input only when a finished line names it, nothing more: a driver can decide what to
   * send to its workers.
   */
  public BatchOutcome skippedIfFinished(BatchItem item) throws IOException {
    return skippedIfFinished(item, () -> Sha256.hex(item.input()));
  }

  /**
   * As {@link #skippedIfFinished(BatchItem)}, with the input's SHA-256 from {@code inputSha256}
   * (an input on another file system), asked only when a finished manifest line names the input.
   */
  public BatchOutcome skippedIfFinished(BatchItem item, InputHash inputSha256) throws IOException {
    return skipped(item, inputSha256, settingsFor(item));
  }

  private BatchOutcome skipped(BatchItem item, InputHash inputSha256, Map<String, String> settings)
      throws IOException {
    ManifestEntry e = force ? null : previous.get(item.relativePath());
    if (e == null || !e.done() || !settings.equals(e.settings()) || !target.exists(item)) {
      return null;
    }
    String sha = inputSha256.get();
    return sha.equals(e.inputSha256())
        ? new BatchOutcome(item, BatchOutcome.Status.SKIPPED, target.outputFor(item), 0, null, settings, sha) : null;
  }

  /** The hex SHA-256 of an input, computed on demand. */
  @FunctionalInterface
  public interface InputHash {
    /** The hash. @throws IOException when the input cannot be read */
    String get() throws IOException;
  }

  private DreamListener stepCounter(BatchItem item, BatchSink sink) {
    return new DreamListener() {
      @Override
      public void onStep(dev.deepdream.dream.DreamProgress p) {
        steps.incrementAndGet();
        sink.step(item, p);
      }

      @Override
      public boolean isCancelled() {
        return sink.isCancelled();
      }
    };
  }

  /** Dreams started by this runner (a skipped input starts none). */
  public int dreamsRun() {
    return dreams;
  }

  /** Gradient steps taken by this runner's dreams. */
  public long stepsTaken() {
    return steps.get();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    return m.lines().findFirst().orElse(m);
  }
}
