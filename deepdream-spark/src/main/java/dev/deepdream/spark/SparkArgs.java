package dev.deepdream.spark;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Numbers;
import dev.deepdream.settings.DreamParams;
import dev.deepdream.settings.Param;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * The command line both Spark jobs take, read in one place: {@code [--master M] [--force|-f]
 * -o|--output OUT [--DREAM-OPTION VALUE]...} and what a job adds ({@link Addition}: the batch's
 * {@link JobArgs}, the video's {@link SparkVideo.Args}). The dream options are {@link DreamParams}'
 * names ({@code --max-dim 96}, {@code --seed S}); a repeatable one may be given again, another once.
 * An on/off setting ({@code --keep-colors}) needs no value, or takes {@code true}/{@code false}
 * after it or after {@code =}, as the CLI reads it. Also how both mains end: exit code 2 on bad usage.
 */
final class SparkArgs {
  private SparkArgs() {}

  /**
   * What both jobs take.
   *
   * @param master Spark's master, or null to take spark-submit's
   * @param output {@code -o}, or null when not given (each job says what it needs)
   * @param force {@code --force} or {@code -f}
   * @param dream the dream settings by the codec's names, in the order given
   */
  record Common(String master, String output, boolean force, Map<String, List<String>> dream) {}

  /** A job's own arguments, consulted before the dream options, so its names win. */
  interface Addition {
    /** Takes an argument that is not an option (an input). @throws BadOptionException when it cannot */
    void positional(String arg);

    /** Takes {@code option} with its value; false when it is not one of this job's. */
    boolean option(String option, String value);
  }

  /** Parses {@code args}, handing the job's own to {@code addition}. @throws BadOptionException on a bad argument */
  static Common parse(String[] args, Addition addition) {
    String master = null;
    String output = null;
    boolean force = false;
    Map<String, List<String>> dream = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      // "-" alone is a name (a file called "-"), not an option.
      if (!a.startsWith("-") || a.equals("-")) {
        addition.positional(a);
        continue;
      }
      if (a.equals("--force") || a.equals("-f")) {
        force = true;
        continue;
      }
      int next = takeFlag(args, i, dream);
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
        case "-o", "--output" -> output = v;
        default -> {
          if (!addition.option(a, v)) {
            Param p = dreamParam(a);
            List<String> values = dream.computeIfAbsent(p.name(), k -> new ArrayList<>());
            if (!values.isEmpty() && !p.repeatable()) {
              throw new BadOptionException(a + " given twice");
            }
            values.add(v);
          }
        }
      }
    }
    return new Common(master, output, force, dream);
  }

  /**
   * When {@code args[i]} is an on/off dream setting, puts it into {@code settings} ({@code --keep-colors}
   * alone is true; a following true/false, or =VALUE, sets it) and returns the index of the last
   * argument it took; otherwise -1.
   */
  private static int takeFlag(String[] args, int i, Map<String, List<String>> settings) {
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
  private static Param flagParam(String arg) {
    int eq = arg.indexOf('=');
    String option = eq < 0 ? arg : arg.substring(0, eq);
    for (Param p : DreamParams.ALL) {
      if (p.kind() == Param.Kind.FLAG && p.option().equals(option)) {
        return p;
      }
    }
    return null;
  }

  private static Param dreamParam(String option) {
    for (Param p : DreamParams.ALL) {
      if (p.option().equals(option)) {
        return p;
      }
    }
    throw new BadOptionException("unknown option " + option);
  }

  /** {@code v} as a whole number. @throws BadOptionException naming {@code option} when it is not one */
  static int whole(String option, String v) {
    return Numbers.parseInt(option, v);
  }

  /** A copy of dream settings that serializes whatever map and lists it was given (a task carries it). */
  static HashMap<String, List<String>> copy(Map<String, List<String>> settings) {
    HashMap<String, List<String>> out = new HashMap<>();
    settings.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
    return out;
  }

  /** {@code conf} (null: a new one named {@code appName}), with {@code master} when given. */
  static SparkConf conf(SparkConf conf, String appName, String master) {
    SparkConf c = conf != null ? conf : new SparkConf().setAppName(appName);
    if (master != null) {
      c.setMaster(master);
    }
    return c;
  }

  /** A main's body: its exit code. */
  @FunctionalInterface
  interface Main {
    /** Runs the job. @throws BadOptionException on bad usage */
    int run() throws Exception;
  }

  /** Runs {@code main} and exits with its code, or with 2 after the message when the usage was bad. */
  static void exit(Main main) throws Exception {
    int code;
    try {
      code = main.run();
    } catch (BadOptionException e) {
      System.err.println("deepdream-spark: " + e.getMessage());
      code = 2;
    }
    System.exit(code);
  }
}
