package dev.deepdream.spark;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Numbers;
import dev.deepdream.settings.DreamParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The photo batch's arguments, as the CLI batch takes them:
 * {@code [--master M] [--input-list PATH] [--format png|jpg] [--quality Q] [--max-megapixels N]
 * [--partitions N] [--force] -o OUTDIR [--DREAM-OPTION VALUE]... [INPUT...]}: the options both jobs
 * share read by {@link SparkArgs}, the rest here. The dream options are {@link DreamParams}' names
 * ({@code --max-dim 96}); {@code --seed S} is the batch seed.
 *
 * @param master Spark's master, or null to take spark-submit's
 * @param inputList a file with one input per line, read through Hadoop's file systems, or null
 * @param inputs input files, folders or globs, local or on a Hadoop file system
 * @param outDir the output folder: a local path, or a Hadoop one with its scheme ({@code hdfs://nn/dreams})
 * @param format "png" or "jpg"
 * @param quality JPEG quality 0..1
 * @param maxPixels the largest input, in pixels
 * @param partitions partitions to split the inputs in, or 0 for Spark's default parallelism
 * @param force redo inputs an earlier run finished
 * @param settings the dream settings by the codec's names, in the order given
 */
public record JobArgs(String master, String inputList, List<String> inputs, String outDir, String format, float quality,
    long maxPixels, int partitions, boolean force, Map<String, List<String>> settings) {

  /** Parses {@code args}. @throws BadOptionException on a bad or missing argument */
  public static JobArgs parse(String[] args) {
    Batch batch = new Batch();
    SparkArgs.Common common = SparkArgs.parse(args, batch);
    if (common.output() == null) {
      throw new BadOptionException("-o OUTDIR is required");
    }
    if (batch.inputs.isEmpty() && batch.list == null) {
      throw new BadOptionException("give INPUT... or --input-list PATH");
    }
    if (!batch.format.equals("png") && !batch.format.equals("jpg")) {
      throw new BadOptionException("--format must be png or jpg, got '" + batch.format + "'");
    }
    return new JobArgs(common.master(), batch.list, List.copyOf(batch.inputs), common.output(), batch.format,
        batch.quality, batch.megapixels * 1_000_000, batch.partitions, common.force(), common.dream());
  }

  /** The batch's own arguments: the inputs and how the outputs are written. */
  private static final class Batch implements SparkArgs.Addition {
    private final List<String> inputs = new ArrayList<>();
    private String list;
    private String format = "png";
    private float quality = 0.92f;
    private long megapixels = 100;
    private int partitions;

    @Override
    public void positional(String arg) {
      inputs.add(arg);
    }

    @Override
    public boolean option(String option, String value) {
      switch (option) {
        case "--input-list" -> list = value;
        case "--format" -> format = value.toLowerCase(Locale.ROOT);
        case "--quality" -> quality = (float) Numbers.parse(option, value);
        case "--max-megapixels" -> megapixels = Numbers.parseLong(option, value);
        case "--partitions" -> partitions = Numbers.parseInt(option, value);
        default -> {
          return false;
        }
      }
      return true;
    }
  }
}
