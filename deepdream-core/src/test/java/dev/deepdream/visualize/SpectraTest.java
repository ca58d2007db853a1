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

  @Test
  void spectrumDistanceIgnoresWhereThePatternIsAndSeesADifferentPattern() {
    Random r = new Random(2);
    int n = 32;
    int[] texture = new int[n * n];
    int[] shifted = new int[n * n];
    int[] stripes = new int[n * n];
    for (int i = 0; i < texture.length; i++) {
      texture[i] = r.nextInt(1 << 24);
    }
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        shifted[y * n + x] = texture[((y + 5) % n) * n + (x + 11) % n];
        int v = (int) (127 + 120 * Math.sin(2 * Math.PI * 3 * x / n));
        stripes[y * n + x] = v << 16 | v << 8 | v;
      }
    }
    Picture a = new Picture(n, n, texture, null);
    Picture moved = new Picture(n, n, shifted, null);
    Picture other = new Picture(n, n, stripes, null);
    // The moved copy differs pixel by pixel as much as unrelated noise would, yet shows the same thing.
    assertThat(Spectra.meanPairwiseDistance(List.of(a, moved))).isGreaterThan(80);
    assertThat(Spectra.meanPairwiseSpectrumDistance(List.of(a, moved))).isCloseTo(0, within(1e-9));
    assertThat(Spectra.meanPairwiseSpectrumDistance(List.of(a, other))).isGreaterThan(0.5);
    assertThat(Spectra.meanPairwiseSpectrumDistance(List.of(a, moved, other)))
        .isCloseTo(2 * Spectra.meanPairwiseSpectrumDistance(List.of(a, other)) / 3, within(1e-9));
  }
}
