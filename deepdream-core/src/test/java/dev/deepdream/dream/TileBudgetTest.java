package dev.deepdream.dream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.model.InceptionV3Config;
import dev.deepdream.model.KerasGraph;
import dev.deepdream.settings.Sizes;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class TileBudgetTest {
  private static final KerasGraph GRAPH = KerasGraph.fromConfig(InceptionV3Config.build());
  private static final Set<String> LAYERS = Set.of("mixed3", "mixed5");

  @Test
  void chosenTileFitsTheBudgetAndTheNextOneWouldNot() {
    for (long mb : new long[] {64, 200, 500, 1000, 3000}) {
      long budget = mb << 20;
      int tile = TileBudget.choose(GRAPH, LAYERS, budget, 2048, 43);
      assertThat(tile % 32).isZero();
      assertThat(TileBudget.estimateBytes(GRAPH, LAYERS, tile)).as(mb + " MB").isLessThanOrEqualTo(budget);
      if (tile < 2048) {
        assertThat(TileBudget.estimateBytes(GRAPH, LAYERS, tile + 32)).isGreaterThan(budget);
      }
    }
    assertThat(TileBudget.choose(GRAPH, LAYERS, 100L << 30, 512, 43)).isEqualTo(512); // capped by --tile-size
  }

  @Test
  void estimatesGrowWithTheTileAndTheDepth() {
    assertThat(TileBudget.estimateBytes(GRAPH, LAYERS, 512)).isGreaterThan(TileBudget.estimateBytes(GRAPH, LAYERS, 256));
    assertThat(TileBudget.estimateBytes(GRAPH, Set.of("mixed10"), 512))
        .isGreaterThan(TileBudget.estimateBytes(GRAPH, LAYERS, 512));
  }

  @Test
  void tooSmallBudgetsAndBadSizesAreNamed() {
    assertThatThrownBy(() -> TileBudget.choose(GRAPH, LAYERS, 1L << 20, 512, 43)).isInstanceOf(BadOptionException.class)
        .hasMessageContaining("too small").hasMessageContaining("MB");
    assertThat(Sizes.parse("memory", "1g", DreamConfig.MEMORY)).isEqualTo(1L << 30);
    assertThat(Sizes.parse("memory", "512m", DreamConfig.MEMORY)).isEqualTo(512L << 20);
    assertThat(Sizes.parse("memory", "1.5G", DreamConfig.MEMORY)).isEqualTo(3L << 29);
    assertThatThrownBy(() -> Sizes.parse("memory", "lots", DreamConfig.MEMORY)).hasMessageContaining("1g");
  }
}
