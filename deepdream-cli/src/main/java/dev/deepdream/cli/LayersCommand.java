package dev.deepdream.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.LayerNames;
import dev.deepdream.dream.LossGradient;
import dev.deepdream.image.FloatImage;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.model.KnownModels;
import dev.deepdream.model.LayerShapes;
import dev.deepdream.model.ModelStore;
import dev.deepdream.model.Network;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deepdream layers [IMAGE]}: the dreamable layers, their shapes and, given an image, their mean activation. */
@Command(name = "layers",
    description = "List the model's dreamable layers with their output shapes; with IMAGE (used at its own size), "
        + "also each layer's mean activation on it, to help choose layers.")
final class LayersCommand implements Callable<Integer>, Main.UsesEngine {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "photo to measure the layers on")
  Path image;

  @Option(names = "--model", defaultValue = KnownModels.DEFAULT, description = "model name (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--json", description = "print a JSON array of {name, shape, mean} on stdout and nothing else")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Picture picture = image == null ? null : ImageFiles.read(image);
    try (Progress progress = new Progress(err, Progress.stderrIsTerminal());
        DeepDream dd = new DeepDream(ModelStore.standard(progress))) {
      Network net = dd.network(model);
      List<String> layers = LayerNames.dreamable(net.graph(), net.info());
      int h = picture == null ? 299 : picture.height();
      int w = picture == null ? 299 : picture.width();
      Map<String, int[]> shapes = LayerShapes.infer(net.graph(), h, w);
      List<String> usable = layers.stream().filter(l -> LayerShapes.valid(shapes.get(l))).toList();
      Map<String, float[]> acts = null;
      if (picture != null) {
        FloatImage x = picture.toFloat((float) net.info().inputMin(), (float) net.info().inputMax());
        acts = LossGradient.activations(net, usable, x);
      }
      if (!json) {
        for (String notice : dd.notices(dev.deepdream.dream.DreamConfig.builder().model(model)
            .layers(Map.of(usable.get(0), 1.0)).build())) {
          err.println(notice);
        }
      }
      // A copy fine-tuned past some layer (nsfwjs's InceptionV3 after mixed5): say it on each deeper layer.
      String upTo = net.info().imagenetUpTo();
      java.util.Set<String> imagenet = new java.util.HashSet<>();
      if (upTo != null) {
        net.graph().ancestorsOf(java.util.Set.of(upTo)).forEach(l -> imagenet.add(l.name()));
      }
      JsonArray array = new JsonArray();
      if (!json) {
        out.printf("Layers of %s for a %dx%d input%s:%n", model, w, h, picture == null ? " (nominal)" : "");
        out.printf("%-16s %-18s %-16s %s%n", "layer", "shape (h, w, c)", picture == null ? "" : "mean activation",
            upTo == null ? "" : "features");
      }
      for (String l : usable) {
        int[] s = shapes.get(l);
        JsonObject o = new JsonObject();
        o.addProperty("name", l);
        JsonArray shape = new JsonArray();
        for (int d : s) {
          shape.add(d);
        }
        o.add("shape", shape);
        Double mean = null;
        if (acts != null) {
          double sum = 0;
          for (float v : acts.get(l)) {
            sum += v;
          }
          mean = sum / acts.get(l).length;
          o.addProperty("mean", mean);
        }
        String features = upTo == null ? "" : imagenet.contains(l) ? "ImageNet"
            : "fine-tuned for another task, not ImageNet";
        if (upTo != null) {
          o.addProperty("imagenet", imagenet.contains(l));
        }
        array.add(o);
        if (!json) {
          out.printf("%-16s %-18s %-16s %s%n", l, java.util.Arrays.toString(s),
              mean == null ? "" : String.format("%.4f", mean), features);
        }
      }
      List<String> tooSmall = layers.stream().filter(l -> !usable.contains(l)).toList();
      if (json) {
        out.println(new GsonBuilder().setPrettyPrinting().create().toJson(array));
      } else if (!tooSmall.isEmpty()) {
        out.println("(too deep for this size: " + String.join(", ", tooSmall) + ")");
      }
      out.flush();
      return 0;
    }
  }
}
