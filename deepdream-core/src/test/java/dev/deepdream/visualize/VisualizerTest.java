package dev.deepdream.visualize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.Objective;
import dev.deepdream.image.Picture;
import dev.deepdream.model.KerasGraph;
import dev.deepdream.model.ModelInfo;
import dev.deepdream.model.Network;
import dev.deepdream.support.TinyNet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The render loop on a tiny network: seeds reproduce pixels, the objective grows, diversity spreads a batch. */
@Tag("fast")
class VisualizerTest {
  private static Network net;

  @BeforeAll
  static void build() {
    ModelInfo info = new ModelInfo("tiny", "tiny", -1, 1, null, null, null, null, false, null, null);
    net = Network.build(KerasGraph.fromConfig(TinyNet.config()), TinyNet.weights(7), info,
        Engine.getInstance().defaultDevice());
  }

  @AfterAll
  static void close() {
    net.close();
  }

  private static VisualizeConfig.Builder tiny() {
    return VisualizeConfig.builder().model("tiny").objective(Objective.channels("add", 2)).size(32).steps(40);
  }

  @Test
  void theSameSeedGivesTheSamePixelsAndTheObjectiveGrows() {
    for (ImageParam p : List.of(ImageParam.LUCID, new ImageParam(Basis.PIXEL, false, Bound.CLIP))) {
      VisualizeConfig c = tiny().param(p).seed(5L).build();
      VisualizeResult a = Visualizer.render(net, c, c.objective(), DreamListener.none());
      VisualizeResult b = Visualizer.render(net, c, c.objective(), DreamListener.none());
      VisualizeResult other = Visualizer.render(net, c.toBuilder().seed(6L).build(), c.objective(),
          DreamListener.none());
      assertThat(a.pictures().get(0).rgb()).as(p.describe()).isEqualTo(b.pictures().get(0).rgb());
      assertThat(a.pictures().get(0).rgb()).as(p.describe()).isNotEqualTo(other.pictures().get(0).rgb());
      assertThat(a.losses()).hasSize(40);
      assertThat(a.lastLoss()).as(p.describe()).isGreaterThan(a.firstLoss());
      assertThat(a.config().seed()).isEqualTo(5L);
    }
  }

  @Test
  void progressCountsEveryStepWithAnEta() {
    List<Long> etas = new ArrayList<>();
    VisualizeConfig c = tiny().steps(5).seed(1L).build();
    Visualizer.render(net, c, c.objective(), p -> {
      assertThat(p.total()).isEqualTo(5);
      etas.add(p.etaMillis());
      assertThat(p.preview().getWidth()).isEqualTo(32);
    });
    assertThat(etas).hasSize(5).last().isEqualTo(0L);
  }

  @Test
  void diversityRaisesThePairwiseDistance() {
    VisualizeConfig plain = tiny().batch(4).steps(60).seed(3L).build();
    VisualizeConfig diverse = plain.toBuilder().diversity(20).build();
    Objective withPenalty = plain.objective().minus(Objective.diversity("add").times(20));
    List<Picture> alike = Visualizer.render(net, plain, plain.objective(), DreamListener.none()).pictures();
    double without = Spectra.meanPairwiseDistance(alike);
    double spectraWithout = Spectra.meanPairwiseSpectrumDistance(alike);
    List<Picture> spread = Visualizer.render(net, diverse, withPenalty, DreamListener.none()).pictures();
    assertThat(spread).hasSize(4);
    assertThat(Spectra.meanPairwiseDistance(spread)).as("distance with diversity vs without " + without)
        .isGreaterThan(without * 1.1);
    assertThat(Spectra.meanPairwiseSpectrumDistance(spread)).as("spectrum distance with diversity vs without "
        + spectraWithout).isGreaterThan(spectraWithout * 1.1);
  }
}
