package dev.deepdream.cli;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.Objective;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.model.ModelStore;
import dev.deepdream.visualize.Basis;
import dev.deepdream.visualize.Spectra;
import dev.deepdream.visualize.VisualizeConfig;
import dev.deepdream.visualize.VisualizeResult;
import dev.deepdream.visualize.Visualizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The measurements of docs/visualize.md, in one run ({@code bench/visualize}): the share of
 * high-frequency power of the same channels drawn three ways (pixels, a Fourier image, a Fourier
 * image in decorrelated colour; same steps and seeds), with the grid of pictures; how far apart a
 * batch's pictures are with and without the diversity term; and the time of one 224 px render of
 * 512 steps. Prints a Markdown report and writes the pictures into a folder.
 */
final class VisualizeBench {
  private VisualizeBench() {}

  /**
   * {@code VisualizeBench OUTDIR [MODEL] [SIZE STEPS] [TIME-STEPS]}: the grid's size and steps, and
   * the timed render's steps.
   */
  public static void main(String[] args) throws IOException {
    System.setProperty("ai.djl.offline", "true");
    Path out = Path.of(args.length > 0 ? args[0] : "target/visualize-bench");
    String model = args.length > 1 ? args[1] : "inception_v3";
    int size = args.length > 2 ? Integer.parseInt(args[2]) : 128;
    int steps = args.length > 3 ? Integer.parseInt(args[3]) : 256;
    int timedSteps = args.length > 4 ? Integer.parseInt(args[4]) : 512;
    Files.createDirectories(out);
    String layer = "mixed4";
    // Candidates in order; a channel that never fires from noise (a "silent" one: objective 0, no
    // gradient, a grey picture) says nothing about parameterisations, so the first 8 that fire are measured.
    int[] candidates = {97, 12, 30, 149, 256, 333, 500, 700, 400, 64, 200, 600, 5, 300};
    int wanted = 8;
    try (DeepDream dd = new DeepDream(ModelStore.standard(ModelStore.Listener.silent()))) {
      Visualizer v = new Visualizer(dd);
      dd.network(model);
      System.out.printf("## High-frequency power (%s, %d channels of %s, %d px, %d steps, seed 1)%n%n", model,
          wanted, layer, size, steps);
      System.out.println("| channel | pixel | fft | fft + decorrelated |");
      System.out.println("| --- | --- | --- | --- |");
      String[] ways = {"pixel", "fft", "fft + decorrelated"};
      List<List<Picture>> rows = new ArrayList<>();
      double[] sums = new double[3];
      for (int w = 0; w < 3; w++) {
        rows.add(new ArrayList<>());
      }
      List<String> silent = new ArrayList<>();
      int measured = 0;
      for (int i = 0; i < candidates.length && measured < wanted; i++) {
        int c = candidates[i];
        Picture[] three = new Picture[3];
        boolean fired = true;
        for (int w = 0; w < 3 && fired; w++) {
          VisualizeConfig config = VisualizeConfig.builder().model(model).objective(Objective.channels(layer, c))
              .size(size).steps(steps).seed(1L).basis(w == 0 ? Basis.PIXEL : Basis.FFT).decorrelate(w == 2).build();
          VisualizeResult r = v.render(config, DreamListener.none());
          three[w] = r.pictures().get(0);
          fired = r.lastLoss() != 0;
        }
        if (!fired) {
          silent.add(layer + ":" + c);
          continue;
        }
        StringBuilder line = new StringBuilder("| " + layer + ":" + c);
        for (int w = 0; w < 3; w++) {
          rows.get(w).add(three[w]);
          double share = Spectra.highFrequencyShare(three[w]);
          sums[w] += share;
          line.append(String.format(" | %.3f", share));
        }
        System.out.println(line + " |");
        measured++;
      }
      System.out.printf("| **mean** | **%.3f** | **%.3f** | **%.3f** |%n%n", sums[0] / measured,
          sums[1] / measured, sums[2] / measured);
      System.out.printf("fft + decorrelated / pixel: %.2f; fft / pixel: %.2f%n", sums[2] / sums[0],
          sums[1] / sums[0]);
      System.out.printf("silent from noise (never fired, left out): %s%n%n", silent.isEmpty() ? "none"
          : String.join(", ", silent));
      ImageFiles.write(grid(rows), out.resolve("visualize-grid.png"), Map.of("rows", String.join(", ", ways)), 0.9f);

      System.out.printf("## Diversity (%s:97, batch of 4, %d px, %d steps, seed 1)%n%n", layer, size, steps);
      List<List<Picture>> batches = new ArrayList<>();
      for (double weight : new double[] {0, 10, 100}) {
        VisualizeConfig config = VisualizeConfig.builder().model(model).objective(Objective.channels(layer, 97))
            .size(size).steps(steps).seed(1L).batch(4).diversity(weight).build();
        VisualizeResult r = v.render(config, DreamListener.none());
        batches.add(r.pictures());
        System.out.printf("diversity %s: mean pairwise spectrum distance %.3f, pixel distance %.1f levels"
            + " (objective at the end %.3f)%n", weight == 0 ? "off" : dev.deepdream.dream.Numbers.format(weight),
            Spectra.meanPairwiseSpectrumDistance(r.pictures()), Spectra.meanPairwiseDistance(r.pictures()),
            r.lastLoss());
      }
      ImageFiles.write(grid(batches), out.resolve("visualize-diversity.png"), Map.of(), 0.9f);

      System.out.printf("%n## Time (%s:97, 224 px, %d steps, fft + decorrelated)%n%n", layer, timedSteps);
      VisualizeConfig timed = VisualizeConfig.builder().model(model).objective(Objective.channels(layer, 97))
          .size(224).steps(timedSteps).seed(1L).build();
      VisualizeResult r = v.render(timed, DreamListener.none());
      System.out.printf("%.1f s (%.0f ms per step)%n", r.millis() / 1000.0, (double) r.millis() / timedSteps);
      ImageFiles.write(r.pictures().get(0), out.resolve("visualize-mixed4-97.png"), r.record(), 0.9f);
    }
  }

  /** Pictures of one size in rows, 4 px apart on white. */
  static Picture grid(List<List<Picture>> rows) {
    Picture first = rows.get(0).get(0);
    int gap = 4;
    int cols = rows.stream().mapToInt(List::size).max().orElse(0);
    int w = cols * first.width() + (cols + 1) * gap;
    int h = rows.size() * first.height() + (rows.size() + 1) * gap;
    int[] rgb = new int[w * h];
    java.util.Arrays.fill(rgb, 0xffffff);
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < rows.get(r).size(); c++) {
        Picture p = rows.get(r).get(c);
        int x0 = gap + c * (first.width() + gap);
        int y0 = gap + r * (first.height() + gap);
        for (int y = 0; y < p.height(); y++) {
          System.arraycopy(p.rgb(), y * p.width(), rgb, (y0 + y) * w + x0, p.width());
        }
      }
    }
    return new Picture(w, h, rgb, null);
  }
}
