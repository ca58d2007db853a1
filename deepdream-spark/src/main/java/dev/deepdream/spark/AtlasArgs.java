package dev.deepdream.spark;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Numbers;
import dev.deepdream.settings.Setting;
import dev.deepdream.visualize.VisualizeParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The atlas job's arguments, as {@code deepdream atlas} takes them:
 * {@code [--master M] [--force] [--partitions N] -o ATLASDIR --layers L1,L2 [--channels SPEC]
 * [--VISUALIZE-OPTION VALUE]...}, the visualisation options being the atlas's
 * {@link VisualizeParams} ({@code --size 128}, {@code --steps 256}, {@code --seed S},
 * {@code --decorrelate=false}).
 *
 * @param master Spark's master, or null to take spark-submit's
 * @param outDir the atlas folder: a local path every executor sees (a shared mount on a cluster)
 * @param layers the layers to draw
 * @param channels which channels of each ({@code all}, {@code 0..31}, ...)
 * @param partitions partitions to split the channels in, or 0 for Spark's default parallelism
 * @param force redraw channels an earlier run finished
 * @param settings the visualisation settings by name, as given
 */
public record AtlasArgs(String master, String outDir, List<String> layers, String channels, int partitions,
    boolean force, Map<String, String> settings) {

  /** Parses {@code args}. @throws BadOptionException on a bad or missing argument */
  public static AtlasArgs parse(String[] args) {
    Atlas atlas = new Atlas();
    SparkArgs.Common common = SparkArgs.parse(flagsWithValues(args), atlas);
    if (common.output() == null) {
      throw new BadOptionException("-o ATLASDIR is required");
    }
    if (Locations.isHadoop(common.output())) {
      throw new BadOptionException("the atlas folder must be a local path every executor sees (a shared mount), not "
          + common.output());
    }
    if (!common.dream().isEmpty()) {
      throw new BadOptionException("not an atlas setting: --" + common.dream().keySet().iterator().next()
          .replace('_', '-'));
    }
    if (atlas.layers.isEmpty()) {
      throw new BadOptionException("--layers is required, e.g. --layers mixed3,mixed4");
    }
    return new AtlasArgs(common.master(), common.output(), List.copyOf(atlas.layers), atlas.channels,
        atlas.partitions, common.force(), atlas.settings);
  }

  /** {@code --decorrelate} alone as {@code --decorrelate true}, and {@code --opt=v} as two arguments. */
  private static String[] flagsWithValues(String[] args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        out.add(a.substring(0, eq));
        out.add(a.substring(eq + 1));
        continue;
      }
      out.add(a);
      VisualizeParams.VisualizeParam p = param(a);
      boolean valued = i + 1 < args.length && (args[i + 1].equals("true") || args[i + 1].equals("false"));
      if (p != null && p.kind() == Setting.Kind.FLAG && !valued) {
        out.add("true");
      }
    }
    return out.toArray(String[]::new);
  }

  private static VisualizeParams.VisualizeParam param(String option) {
    for (VisualizeParams.VisualizeParam p : VisualizeParams.ALL) {
      if (p.atlas() && p.option().equals(option)) {
        return p;
      }
    }
    return null;
  }

  /** The atlas's own arguments and its visualisation settings. */
  private static final class Atlas implements SparkArgs.Addition {
    private final List<String> layers = new ArrayList<>();
    private String channels = "all";
    private int partitions;
    private final Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public void positional(String arg) {
      throw new BadOptionException("the atlas takes no inputs, got '" + arg + "'");
    }

    @Override
    public boolean option(String option, String value) {
      switch (option) {
        case "--layers" -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .forEach(layers::add);
        case "--channels" -> channels = value;
        case "--partitions" -> partitions = Numbers.parseInt(option, value);
        default -> {
          VisualizeParams.VisualizeParam p = param(option);
          if (p == null) {
            return false;
          }
          if (settings.put(p.name(), value) != null) {
            throw new BadOptionException(option + " given twice");
          }
        }
      }
      return true;
    }
  }
}
