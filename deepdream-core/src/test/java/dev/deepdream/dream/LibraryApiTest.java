package dev.deepdream.dream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.image.FloatImage;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.model.Network;
import dev.deepdream.support.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The pieces a library user composes: objectives, transforms and step rules as values, passed to DeepDream. */
@Tag("model")
class LibraryApiTest {
  static DeepDream dd;
  static Picture cat;

  @BeforeAll
  static void open() throws Exception {
    dd = new DeepDream(TestModels.store());
    cat = ImageFiles.read(Path.of("examples/chelsea.png")).resize(180, 120);
  }

  @AfterAll
  static void close() {
    dd.close();
  }

  @Test
  void anObjectiveComposedInCodeAndTheSameTextGiveIdenticalGradients() throws Exception {
    Network net = dd.network("inception_v3");
    Objective inCode = Objective.channels("mixed4", 97).plus(Objective.mean("mixed3"))
        .minus(Objective.totalVariation().times(0.05));
    Objective fromText = ObjectiveParser.parse("mixed4:97 + mixed3 - 0.05*tv");
    assertThat(fromText).isEqualTo(inCode);
    FloatImage x = cat.toFloat(-1, 1);
    LossGradient.Result a = LossGradient.compute(net, inCode, x);
    LossGradient.Result b = LossGradient.compute(net, fromText, x);
    assertThat(a.loss()).isEqualTo(b.loss());
    assertThat(a.gradient().data()).isEqualTo(b.gradient().data());
    assertThat(inCode.penaltyGradient(x).data()).isEqualTo(fromText.penaltyGradient(x).data());
    assertThat(a.gradient().std()).isGreaterThan(0);
    // The penalty is the total variation's gradient, weighted: -0.05 x its signs.
    assertThat(inCode.penaltyGradient(x).data()).isEqualTo(Regularisers.totalVariationGradient(x).times(-0.05f).data());
  }

  @Test
  void zoomAndTurnCarryTheGradientBackThroughTheirExactAdjoint() {
    Random r = new Random(3);
    FloatImage x = random(r, 3, 37, 53);
    FloatImage y = random(r, 3, 37, 53);
    for (Transform t : List.of(Transform.randomScale(0.2), Transform.randomRotate(30), Transform.jitter(9))) {
      Transform.Applied applied = t.apply(x, new Random(7));
      double lhs = dot(applied.image(), y);
      double rhs = dot(x, applied.back().apply(y));
      assertThat(Math.abs(lhs - rhs)).as(t.describe() + ": <Tx, y> vs <x, T'y>").isLessThan(1e-3 * Math.abs(lhs));
      assertThat(applied.image().data()).as(t.describe() + " changes the image").isNotEqualTo(x.data());
    }
  }

  @Test
  void jitterNowWorksInTiledModeAndASeedReproducesIt() throws Exception {
    DreamConfig base = DreamConfig.builder().mode(Mode.TILED).octaves(0, 0).steps(3).tileSize(96).seed(5L).build();
    DreamConfig jittered = base.toBuilder().jitter(24).build();
    Picture a = dd.dream(cat, jittered, DreamListener.none()).picture();
    Picture b = dd.dream(cat, jittered, DreamListener.none()).picture();
    Picture plain = dd.dream(cat, base, DreamListener.none()).picture();
    assertThat(a.rgb()).isEqualTo(b.rgb());
    assertThat(a.rgb()).isNotEqualTo(plain.rgb());
  }

  @Test
  void randomScaleAndRotationDreamAndReproduce() throws Exception {
    DreamConfig cfg = DreamConfig.builder().mode(Mode.SIMPLE).steps(3).seed(2L)
        .transforms(List.of(Transform.randomScale(0.1), Transform.randomRotate(10))).build();
    DreamResult a = dd.dream(cat, cfg, DreamListener.none());
    DreamResult b = dd.dream(cat, cfg, DreamListener.none());
    assertThat(a.picture().rgb()).isEqualTo(b.picture().rgb());
    assertThat(a.lastLoss()).isGreaterThan(a.firstLoss());
  }

  @Test
  void aUserSuppliedStepRuleIsUsedAndRecorded() throws Exception {
    StepRule sign = StepRule.of("sign", g -> {
      float[] s = new float[g.data().length];
      for (int i = 0; i < s.length; i++) {
        s[i] = Math.signum(g.data()[i]);
      }
      return new FloatImage(g.channels(), g.height(), g.width(), s);
    });
    DreamConfig cfg = DreamConfig.builder().mode(Mode.SIMPLE).steps(3).build();
    DreamResult std = dd.dream(cat, cfg, DreamListener.none());
    DreamResult signed = dd.dream(cat, cfg.toBuilder().stepRule(sign).build(), DreamListener.none());
    assertThat(signed.config().stepRule().id()).isEqualTo("sign");
    assertThat(signed.picture().rgb()).isNotEqualTo(std.picture().rgb());
    assertThat(signed.lastLoss()).isGreaterThan(signed.firstLoss());
  }

  @Test
  void aResultRecordsTheObjectiveTheModelDefaultsGave() throws Exception {
    DreamResult r = dd.dream(cat, DreamConfig.builder().mode(Mode.SIMPLE).steps(1).build(), DreamListener.none());
    assertThat(r.config().objective()).isEqualTo(ObjectiveParser.parse("mixed3 + mixed5"));
    assertThat(r.config().seed()).isEqualTo(r.seed());
  }

  @Test
  void anObjectiveOfPenaltiesAloneIsRejected() {
    assertThatThrownBy(() -> DreamConfig.builder().objective(Objective.totalVariation().negate()).build())
        .isInstanceOf(BadOptionException.class).hasMessageContaining("reads no layer");
  }

  private static FloatImage random(Random r, int c, int h, int w) {
    float[] d = new float[c * h * w];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) r.nextGaussian();
    }
    return new FloatImage(c, h, w, d);
  }

  private static double dot(FloatImage a, FloatImage b) {
    double s = 0;
    for (int i = 0; i < a.data().length; i++) {
      s += (double) a.data()[i] * b.data()[i];
    }
    return s;
  }
}
