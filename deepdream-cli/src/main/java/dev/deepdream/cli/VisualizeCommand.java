package dev.deepdream.cli;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.Objective;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.model.ModelStore;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.visualize.Spectra;
import dev.deepdream.visualize.VisualizeConfig;
import dev.deepdream.visualize.VisualizeParams;
import dev.deepdream.visualize.VisualizeResult;
import dev.deepdream.visualize.Visualizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deepdream visualize -o OUT.png --objective EXPR}: draws what the objective responds to,
 * from noise or a photo (feature visualisation, {@link Visualizer}); the settings come from
 * {@link VisualizeOptions}. A batch writes OUT-1.png ... OUT-N.png.
 */
@Command(name = "visualize",
    sortOptions = false,
    description = "Draw what a channel, neuron, direction or class of the network responds to, starting from noise "
        + "(feature visualisation, as lucid's render_vis): a 1/f Fourier image in decorrelated colour, optimised by "
        + "Adam through random jitter, zoom and turns.")
final class VisualizeCommand implements Callable<Integer>, Main.UsesEngine, VisualizeOptions.Taker {
  @Spec
  CommandSpec spec;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.png",
      description = "result, .png (with the settings as metadata) or .jpg; with --batch N, OUT-1.png ... OUT-N.png")
  Path output;

  @Option(names = "--max-megapixels", defaultValue = "100",
      description = "refuse a larger --init photo (default: ${DEFAULT-VALUE})")
  long maxMegapixels;

  @Option(names = {"-f", "--force"}, description = "overwrite existing outputs")
  boolean force;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> given = VisualizeOptions.given(spec);
    if (!given.containsKey("objective")) {
      throw new BadOptionException("give --objective, e.g. --objective mixed4:97 (a channel; deepdream layers lists "
          + "the layers)");
    }
    VisualizeConfig config = VisualizeParams.decode(given, VisualizeConfig.builder(),
        ImageSource.files(maxMegapixels * 1_000_000));
    List<Path> outputs = outputs(config.batch(), given.get("init"));
    try (Progress progress = new Progress(err, Progress.stderrIsTerminal());
        DeepDream dd = new DeepDream(ModelStore.standard(progress))) {
      Visualizer visualizer = new Visualizer(dd);
      Objective objective = visualizer.check(config);
      for (String notice : dd.notices(DreamConfig.builder().model(config.model()).objective(objective).build())) {
        progress.message(notice);
      }
      VisualizeResult result = visualizer.render(config, progress::step);
      progress.finish();
      writeAll(result, outputs);
      int[] hw = Visualizer.shape(result.config());
      out.printf("wrote %s (%dx%d, %s, %d steps, seed %d, objective %.3f -> %.3f, %.1f s%s)%n",
          outputs.size() == 1 ? outputs.get(0) : outputs.get(0) + " ... " + outputs.get(outputs.size() - 1), hw[1],
          hw[0], config.param().describe(), config.steps(), result.config().seed(), result.firstLoss(),
          result.lastLoss(), result.millis() / 1000.0, outputs.size() > 1 ? String.format(", spread %.3f (spectrum "
              + "distance: 0 the same picture anywhere, up to 1 unrelated)",
              Spectra.meanPairwiseSpectrumDistance(result.pictures())) : "");
      out.flush();
      return 0;
    }
  }

  /**
   * Writes the batch's pictures (each atomically); when one cannot be written, the ones written
   * before it are removed, so a failed run leaves no output.
   */
  private static void writeAll(VisualizeResult result, List<Path> outputs) throws IOException {
    for (int i = 0; i < outputs.size(); i++) {
      try {
        ImageFiles.write(result.pictures().get(i), outputs.get(i), result.record(), 0.92f);
      } catch (IOException | RuntimeException e) {
        for (int j = 0; j < i; j++) {
          Files.deleteIfExists(outputs.get(j));
        }
        throw e;
      }
    }
  }

  /** OUT, or OUT-1 ... OUT-N for a batch: checked before anything is computed. */
  private List<Path> outputs(int batch, String init) throws IOException {
    if (ImageFiles.formatFor(output) == null) {
      throw new BadOptionException("output " + output + " must end in .png, .jpg or .jpeg");
    }
    Path dir = output.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      throw new BadOptionException("output folder " + dir + " does not exist");
    }
    List<Path> out = new ArrayList<>();
    String name = output.getFileName().toString();
    int dot = name.lastIndexOf('.');
    for (int i = 1; i <= batch; i++) {
      Path p = batch == 1 ? output : output.resolveSibling(name.substring(0, dot) + "-" + i + name.substring(dot));
      if (init != null && Files.exists(p) && Files.isSameFile(p, Path.of(init))) {
        throw new BadOptionException("output " + p + " is the --init photo; refusing to overwrite it");
      }
      if (Files.exists(p) && !force) {
        throw new BadOptionException("output " + p + " already exists (use --force to overwrite it)");
      }
      out.add(p);
    }
    return out;
  }
}
