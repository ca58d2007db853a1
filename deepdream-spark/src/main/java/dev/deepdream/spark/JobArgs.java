package dev.deepdream.spark;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.settings.DreamParams;
import dev.deepdream.settings.Param;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's arguments, as the CLI batch takes them:
 * {@code [--master M] [--input-list PATH] [--format png|jpg] [--quality Q] [--max-megapixels N]
 * [--partitions N] [--force] -o OUTDIR [--DREAM-OPTION VALUE]... [INPUT...]}, where the dream options
 * are {@link DreamParams}' names ({@code --max-dim 96}; a repeatable one may be given again) and
 * {@code --seed S} is the batch seed. An on/off setting ({@code --keep-colors}) needs no value, or takes
 * {@code true}/{@code false} after it or after {@code =}.
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
    String master = null;
    String list = null;
    List<String> inputs = new ArrayList<>();
    String out = null;
    String format = "png";
    float quality = 0.92f;
    long megapixels = 100;
    int partitions = 0;
    boolean force = false;
    Map<String, List<String>> settings = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-") || a.equals("-")) {
        inputs.add(a);
        continue;
      }
      if (a.equals("--force") || a.equals("-f")) {
        force = true;
        continue;
      }
      int next = takeFlag(args, i, settings);
      if (next >= 0) {
        i = next;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new BadOptionException(a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--master" -> master = v;
        case "--input-list" -> list = v;
        case "-o", "--output" -> out = v;
        case "--format" -> format = v.toLowerCase(java.util.Locale.ROOT);
        case "--quality" -> quality = Float.parseFloat(v);
        case "--max-megapixels" -> megapixels = Long.parseLong(v);
        case "--partitions" -> partitions = Integer.parseInt(v);
        default -> {
          Param p = dreamParam(a);
          List<String> values = settings.computeIfAbsent(p.name(), k -> new ArrayList<>());
          if (!values.isEmpty() && !p.repeatable()) {
            throw new BadOptionException(a + " given twice");
          }
          values.add(v);
        }
      }
    }
    if (out == null) {
      throw new BadOptionException("-o OUTDIR is required");
    }
    if (inputs.isEmpty() && list == null) {
      throw new BadOptionException("give INPUT... or --input-list PATH");
    }
    if (!format.equals("png") && !format.equals("jpg")) {
      throw new BadOptionException("--format must be png or jpg, got '" + format + "'");
    }
    return new JobArgs(master, list, List.copyOf(inputs), out, format, quality, megapixels * 1_000_000, partitions,
        force, settings);
  }

  /**
   * When {@code args[i]} is an on/off dream setting, puts it into {@code settings} as the CLI
   * reads it ({@code --keep-colors} alone is true; a following true/false, or =VALUE, sets it) and
   * returns the index of the last argument it took; otherwise -1.
   */
  static int takeFlag(String[] args, int i, Map<String, List<String>> settings) {
    String a = args[i];
    Param flag = flagParam(a);
    if (flag == null) {
      return -1;
    }
    int eq = a.indexOf('=');
    int last = i;
    String v = "true";
    if (eq >= 0) {
      v = a.substring(eq + 1);
    } else if (i + 1 < args.length && (args[i + 1].equals("true") || args[i + 1].equals("false"))) {
      v = args[++last];
    }
    if (settings.putIfAbsent(flag.name(), new ArrayList<>(List.of(v))) != null) {
      throw new BadOptionException(flag.option() + " given twice");
    }
    return last;
  }

  /** The on/off dream setting {@code arg} names ({@code --keep-colors} or {@code --keep-colors=VALUE}), or null. */
  static Param flagParam(String arg) {
    int eq = arg.indexOf('=');
    String option = eq < 0 ? arg : arg.substring(0, eq);
    for (Param p : DreamParams.ALL) {
      if (p.kind() == Param.Kind.FLAG && p.option().equals(option)) {
        return p;
      }
    }
    return null;
  }

  static Param dreamParam(String option) {
    for (Param p : DreamParams.ALL) {
      if (p.option().equals(option)) {
        return p;
      }
    }
    throw new BadOptionException("unknown option " + option);
  }
}
