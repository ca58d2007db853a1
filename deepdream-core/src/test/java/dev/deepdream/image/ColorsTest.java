package dev.deepdream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Keeping the input's colours: the dream's luminance, the input's chroma, in JPEG's YCbCr. */
@Tag("fast")
class ColorsTest {
  // The JFIF (JPEG) definitions, written out here rather than taken from Colors.
  static double y(int rgb) {
    return 0.299 * r(rgb) + 0.587 * g(rgb) + 0.114 * b(rgb);
  }

  static double cb(int rgb) {
    return 128 - 0.168736 * r(rgb) - 0.331264 * g(rgb) + 0.5 * b(rgb);
  }

  static double cr(int rgb) {
    return 128 + 0.5 * r(rgb) - 0.418688 * g(rgb) - 0.081312 * b(rgb);
  }

  static int r(int rgb) {
    return (rgb >> 16) & 0xff;
  }

  static int g(int rgb) {
    return (rgb >> 8) & 0xff;
  }

  static int b(int rgb) {
    return rgb & 0xff;
  }

  static int rgb(int r, int g, int b) {
    return (r << 16) | (g << 8) | b;
  }

  @Test
  void theResultHasTheDreamsLuminanceAndTheOriginalsColour() {
    // Moderate colours on mid greys: every result is inside the RGB cube, so nothing is clipped.
    int[] colours = {rgb(200, 120, 60), rgb(60, 140, 200), rgb(120, 180, 90), rgb(170, 90, 150), rgb(128, 128, 128),
        rgb(90, 60, 40), rgb(150, 160, 170), rgb(30, 90, 60)};
    int[] greys = new int[colours.length];
    for (int i = 0; i < greys.length; i++) {
      int v = 100 + 8 * i;
      greys[i] = rgb(v, v, v);
    }
    byte[] alpha = {1, 2, 3, 4, 5, 6, 7, (byte) 255};
    Picture original = new Picture(4, 2, colours, null);
    Picture dreamed = new Picture(4, 2, greys, alpha);
    int[] originalBefore = colours.clone();
    int[] dreamedBefore = greys.clone();
    byte[] alphaBefore = alpha.clone();

    Picture out = Colors.keepColors(dreamed, original);

    assertThat(out.width()).isEqualTo(4);
    assertThat(out.height()).isEqualTo(2);
    for (int i = 0; i < colours.length; i++) {
      int px = out.rgb()[i];
      assertThat(y(px)).as("Y of pixel %d", i).isCloseTo(y(greys[i]), within(1.0));
      assertThat(cb(px)).as("Cb of pixel %d", i).isCloseTo(cb(colours[i]), within(2.0));
      assertThat(cr(px)).as("Cr of pixel %d", i).isCloseTo(cr(colours[i]), within(2.0));
    }
    // The grey original keeps the dream's grey exactly.
    assertThat(out.rgb()[4]).isEqualTo(greys[4]);
    assertThat(out.alpha()).isEqualTo(alphaBefore);
    // Neither input was changed.
    assertThat(original.rgb()).isEqualTo(originalBefore);
    assertThat(dreamed.rgb()).isEqualTo(dreamedBefore);
    assertThat(dreamed.alpha()).isEqualTo(alphaBefore);
    assertThat(out.rgb()).isNotSameAs(dreamed.rgb()).isNotSameAs(original.rgb());
  }

  @Test
  void colourTheNewLuminanceCannotHoldIsClippedPerChannel() {
    // Pure blue's chroma on a near-white luminance: blue would be 476, so it stops at 255.
    Picture out = Colors.keepColors(new Picture(1, 1, new int[] {rgb(250, 250, 250)}, null),
        new Picture(1, 1, new int[] {rgb(0, 0, 255)}, null));
    int px = out.rgb()[0];
    assertThat(px >>> 24).isZero();
    assertThat(b(px)).isEqualTo(255);
    assertThat(r(px)).isEqualTo(221);
    assertThat(g(px)).isEqualTo(221);
    // And a black dream under saturated red stays in range at the bottom.
    int dark = Colors.keepColors(new Picture(1, 1, new int[] {0}, null),
        new Picture(1, 1, new int[] {rgb(255, 0, 0)}, null)).rgb()[0];
    assertThat(dark >>> 24).isZero();
    assertThat(g(dark)).isZero();
    assertThat(b(dark)).isZero();
  }

  @Test
  void theConversionIsJpegsAndSizesMustAgree() {
    assertThat(Colors.luma(rgb(255, 0, 0))).isCloseTo(76.245, within(1e-9));
    assertThat(Colors.cb(rgb(0, 0, 255))).isCloseTo(255.5, within(1e-9));
    assertThat(Colors.cr(rgb(255, 0, 0))).isCloseTo(255.5, within(1e-9));
    assertThat(Colors.cb(rgb(77, 77, 77))).isCloseTo(128, within(1e-9));
    assertThat(Colors.cr(rgb(77, 77, 77))).isCloseTo(128, within(1e-9));
    assertThatThrownBy(() -> Colors.keepColors(new Picture(2, 1, new int[2], null), new Picture(1, 2, new int[2],
        null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1x2").hasMessageContaining("2x1");
  }
}
