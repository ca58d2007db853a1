package dev.deepdream.cli;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.ConfigText;
import dev.deepdream.dream.Guidance;
import dev.deepdream.dream.OctaveMode;
import dev.deepdream.dream.Presets;
import dev.deepdream.dream.StepRule;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamResult;
import dev.deepdream.dream.Mode;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.model.KnownModels;
import dev.deepdream.model.ModelStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deepdream dream INPUT -o OUTPUT}: the program's main job. */
@Command(name = "dream", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    sortOptions = false,
    description = "Dream on INPUT and write the result to OUTPUT (PNG or JPEG by extension).")
final class DreamCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "INPUT", description = "photo: PNG, JPEG, BMP, GIF or WebP")
  Path input;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT",
      description = "result file, .png (with the settings as metadata) or .jpg")
  Path output;

  @Option(names = "--model", defaultValue = KnownModels.DEFAULT, description = "model name (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--layers", paramLabel = "LIST",
      description = "layers to maximise, e.g. mixed3,mixed5 or mixed3=1,mixed5=1.5 (default: the model's, "
          + "mixed3,mixed5 for inception_v3)")
  String layers;

  @Option(names = "--preset", paramLabel = "NAME",
      description = "a named set of settings (deepdream presets); other options override it (default: tutorial)")
  String preset;

  @Option(names = "--objective", paramLabel = "EXPR",
      description = "what to maximise, e.g. \"mixed3 + 1.5*mixed5 - 0.5*mixed4:97\" (layer: mean, layer^2: mean of "
          + "squares, layer:c: channel c); replaces --layers")
  String objective;

  @Option(names = "--guide", paramLabel = "PHOTO", description = "guided dreaming: pull features towards this photo's")
  Path guide;

  @Option(names = "--guide-layer", description = "layer the guide is compared on (default: the objective's first)")
  String guideLayer;

  @Option(names = "--guide-weight", defaultValue = "1.0", description = "weight of the guide term (default: ${DEFAULT-VALUE})")
  double guideWeight;

  @Option(names = "--mask", paramLabel = "IMAGE[=EXPR]",
      description = "greyscale mask scaling the update per pixel (black: untouched); with =EXPR its own objective; "
          + "repeatable")
  java.util.List<String> masks = new java.util.ArrayList<>();

  @Option(names = "--mode", description = "simple, octaves or tiled (default: tiled)")
  String mode;

  @Option(names = "--steps", description = "steps per octave (default: 100 simple, 50 octaves, 100 tiled)")
  Integer steps;

  @Option(names = "--step-size", description = "gradient step (default: 0.01)")
  Double stepSize;

  @Option(names = "--step-rule", description = "std (tutorial), mean-abs (original) or laplacian (default: std)")
  String stepRule;

  @Option(names = "--smoothing", paramLabel = "SIGMA", description = "blur the gradient by SIGMA px (default: 0, off)")
  Double smoothing;

  @Option(names = "--tv-weight", description = "total-variation regulariser weight, against noise (default: 0, off)")
  Double tvWeight;

  @Option(names = "--jitter", paramLabel = "PX", description = "random shift per step, simple/octaves modes (default: 0)")
  Integer jitter;

  @Option(names = "--octaves", paramLabel = "LO..HI", description = "octaves to run (default: -2..2)")
  String octaves;

  @Option(names = "--octave-scale", description = "size ratio between octaves (default: 1.3)")
  Double octaveScale;

  @Option(names = "--octave-mode", description = "resize (tutorial) or detail (original: carry the detail) "
      + "(default: resize)")
  String octaveMode;

  @Option(names = "--tile-size", description = "tile side in tiled mode (default: 512)")
  Integer tileSize;

  @Option(names = "--memory", paramLabel = "SIZE",
      description = "memory budget for one tile in tiled mode, e.g. 1g or 800m: picks the largest tile (up to "
          + "--tile-size) that fits")
  String memory;

  @Option(names = "--max-dim", paramLabel = "N", description = "shrink the input so its long side is at most N px first")
  Integer maxDim;

  @Option(names = "--seed", description = "random seed for reproducible runs (default: random, reported)")
  Long seed;

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
    DreamConfig config = config();
    if (saveEvery < 0) {
      throw new BadOptionException("--save-every must be 0 or more");
    }
    Picture picture = ImageFiles.read(input, maxMegapixels * 1_000_000);
    int inputWidth = picture.width();
    int inputHeight = picture.height();
    try (Progress progress = new Progress(err, Progress.stderrIsTerminal());
        DeepDream dd = new DeepDream(ModelStore.standard(progress))) {
      if (weights != null) {
        dd.store().importPath(weights, model, false);
      }
      Guidance guidance = guidance();
      if (layers == null && preset == null && config.objectiveText() == null) {
        String defaults = dd.network(model).info().defaultLayers();
        config = config.toBuilder().layers(ConfigText.layers(defaults != null ? defaults : "mixed3,mixed5")).build();
      }
      dd.validate(inputWidth, inputHeight, config);
      for (String notice : dd.notices(config)) {
        progress.message(notice);
      }
      DreamConfig finalConfig = config;
      DreamResult result = dd.dream(picture, config, guidance, p -> {
        progress.step(p);
        if (saveEvery > 0 && p.done() % saveEvery == 0 && p.done() < p.total()) {
          saveIntermediate(p.preview(), p.done(), finalConfig);
        }
      });
      java.util.Map<String, String> params = new java.util.LinkedHashMap<>(result.parameters());
      params.put("precision", precision);
      ImageFiles.write(result.picture(), output, params, quality);
      out.printf("wrote %s (%dx%d, %s, %d steps, seed %d, loss %.3f -> %.3f, %.1f s, peak RSS %d MB)%n", output,
          result.picture().width(), result.picture().height(), result.config().mode().id(), result.losses().size(),
          result.seed(), result.firstLoss(), result.lastLoss(), result.millis() / 1000.0,
          dev.deepdream.bench.Benchmark.peakRssMb());
      out.flush();
      return 0;
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

  private DreamConfig config() {
    try {
      DreamConfig.Builder b = preset != null ? Presets.builder(preset) : DreamConfig.builder();
      b.model(model).seed(seed).maxDim(maxDim)
          .memoryBytes(memory == null ? null : dev.deepdream.dream.TileBudget.parse(memory));
      ConfigText.apply(b, mode, steps, layers, objective);
      if (stepSize != null) {
        b.stepSize(stepSize);
      }
      if (stepRule != null) {
        b.stepRule(StepRule.parse(stepRule));
      }
      if (smoothing != null) {
        b.smoothing(smoothing);
      }
      if (tvWeight != null) {
        b.tvWeight(tvWeight);
      }
      if (jitter != null) {
        b.jitter(jitter);
      }
      if (octaves != null) {
        int[] oct = ConfigText.octaves(octaves);
        b.octaves(oct[0], oct[1]);
      }
      if (octaveScale != null) {
        b.octaveScale(octaveScale);
      }
      if (octaveMode != null) {
        b.octaveMode(OctaveMode.parse(octaveMode));
      }
      if (tileSize != null) {
        b.tileSize(tileSize);
      }
      if (quality < 0 || quality > 1) {
        throw new BadOptionException("--quality must be between 0 and 1, got " + quality);
      }
      return b.build();
    } catch (BadOptionException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new BadOptionException(e.getMessage());
    }
  }

  /** The guide photo and masks of the options, read and checked. */
  private Guidance guidance() throws IOException {
    Picture guidePicture = guide == null ? null : ImageFiles.read(guide);
    java.util.List<Guidance.Mask> list = new java.util.ArrayList<>();
    for (String m : masks) {
      int eq = m.indexOf('=');
      Path file = Path.of(eq < 0 ? m : m.substring(0, eq));
      String expr = eq < 0 ? null : m.substring(eq + 1);
      if (expr != null) {
        dev.deepdream.dream.ObjectiveParser.terms(expr);
      }
      list.add(new Guidance.Mask(ImageFiles.read(file), expr));
    }
    return new Guidance(guidePicture, guideLayer, guideWeight, list);
  }

  private void saveIntermediate(java.awt.image.BufferedImage preview, int step, DreamConfig config) {
    String name = output.getFileName().toString();
    int dot = name.lastIndexOf('.');
    Path file = output.resolveSibling(name.substring(0, dot) + String.format("-step%05d", step) + name.substring(dot));
    try {
      Picture p = dev.deepdream.image.ImageFiles.fromBufferedImage(preview);
      ImageFiles.write(p, file, java.util.Map.of("step", Integer.toString(step), "mode", config.mode().id()), quality);
    } catch (IOException e) {
      spec.commandLine().getErr().println("deepdream: warning: could not save " + file + ": " + e.getMessage());
    }
  }
}
