package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.deepdream.dream.LossGradient;
import dev.deepdream.dream.Objective;
import dev.deepdream.image.FloatImage;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.support.OnnxFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Imported ONNX graphs against PyTorch's float64 numbers for the same weights (the fixtures of
 * onnx_fixtures.py): every layer's shape, mean and sampled values on pictures of the file's own
 * size and of another (odd) size, and the input gradient, on both memory layouts and in float64.
 */
@Tag("fast")
class OnnxReferenceTest {
  /** Layer means within this relative error of the float64 reference (the tolerance). */
  private static final double MEAN_ERROR = 1e-4;
  /** The gradient's cosine with the reference at least this. */
  private static final double MIN_COSINE = 0.9999;

  @TempDir
  Path home;

  private LoadedModel load(String fixture, JsonObject reference) throws IOException {
    ModelStore store = new ModelStore(home, ModelStore.Sources.defaults(), ModelStore.Listener.silent());
    store.importOnnx(OnnxFixtures.file(fixture), fixture, OnnxFixtures.convention(reference));
    return store.load(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {OnnxFixtures.GOOGLENET, OnnxFixtures.RESNET})
  void everyLayerMatchesTheFloat64ReferenceOnBothLayoutsAndInFloat64(String fixture) throws IOException {
    JsonObject reference = OnnxFixtures.reference(fixture);
    LoadedModel model = load(fixture, reference);
    InputConvention in = OnnxFixtures.convention(reference);
    assertThat(model.info().inputConvention()).isEqualTo(in);
    try (Network net = model.build();
        Network net64 = Network.build(model.graph(), model.weights(), model.info(), net.device(), DataType.FLOAT64)) {
      for (JsonElement e : reference.getAsJsonArray("references")) {
        JsonObject picture = e.getAsJsonObject();
        FloatImage image = ImageFiles.read(Path.of(picture.get("image").getAsString())).toFloat((float) in.min(),
            (float) in.max());
        Map<String, JsonObject> layers = OnnxFixtures.layers(reference, picture);
        for (ExecutionPlan plan : List.of(ExecutionPlan.CHANNELS_FIRST, ExecutionPlan.CHANNELS_LAST)) {
          net.use(plan);
          check(fixture + " on " + picture.get("image").getAsString() + ", " + plan.name(), net, image, layers,
              MEAN_ERROR);
        }
        // float64 through the same float32 weights and folded constants: the engine check's reference runs.
        check(fixture + " on " + picture.get("image").getAsString() + ", float64", net64, image, layers, 1e-5);
      }
    }
  }

  /** Shapes exact, means within {@code meanError}, sampled values within it of the layer's largest sample. */
  private static void check(String what, Network net, FloatImage image, Map<String, JsonObject> layers,
      double meanError) {
    Map<String, float[]> acts = LossGradient.activations(net, layers.keySet(), image);
    double worstMean = 0;
    double worstValue = 0;
    String worst = null;
    for (Map.Entry<String, JsonObject> l : layers.entrySet()) {
      JsonArray shape = l.getValue().getAsJsonArray("shape");
      int[] expected = new int[shape.size()];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = shape.get(i).getAsInt();
      }
      assertThat(net.outputShape(l.getKey(), image.height(), image.width())).as(what + ": shape of " + l.getKey())
          .containsExactly(expected);
      float[] v = acts.get(l.getKey());
      double sum = 0;
      for (float x : v) {
        sum += x;
      }
      double mean = l.getValue().get("mean").getAsDouble();
      double err = Math.abs(sum / v.length - mean) / Math.max(Math.abs(mean), 1e-12);
      if (err > worstMean) {
        worstMean = err;
        worst = l.getKey();
      }
      JsonArray values = l.getValue().getAsJsonArray("values");
      double scale = 1e-12;
      for (JsonElement x : values) {
        scale = Math.max(scale, Math.abs(x.getAsDouble()));
      }
      for (int k = 0; k < 5; k++) {
        double diff = Math.abs(v[k * (v.length - 1) / 4] - values.get(k).getAsDouble()) / scale;
        worstValue = Math.max(worstValue, diff);
      }
    }
    System.err.printf(Locale.ROOT, "[onnx reference] %s: %d layers, worst mean error %.2e (%s), worst value %.2e%n",
        what, layers.size(), worstMean, worst, worstValue);
    assertThat(worstMean).as(what + ": worst relative mean error (" + worst + ")").isLessThanOrEqualTo(meanError);
    assertThat(worstValue).as(what + ": worst sampled value error").isLessThanOrEqualTo(Math.max(meanError, 1e-5));
  }

  @ParameterizedTest
  @ValueSource(strings = {OnnxFixtures.GOOGLENET, OnnxFixtures.RESNET})
  void theInputGradientPointsWhereTheReferenceDoes(String fixture) throws IOException {
    JsonObject reference = OnnxFixtures.reference(fixture);
    LoadedModel model = load(fixture, reference);
    InputConvention in = OnnxFixtures.convention(reference);
    JsonObject picture = OnnxFixtures.picture(reference, OnnxFixtures.DIR.resolve("photo-odd.png").toString());
    FloatImage image = ImageFiles.read(Path.of(picture.get("image").getAsString())).toFloat((float) in.min(),
        (float) in.max());
    Objective objective = null;
    for (JsonElement l : picture.getAsJsonObject("gradient").getAsJsonArray("layers")) {
      objective = objective == null ? Objective.mean(l.getAsString()) : objective.plus(Objective.mean(l.getAsString()));
    }
    float[] expected = OnnxFixtures.gradient(picture);
    try (Network net = model.build()) {
      List<String> results = new ArrayList<>();
      for (ExecutionPlan plan : List.of(ExecutionPlan.CHANNELS_FIRST, ExecutionPlan.CHANNELS_LAST)) {
        net.use(plan);
        float[] g = LossGradient.compute(net, objective, image).gradient().data();
        assertThat(g).hasSameSizeAs(expected);
        double cosine = FloatImage.cosine(g, expected);
        results.add(String.format(Locale.ROOT, "%s %.7f", plan.name(), cosine));
        assertThat(cosine).as(fixture + ", " + plan.name() + ": gradient cosine").isGreaterThanOrEqualTo(MIN_COSINE);
      }
      System.err.println("[onnx reference] " + fixture + " gradient cosine: " + String.join(", ", results));
    }
  }
}
