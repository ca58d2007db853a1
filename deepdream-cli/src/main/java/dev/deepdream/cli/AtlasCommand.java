package dev.deepdream.cli;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.model.LoadedModel;
import dev.deepdream.model.ModelStore;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.visualize.AtlasFolder;
import dev.deepdream.visualize.AtlasPlan;
import dev.deepdream.visualize.AtlasRunner;
import dev.deepdream.visualize.VisualizeConfig;
import dev.deepdream.visualize.VisualizeParams;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deepdream atlas -o ATLASDIR --layers mixed3,mixed4}: one picture per channel, resumable
 * through the folder's manifest, with {@code atlas.json} and a page to browse ({@link AtlasRunner}).
 */
@Command(name = "atlas",
    sortOptions = false,
    description = "Draw every channel of some layers (feature visualisation, one picture each) into ATLASDIR, with "
        + "atlas.json and index.html, a page to browse them from the file system. ATLASDIR/manifest.jsonl records "
        + "each channel; a rerun draws only what is missing. --seed S gives each channel a seed derived from S and "
        + "its objective.")
final class AtlasCommand implements Callable<Integer>, Main.UsesEngine, VisualizeOptions.Taker {
  @Spec
  CommandSpec spec;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "ATLASDIR",
      description = "the atlas folder (created when missing)")
  Path outDir;

  @Option(names = "--layers", required = true, paramLabel = "LIST", split = ",",
      description = "the layers to draw, e.g. mixed3,mixed4 (deepdream layers lists them)")
  List<String> layers;

  @Option(names = "--channels", defaultValue = "all", paramLabel = "SPEC",
      description = "which channels of each layer: all, or numbers and ranges such as 0..31 or 0..3,97 "
          + "(default: ${DEFAULT-VALUE})")
  String channels;

  @Option(names = {"-f", "--force"}, description = "redraw channels an earlier run finished")
  boolean force;

  @Override
  public boolean atlas() {
    return true;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> given = VisualizeOptions.given(spec);
    AtlasFolder folder = new AtlasFolder(outDir);
    long seed = folder.manifest().batchSeed(given.remove("seed"));
    VisualizeConfig base = VisualizeParams.decode(given, VisualizeConfig.atlasBuilder(), ImageSource.none());
    AtlasRunner.Summary summary;
    try (Progress progress = new Progress(err, Progress.stderrIsTerminal());
        DeepDream dd = new DeepDream(ModelStore.standard(progress))) {
      AtlasRunner runner = new AtlasRunner(dd, folder);
      runner.checkFolder(base.model());
      LoadedModel model = dd.store().load(base.model());
      AtlasPlan plan = new AtlasPlan(base, seed, AtlasPlan.channels(model.graph(), model.info(), layers.stream()
          .map(String::trim).filter(s -> !s.isEmpty()).toList(), channels));
      List<String> named = plan.channels().stream().map(c -> c.layer()).distinct().toList();
      err.println("atlas: " + plan.channels().size() + " channel" + (plan.channels().size() == 1 ? "" : "s") + " of "
          + String.join(", ", named) + ", seed " + seed + (spec.findOption("--seed").getValue() != null ? ""
          : " (recorded; give --seed to choose)") + ", into " + outDir);
      err.flush();
      summary = runner.run(plan, force, new AtlasProgress(progress));
      progress.finish();
    }
    for (Map.Entry<String, String> f : summary.failed().entrySet()) {
      err.println("deepdream: error: " + f.getKey() + ": " + f.getValue());
    }
    err.flush();
    out.println("atlas: " + summary + "; open " + outDir.resolve(AtlasFolder.PAGE) + " (" + AtlasFolder.JSON
        + " beside it)");
    out.flush();
    return summary.failed().isEmpty() ? 0 : 1;
  }
}
