package dev.deepdream.dream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.image.Colors;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.ImageRef;
import dev.deepdream.image.Picture;
import dev.deepdream.settings.SettingsCodec;
import dev.deepdream.support.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** keep_colors on a real photo, measured in YCbCr: the dream changes the luminance and leaves the colour. */
@Tag("model")
class KeepColorsTest {
  static DeepDream dd;
  static Picture cat;

  /**
   * A short simple-mode dream with a large step on a 150x100 photo: it changes the colours by
   * several levels (10 steps of the tutorial's 0.01 moved them under 2) in a few seconds on a CPU.
   */
  static final DreamConfig DREAM = DreamConfig.builder().model(TestModels.INCEPTION).mode(Mode.SIMPLE).steps(6)
      .stepSize(0.05).seed(1L).build();

  @BeforeAll
  static void open() throws Exception {
    dd = new DeepDream(TestModels.store());
    cat = ImageFiles.read(Path.of("examples/chelsea.png")).resize(150, 100);
  }

  @AfterAll
  static void close() {
    dd.close();
  }

  /** Mean |a - b| of Y, Cb and Cr over the pixels {@code where} accepts. */
  static double[] meanAbsYCbCr(Picture a, Picture b, IntPredicate where) {
    double y = 0;
    double cb = 0;
    double cr = 0;
    int n = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      if (!where.test(i)) {
        continue;
      }
      int p = a.rgb()[i];
      int q = b.rgb()[i];
      y += Math.abs(Colors.luma(p) - Colors.luma(q));
      cb += Math.abs(Colors.cb(p) - Colors.cb(q));
      cr += Math.abs(Colors.cr(p) - Colors.cr(q));
      n++;
    }
    return new double[] {y / n, cb / n, cr / n};
  }

  @Test
  void theDreamChangesTheLuminanceAndKeepsTheColour() throws Exception {
    DreamResult off = dd.dream(cat, DREAM, DreamListener.none());
    DreamResult on = dd.dream(cat, DREAM.toBuilder().keepColors(true).build(), DreamListener.none());
    double[] dOff = meanAbsYCbCr(off.picture(), cat, i -> true);
    double[] dOn = meanAbsYCbCr(on.picture(), cat, i -> true);
    // The same seed dreams the same picture: keep_colors only recolours it at the end.
    assertThat(on.picture().rgb()).isEqualTo(Colors.keepColors(off.picture(), cat).rgb());
    // Measured (PyTorch CPU): off, mean |dY| 9.3, |dCb| 4.9, |dCr| 5.2; on, |dY| 9.3, |dCb| 0.03, |dCr| 0.01.
    // With keep_colors each channel moves by the same whole step round(dY), which leaves Cb and Cr
    // exactly as they were; only pixels clipped at 0 or 255 move them at all.
    assertThat(dOn[1]).as("mean |dCb| with keep_colors").isLessThan(2.0);
    assertThat(dOn[2]).as("mean |dCr| with keep_colors").isLessThan(2.0);
    // The dream still shows: 4 levels is eight times the rounding error (0.5) and under half the measured 9.3.
    assertThat(dOn[0]).as("mean |dY| with keep_colors").isGreaterThan(4.0);
    // And without it the colour does change, by well over the 2 levels allowed above.
    assertThat(dOff[1]).as("mean |dCb| without keep_colors").isGreaterThan(3.0);
    assertThat(dOff[2]).as("mean |dCr| without keep_colors").isGreaterThan(3.0);
    assertThat(on.config().keepColors()).isTrue();
    assertThat(SettingsCodec.record(on)).containsEntry("keep_colors", "true");
    assertThat(SettingsCodec.record(off)).doesNotContainKey("keep_colors");
  }

  @Test
  void pixelsOutsideTheMasksStillComeBackExactly() throws Exception {
    int w = cat.width();
    int[] rgb = new int[w * cat.height()];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = i % w < w / 2 ? 0xFFFFFF : 0x000000; // the left half dreams
    }
    DreamConfig.Mask left = new DreamConfig.Mask(ImageRef.of(new Picture(w, cat.height(), rgb, null), "left"), null);
    DreamResult r = dd.dream(cat, DREAM.toBuilder().keepColors(true).masks(List.of(left)).build(),
        DreamListener.none());
    for (int i = 0; i < rgb.length; i++) {
      if (i % w >= w / 2) {
        assertThat(r.picture().rgb()[i]).as("masked-out pixel %d,%d", i % w, i / w).isEqualTo(cat.rgb()[i]);
      }
    }
    double[] d = meanAbsYCbCr(r.picture(), cat, i -> i % w < w / 2);
    assertThat(d[0]).as("mean |dY| inside the mask").isGreaterThan(4.0);
    assertThat(d[1]).as("mean |dCb| inside the mask").isLessThan(2.0);
    assertThat(d[2]).as("mean |dCr| inside the mask").isLessThan(2.0);
  }
}
