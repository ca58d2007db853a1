package dev.deepdream.dream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.image.FloatImage;
import dev.deepdream.model.Network;
import dev.deepdream.support.TestModels;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("model")
class TiledGradientsTest {
  @Test
  void tileStartsFollowTheTutorialsRule() {
    assertThat(TiledGradients.starts(1000, 512)).containsExactly(0);
    assertThat(TiledGradients.starts(512, 512)).containsExactly(0);
    assertThat(TiledGradients.starts(300, 512)).containsExactly(0);
    assertThat(TiledGradients.starts(1100, 512)).containsExactly(0, 512);
    assertThat(TiledGradients.starts(2048, 512)).containsExactly(0, 512, 1024);
  }

  @Test
  void rollThenUnrollIsTheIdentity() {
    Random r = new Random(5);
    float[] d = new float[3 * 37 * 53];
    for (int i = 0; i < d.length; i++) {
      d[i] = r.nextFloat();
    }
    FloatImage img = new FloatImage(3, 37, 53, d);
    for (int[] s : new int[][] {{0, 0}, {5, -7}, {-512, 511}, {37, 53}, {-1, 100}}) {
      FloatImage rolled = img.roll(s[0], s[1]);
      assertThat(rolled.roll(-s[0], -s[1])).isEqualTo(img);
    }
    FloatImage shifted = img.roll(1, 2);
    assertThat(shifted.get(0, 1, 2)).isEqualTo(img.get(0, 0, 0)); // tf.roll: (y, x) moves to (y + 1, x + 2)
    assertThat(shifted.get(2, 0, 0)).isEqualTo(img.get(2, 36, 51));
  }

  @Test
  void tilesCoverOnlyWhatTheRuleSaysAndSeamsMoveWithTheRoll() {
    Network net = TestModels.inceptionNetwork();
    Objective objective = Objective.mean("mixed3").plus(Objective.mean("mixed5"));
    Random r = new Random(9);
    float[] d = new float[3 * 200 * 300];
    for (int i = 0; i < d.length; i++) {
      d[i] = r.nextFloat() * 2 - 1;
    }
    FloatImage img = new FloatImage(3, 200, 300, d);
    // Tile 128: x starts 0, 128 (256 dropped), y starts 0 (128 dropped): columns >= 256 and rows >= 128 get nothing.
    TiledGradients.Result res = TiledGradients.compute(net, objective, img, 128, 0, 0);
    float[] g = res.gradient().data();
    double inside = 0;
    double outside = 0;
    for (int y = 0; y < 200; y++) {
      for (int x = 0; x < 300; x++) {
        double v = Math.abs(g[y * 300 + x]);
        if (y < 128 && x < 256) {
          inside += v;
        } else {
          outside += v;
        }
      }
    }
    assertThat(inside).isGreaterThan(0);
    assertThat(outside).isZero();
    // With a roll of (50, 60) the covered region moves: rows [150, 200) + [0, 78), columns [240, 300) + [0, 196).
    float[] moved = TiledGradients.compute(net, objective, img, 128, 50, 60).gradient().data();
    assertThat(Math.abs(moved[160 * 300 + 290])).isGreaterThan(0);
    assertThat(Math.abs(moved[10 * 300 + 10])).isGreaterThan(0);
    assertThat(moved[100 * 300 + 100]).isZero();
    assertThat(moved[10 * 300 + 220]).isZero();
  }
}
