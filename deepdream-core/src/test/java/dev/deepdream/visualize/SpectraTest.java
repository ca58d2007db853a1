package dev.deepdream.visualize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepdream.image.Picture;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The measures of docs/visualize.md on pictures whose answer is known. */
@Tag("fast")
class SpectraTest {
  @Test
  void whiteNoiseHasItsAreaShareOfHighFrequenciesAndASmoothPictureAlmostNone() {
    Random r = new Random(1);
    int n = 64;
    int[] noise = new int[n * n];
    int[] smooth = new int[n * n];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = r.nextInt(1 << 24);
      int x = i % n;
      int y = i / n;
      int v = (int) (127 + 100 * Math.sin(2 * Math.PI * x / n) * Math.cos(2 * Math.PI * 2 * y / n));
      smooth[i] = v << 16 | v << 8 | v;
    }
    // Outside the circle of radius 1/4 in the unit square of frequencies: 1 - pi/16.
    assertThat(Spectra.highFrequencyShare(new Picture(n, n, noise, null))).isCloseTo(1 - Math.PI / 16,
        within(0.03));
    assertThat(Spectra.highFrequencyShare(new Picture(n, n, smooth, null))).isLessThan(1e-3);
    // A checkerboard is all Nyquist.
    int[] checks = new int[n * n];
    for (int i = 0; i < checks.length; i++) {
      checks[i] = ((i % n + i / n) % 2) * 0xffffff;
    }
    assertThat(Spectra.highFrequencyShare(new Picture(n, n, checks, null))).isCloseTo(1, within(1e-9));
  }

  @Test
  void pairwiseDistanceIsTheMeanRmsDifference() {
    Picture black = new Picture(2, 2, new int[4], null);
    Picture grey = new Picture(2, 2, new int[] {0x0a0a0a, 0x0a0a0a, 0x0a0a0a, 0x0a0a0a}, null);
    assertThat(Spectra.meanPairwiseDistance(List.of(black, grey))).isCloseTo(10, within(1e-9));
    assertThat(Spectra.meanPairwiseDistance(List.of(black, black, grey))).isCloseTo(20.0 / 3, within(1e-9));
    assertThat(Spectra.meanPairwiseDistance(List.of(black))).isZero();
  }
}
