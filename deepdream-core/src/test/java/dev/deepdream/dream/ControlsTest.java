package dev.deepdream.dream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.image.FloatImage;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.ImageRef;
import dev.deepdream.image.Picture;
import dev.deepdream.model.Network;
import dev.deepdream.support.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Each of the dreamer's controls does what it claims, measured. */
@Tag("model")
class ControlsTest {
  static DeepDream dd;
  static Picture cat;

  @BeforeAll
  static void open() throws Exception {
    dd = new DeepDream(TestModels.store());
    cat = ImageFiles.read(Path.of("examples/chelsea.png")).resize(225, 150);
  }

  @AfterAll
  static void close() {
    dd.close();
  }

  static FloatImage model(Picture p) {
    return p.toFloat(-1, 1);
  }

  static float[] channelMeans(Network net, String layer, Picture p) {
    float[] a = LossGradient.activations(net, List.of(layer), model(p)).get(layer);
    int[] shape = net.outputShape(layer, p.height(), p.width());
    int plane = shape[0] * shape[1];
    float[] means = new float[shape[2]];
    for (int c = 0; c < means.length; c++) {
      double s = 0;
      for (int i = 0; i < plane; i++) {
        s += a[c * plane + i];
      }
      means[c] = (float) (s / plane);
    }
    return means;
  }

  @Test
  void aChannelObjectiveRaisesThatChannelMoreThanTheOthers() throws Exception {
    Network net = dd.network("inception_v3");
    DreamConfig cfg = DreamConfig.builder().mode(Mode.SIMPLE).objective("mixed4:97").steps(10).build();
    DreamResult r = dd.dream(cat, cfg, DreamListener.none());
    float[] before = channelMeans(net, "mixed4", cat);
    float[] after = channelMeans(net, "mixed4", r.picture());
    float gain97 = after[97] - before[97];
    double otherGains = 0;
    for (int c = 0; c < before.length; c++) {
      if (c != 97) {
        otherGains += after[c] - before[c];
      }
    }
    otherGains /= before.length - 1;
    assertThat(gain97).isGreaterThan(0);
    assertThat((double) gain97).as("channel 97 vs the mean of the others").isGreaterThan(5 * Math.max(otherGains, 0.01));
  }

  @Test
  void theGuideObjectiveRaisesTheFeatureMatchWithTheGuide() throws Exception {
    Network net = dd.network("inception_v3");
    Picture guide = ImageFiles.read(Path.of("examples/coffee.png")).resize(180, 120);
    Objective match = new Objective.GuideFeatures("mixed4", LossGradient.activations(net, List.of("mixed4"),
        model(guide)).get("mixed4"), 768);
    float before = LossGradient.compute(net, match, model(cat)).loss();
    DreamConfig cfg = DreamConfig.builder().mode(Mode.SIMPLE).layers(Map.of("mixed4", 1.0)).steps(8).build();
    DreamResult guided = dd.dream(cat, cfg.toBuilder().guide(new DreamConfig.Guide(ImageRef.of(guide, "coffee"),
        "mixed4", 5.0)).build(), DreamListener.none());
    DreamResult plain = dd.dream(cat, cfg, DreamListener.none());
    float after = LossGradient.compute(net, match, model(guided.picture())).loss();
    float plainAfter = LossGradient.compute(net, match, model(plain.picture())).loss();
    assertThat(after).isGreaterThan(before);
    assertThat(after).as("guided vs unguided run").isGreaterThan(plainAfter);
  }

  @Test
  void aTotalVariationWeightLowersTheOutputsTotalVariation() throws Exception {
    DreamConfig cfg = DreamConfig.builder().mode(Mode.SIMPLE).steps(10).seed(1L).build();
    DreamResult without = dd.dream(cat, cfg, DreamListener.none());
    DreamResult with = dd.dream(cat, cfg.toBuilder().tvWeight(0.5).build(), DreamListener.none());
    double tvWithout = Regularisers.totalVariation(model(without.picture()));
    double tvWith = Regularisers.totalVariation(model(with.picture()));
    assertThat(tvWith).isLessThan(tvWithout * 0.95);
  }

  @Test
  void maskedOutPixelsStayExactlyAsTheyWere() throws Exception {
    int[] rgb = new int[cat.width() * cat.height()];
    for (int y = 0; y < cat.height(); y++) {
      for (int x = 0; x < cat.width(); x++) {
        rgb[y * cat.width() + x] = x < cat.width() / 2 ? 0xFFFFFF : 0x000000; // left half dreams
      }
    }
    Picture mask = new Picture(cat.width(), cat.height(), rgb, null);
    DreamConfig cfg = DreamConfig.builder().mode(Mode.OCTAVES).octaves(-1, 0).steps(5).build();
    DreamConfig.Mask left = new DreamConfig.Mask(ImageRef.of(mask, "left"), null);
    DreamResult r = dd.dream(cat, cfg.toBuilder().masks(List.of(left)).build(), DreamListener.none());
    int changedLeft = 0;
    for (int y = 0; y < cat.height(); y++) {
      for (int x = 0; x < cat.width(); x++) {
        int i = y * cat.width() + x;
        if (x >= cat.width() / 2) {
          assertThat(r.picture().rgb()[i]).as("masked-out pixel " + x + "," + y).isEqualTo(cat.rgb()[i]);
        } else if (r.picture().rgb()[i] != cat.rgb()[i]) {
          changedLeft++;
        }
      }
    }
    assertThat(changedLeft).isGreaterThan(cat.width() * cat.height() / 4);
    // A second mask with its own objective dreams there instead.
    Picture right = new Picture(cat.width(), cat.height(), java.util.Arrays.stream(rgb).map(v -> ~v & 0xFFFFFF)
        .toArray(), null);
    DreamResult two = dd.dream(cat, cfg.toBuilder().masks(List.of(left,
        new DreamConfig.Mask(ImageRef.of(right, "right"), Objective.mean("mixed2")))).build(), DreamListener.none());
    assertThat(two.picture().rgb()[10 * cat.width() + cat.width() - 5]).isNotEqualTo(cat.rgb()[10 * cat.width() + cat.width() - 5]);
  }

  @Test
  void laplacianNormalisationOfASmallTensorEqualsAHandComputedPyramid() {
    // One channel, 4 x 4, one level: lo = conv(img, K, stride 2, SAME), hi = img - convT(lo, 4K).
    float[] v = new float[16];
    for (int i = 0; i < 16; i++) {
      v[i] = (i * 7 % 5) - 2 + i * 0.1f;
    }
    FloatImage img = new FloatImage(1, 4, 4, v);
    float[] k1 = {1, 4, 6, 4, 1};
    // By hand: 4 -> 2 with 'SAME' pads 1 before (total 3: 1 before, 2 after); output y reads rows 2y-1..2y+3.
    float[] lo = new float[4];
    for (int oy = 0; oy < 2; oy++) {
      for (int ox = 0; ox < 2; ox++) {
        float s = 0;
        for (int ky = 0; ky < 5; ky++) {
          for (int kx = 0; kx < 5; kx++) {
            int y = 2 * oy - 1 + ky;
            int x = 2 * ox - 1 + kx;
            if (y >= 0 && y < 4 && x >= 0 && x < 4) {
              s += v[y * 4 + x] * k1[ky] * k1[kx] / 256f;
            }
          }
        }
        lo[oy * 2 + ox] = s;
      }
    }
    float[] up = new float[16];
    for (int oy = 0; oy < 2; oy++) {
      for (int ox = 0; ox < 2; ox++) {
        for (int ky = 0; ky < 5; ky++) {
          for (int kx = 0; kx < 5; kx++) {
            int y = 2 * oy - 1 + ky;
            int x = 2 * ox - 1 + kx;
            if (y >= 0 && y < 4 && x >= 0 && x < 4) {
              up[y * 4 + x] += lo[oy * 2 + ox] * 4 * k1[ky] * k1[kx] / 256f;
            }
          }
        }
      }
    }
    float[] hi = new float[16];
    for (int i = 0; i < 16; i++) {
      hi[i] = v[i] - up[i];
    }
    FloatImage[] levels = Laplacian.split(img, 1);
    assertThat(levels[0].data()).containsExactly(lo, org.assertj.core.api.Assertions.within(1e-5f));
    assertThat(levels[1].data()).containsExactly(hi, org.assertj.core.api.Assertions.within(1e-5f));
    // Normalised: each level divided by its RMS, then merged: lo' upsampled + hi'.
    double rmsLo = rms(lo);
    double rmsHi = rms(hi);
    float[] expected = new float[16];
    float[] upN = new float[16];
    for (int i = 0; i < 16; i++) {
      upN[i] = (float) (up[i] / rmsLo);
      expected[i] = upN[i] + (float) (hi[i] / rmsHi);
    }
    assertThat(Laplacian.normalise(img, 1).data()).containsExactly(expected, org.assertj.core.api.Assertions.within(1e-4f));
    // Split then merge without normalising is the identity.
    assertThat(Laplacian.merge(Laplacian.split(img, 2)).data()).containsExactly(v, org.assertj.core.api.Assertions.within(1e-4f));
  }

  static double rms(float[] a) {
    double s = 0;
    for (float x : a) {
      s += (double) x * x;
    }
    return Math.sqrt(s / a.length);
  }

  @Test
  void detailCarryingOctavesKeepMoreHighFrequencyEnergy() throws Exception {
    DreamConfig resize = DreamConfig.builder().mode(Mode.OCTAVES).octaves(-3, 0).octaveScale(1.4).steps(3).build();
    DreamConfig detail = resize.toBuilder().octaveMode(OctaveMode.DETAIL).build();
    double hfResize = highFrequency(dd.dream(cat, resize, DreamListener.none()).picture());
    double hfDetail = highFrequency(dd.dream(cat, detail, DreamListener.none()).picture());
    assertThat(hfDetail).isGreaterThan(hfResize * 1.1);
  }

  /** Energy of the image minus its 3x3 box blur. */
  static double highFrequency(Picture p) {
    FloatImage f = p.toFloat(0, 1);
    FloatImage blur = Regularisers.gaussian(f, 1.0);
    double e = 0;
    for (int i = 0; i < f.data().length; i++) {
      double d = f.data()[i] - blur.data()[i];
      e += d * d;
    }
    return e;
  }

  @Test
  void jitterWithASeedIsReproducible() throws Exception {
    DreamConfig cfg = DreamConfig.builder().mode(Mode.SIMPLE).jitter(32).steps(4).seed(9L).build();
    Picture a = dd.dream(cat, cfg, DreamListener.none()).picture();
    Picture b = dd.dream(cat, cfg, DreamListener.none()).picture();
    Picture c = dd.dream(cat, cfg.toBuilder().seed(10L).build(), DreamListener.none()).picture();
    Picture still = dd.dream(cat, cfg.toBuilder().jitter(0).build(), DreamListener.none()).picture();
    assertThat(a.rgb()).isEqualTo(b.rgb());
    assertThat(a.rgb()).isNotEqualTo(c.rgb());
    assertThat(a.rgb()).isNotEqualTo(still.rgb());
  }

  @Test
  void stepRulesAndSmoothingChangeTheUpdate() throws Exception {
    DreamConfig base = DreamConfig.builder().mode(Mode.SIMPLE).steps(3).build();
    Picture std = dd.dream(cat, base, DreamListener.none()).picture();
    Picture meanAbs = dd.dream(cat, base.toBuilder().stepRule(StepRule.MEAN_ABS).build(), DreamListener.none()).picture();
    Picture lap = dd.dream(cat, base.toBuilder().stepRule(StepRule.LAPLACIAN).build(), DreamListener.none()).picture();
    Picture smooth = dd.dream(cat, base.toBuilder().smoothing(2.0).build(), DreamListener.none()).picture();
    assertThat(meanAbs.rgb()).isNotEqualTo(std.rgb());
    assertThat(lap.rgb()).isNotEqualTo(std.rgb());
    assertThat(highFrequency(smooth)).isLessThan(highFrequency(std));
  }

  @Test
  void objectivesParseComposeAndNegate() {
    Objective parsed = ObjectiveParser.parse("mixed3 + 1.5*mixed5 - 0.5*mixed4:97,3 + mixed2^2 - 0.1*tv");
    Objective built = Objective.mean("mixed3").plus(Objective.mean("mixed5").times(1.5))
        .minus(Objective.channels("mixed4", 97, 3).times(0.5)).plus(Objective.meanOfSquares("mixed2"))
        .minus(Objective.totalVariation().times(0.1));
    assertThat(parsed).isEqualTo(built);
    assertThat(parsed.terms()).hasSize(5);
    assertThat(parsed.terms().get(2)).isEqualTo(new Objective.Weighted(-0.5, new Objective.Channels("mixed4",
        List.of(97, 3))));
    assertThat(ObjectiveParser.parse(built.describe())).isEqualTo(built);
    assertThat(parsed.layers()).containsExactly("mixed3", "mixed5", "mixed4", "mixed2");
    assertThat(ObjectiveParser.parse("mixed3 + 1.5*mixed5 - 0.5*mixed4:97").describe())
        .isEqualTo("mixed3 + 1.5*mixed5 - 0.5*mixed4:97");
    assertThat(ObjectiveParser.layers("mixed3 - mixed3:1 + mixed5")).containsExactly("mixed3", "mixed5");
    assertThatThrownBy(() -> ObjectiveParser.parse("mixed3 + *")).isInstanceOf(BadOptionException.class);
    assertThatThrownBy(() -> ObjectiveParser.parse("2*")).hasMessageContaining("not a layer name");
    assertThatThrownBy(() -> ObjectiveParser.parse("mixed4:x")).hasMessageContaining("channel 'x'");
    // Caffe's and ONNX's node names read as layers, with channels and weights like any other.
    assertThat(ObjectiveParser.parse("inception_4c/output + 0.5*conv2/3x3_reduce:7 - pool1/norm1^2"))
        .isEqualTo(Objective.mean("inception_4c/output").plus(Objective.channels("conv2/3x3_reduce", 7).times(0.5))
            .minus(Objective.meanOfSquares("pool1/norm1")));
    // Negating a term lowers what it measured.
    assertThat(Presets.all()).containsKeys("tutorial", "original", "subtle", "intense", "lapnorm", "smooth");
    assertThat(Presets.builder("original").build().octaves().mode()).isEqualTo(OctaveMode.DETAIL);
    assertThatThrownBy(() -> Presets.builder("wild")).hasMessageContaining("presets: tutorial");
  }

  @Test
  void aNegatedObjectiveLowersItsLayer() throws Exception {
    Network net = dd.network("inception_v3");
    DreamResult r = dd.dream(cat, DreamConfig.builder().mode(Mode.SIMPLE).objective("-mixed3").steps(5).build(),
        DreamListener.none());
    float[] before = channelMeans(net, "mixed3", cat);
    float[] after = channelMeans(net, "mixed3", r.picture());
    double b = 0;
    double a = 0;
    for (int i = 0; i < before.length; i++) {
      b += before[i];
      a += after[i];
    }
    assertThat(a).isLessThan(b);
  }
}
