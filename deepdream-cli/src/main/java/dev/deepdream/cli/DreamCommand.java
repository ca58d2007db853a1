package dev.deepdream.cli;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamResult;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.ImageRef;
import dev.deepdream.image.Picture;
import dev.deepdream.model.ModelStore;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.SettingsCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deepdream dream INPUT -o OUTPUT}: the program's main job; the dream settings come from {@link DreamOptions}. */
@Command(name = "dream",
    sortOptions = false,
    description = "Dream on INPUT and write the result to OUTPUT (PNG or JPEG by extension).")
final class DreamCommand implements Callable<Integer>, Main.UsesEngine, DreamOptions.Taker {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "INPUT", description = "photo: PNG, JPEG, BMP, GIF or WebP")
  Path input;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT",
      description = "result file, .png (with the settings as metadata) or .jpg")
  Path output;

  @Option(names = "--like", paramLabel = "OLD.png",
      description = "reuse the settings recorded in a PNG this program wrote (a guide or mask must be given again); "
          + "other options override them")
  Path like;

  @Option(names = "--save-every", defaultValue = "0", paramLabel = "N",
      description = "also save the image every N steps next to OUTPUT (default: off)")
  int saveEvery;

  @Option(names = "--quality", defaultValue = "0.92", description = "JPEG quality 0..1 (default: ${DEFAULT-VALUE})")
  float quality;

  @Option(names = "--weights", paramLabel = "FILE",
      description = "use this weights file or model folder for --model (Keras .h5, TF.js folder, nsfwjs .tgz)")
  Path weights;

  @Option(names = "--max-megapixels", defaultValue = "100", description = "refuse larger inputs (default: ${DEFAULT-VALUE})")
  long maxMegapixels;

  @Option(names = "--precision", defaultValue = "fp32",
      description = "fp32, or bf16: oneDNN's bf16 math (fast on CPUs with AMX; ./deepdream sets "
          + "ONEDNN_DEFAULT_FPMATH_MODE=BF16 for it) (default: ${DEFAULT-VALUE})")
  String precision;

  @Option(names = {"-f", "--force"}, description = "overwrite OUTPUT if it exists (never the input)")
  boolean force;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    checkOutput();
    checkPrecision();
    if (saveEvery < 0) {
      throw new BadOptionException("--save-every must be 0 or more");
    }
    if (quality < 0 || quality > 1) {
      throw new BadOptionException("--quality must be between 0 and 1, got " + quality);
    }
    DreamConfig config = SettingsCodec.decode(settings(), images(maxMegapixels * 1_000_000));
    Picture picture = ImageFiles.read(input, maxMegapixels * 1_000_000);
    int inputWidth = picture.width();
    int inputHeight = picture.height();
    try (Progress progress = new Progress(err, Progress.stderrIsTerminal());
        DeepDream dd = new DeepDream(ModelStore.standard(progress))) {
      if (weights != null) {
        dd.store().importPath(weights, config.model(), false);
      }
      dd.validate(inputWidth, inputHeight, config);
      for (String notice : dd.notices(config)) {
        progress.message(notice);
      }
      sayHowLong(dd, progress, inputWidth, inputHeight, config);
      DreamConfig finalConfig = config;
      DreamResult result = dd.dream(picture, config, p -> {
        progress.step(p);
        if (saveEvery > 0 && p.done() % saveEvery == 0 && p.done() < p.total()) {
          saveIntermediate(p.preview(), p.done(), finalConfig);
        }
      });
      progress.finish();
      Map<String, String> params = new LinkedHashMap<>(SettingsCodec.record(result));
      params.put("precision", precision);
      ImageFiles.write(result.picture(), output, params, quality);
      out.printf("wrote %s (%dx%d, %s, %d steps, seed %d, loss %.3f -> %.3f, %.1f s, peak RSS %d MB)%n", output,
          result.picture().width(), result.picture().height(), result.config().mode().id(), result.losses().size(),
          result.seed(), result.firstLoss(), result.lastLoss(), result.millis() / 1000.0,
          Benchmark.peakRssMb());
      out.flush();
      return 0;
    }
  }

  /** A dream longer than this is announced with its expected time and how to get a quick look. */
  static final double LONG_DREAM_SECONDS = 60;

  /**
   * Before a long dream: how long it will take here, from the engine check's timing (the check
   * runs now on a model's first use), and how to get a quick look first.
   */
  static void sayHowLong(DeepDream dd, Progress progress, int width, int height, DreamConfig config)
      throws java.io.IOException {
    dd.network(dd.resolve(config).model());
    double seconds = dd.estimateSeconds(width, height, config);
    if (seconds >= LONG_DREAM_SECONDS) {
      progress.message("this dream will take about " + Progress.formatDuration(Math.round(seconds * 1000))
          + " on this machine (from the engine check's timing of a step); for a quick look first: --max-dim 300"
          + " or --preset subtle");
    }
  }

  private void checkPrecision() {
    String env = System.getenv("ONEDNN_DEFAULT_FPMATH_MODE");
    boolean bf16Env = env != null && env.equalsIgnoreCase("BF16");
    switch (precision) {
      case "fp32" -> {
        if (bf16Env) {
          throw new BadOptionException("ONEDNN_DEFAULT_FPMATH_MODE=BF16 is set, so this run would not be fp32; "
              + "unset it or pass --precision bf16");
        }
      }
      case "bf16" -> {
        if (!bf16Env) {
          throw new BadOptionException("--precision bf16 needs ONEDNN_DEFAULT_FPMATH_MODE=BF16 in the environment "
              + "before start (the ./deepdream launcher sets it)");
        }
      }
      default -> throw new BadOptionException("unknown precision '" + precision + "' (use fp32 or bf16)");
    }
  }

  private void checkOutput() throws IOException {
    if (ImageFiles.formatFor(output) == null) {
      throw new BadOptionException("output " + output + " must end in .png, .jpg or .jpeg");
    }
    if (Files.exists(input) && Files.exists(output) && Files.isSameFile(input, output)) {
      throw new BadOptionException("output " + output + " is the input file; refusing to overwrite the input");
    }
    if (Files.exists(output) && !force) {
      throw new BadOptionException("output " + output + " already exists (use --force to overwrite it)");
    }
    Path dir = output.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      throw new BadOptionException("output folder " + dir + " does not exist");
    }
  }

  /** The settings: those recorded in --like's PNG, overridden by the options given. */
  private Map<String, List<String>> settings() throws IOException {
    Map<String, List<String>> given = DreamOptions.given(spec);
    if (like == null) {
      return given;
    }
    if (!Files.isRegularFile(like)) {
      throw new BadOptionException("--like " + like + " does not exist");
    }
    Map<String, List<String>> settings = new LinkedHashMap<>(SettingsCodec.fromRecord(ImageFiles.readPngText(like)));
    if (settings.isEmpty()) {
      throw new BadOptionException("--like " + like + " holds no deepdream settings (only PNGs written by deepdream do)");
    }
    if (given.containsKey("layers") || given.containsKey("objective")) {
      settings.remove("layers"); // one replaces the other
      settings.remove("objective");
    }
    settings.putAll(given);
    return settings;
  }

  /** Picture settings: files on the command line; a recorded hash (from --like) must be given again. */
  private static ImageSource images(long maxPixels) {
    ImageSource files = ImageSource.files(maxPixels);
    ImageSource recorded = ImageSource.byHash(Map.of());
    return (param, text) -> {
      if (ImageRef.hashIn(text) == null) {
        return files.image(param, text);
      }
      try {
        return recorded.image(param, text);
      } catch (BadOptionException e) {
        throw new BadOptionException(e.getMessage() + " (--" + param + " FILE)");
      }
    };
  }

  private void saveIntermediate(java.awt.image.BufferedImage preview, int step, DreamConfig config) {
    String name = output.getFileName().toString();
    int dot = name.lastIndexOf('.');
    Path file = output.resolveSibling(name.substring(0, dot) + String.format("-step%05d", step) + name.substring(dot));
    try {
      Picture p = dev.deepdream.image.ImageFiles.fromBufferedImage(preview);
      ImageFiles.write(p, file, Map.of("step", Integer.toString(step), "mode", config.mode().id()), quality);
    } catch (IOException e) {
      spec.commandLine().getErr().println("deepdream: warning: could not save " + file + ": " + e.getMessage());
    }
  }
}
