package dev.deepdream.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.image.Picture;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Each temporal method carries its rules, and every list of methods comes from the enum. No model needed. */
@Tag("fast")
class TemporalTest {
  private static VideoParams.VideoParam param(String name) {
    return VideoParams.ALL.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theChoicesAndTheHelpComeFromTheEnums() {
    VideoParams.VideoParam temporal = param("temporal");
    assertThat(temporal.choices()).containsExactly("flow", "blend", "off").isEqualTo(Temporal.ids());
    assertThat(temporal.label()).isEqualTo("flow|blend|off");
    for (Temporal t : Temporal.values()) {
      assertThat(temporal.help()).contains(t.id() + " (" + t.summary() + ")");
      assertThat(Temporal.parse(t.id().toUpperCase(java.util.Locale.ROOT))).isEqualTo(t);
    }
    assertThat(param("flow").choices()).containsExactly("dis", "farneback");
    assertThat(param("flow").label()).isEqualTo("dis|farneback");
    assertThat(param("blend").choices()).isEmpty();
    assertThatThrownBy(() -> Temporal.parse("sideways")).hasMessage(
        "unknown temporal mode 'sideways' (use flow, blend, off)");
    assertThatThrownBy(() -> FlowMethod.parse("lk")).hasMessage("unknown flow method 'lk' (use dis or farneback)");
  }

  @Test
  void warmUpPassesSettleByTheBlendWhereSomethingCarries() {
    for (Temporal t : new Temporal[] {Temporal.FLOW, Temporal.BLEND}) {
      assertThat(t.warmupPasses(0.8, null)).as(t.id()).isEqualTo(11); // 0.8^11 = 0.086
      assertThat(t.warmupPasses(0.5, null)).as(t.id()).isEqualTo(4);
      assertThat(t.warmupPasses(1, null)).as(t.id()).isEqualTo(50);
      assertThat(t.warmupPasses(0, 7)).as(t.id()).isZero();
      assertThat(t.warmupPasses(0.8, 3)).as(t.id()).isEqualTo(3);
    }
    assertThat(Temporal.OFF.warmupPasses(0.8, null)).isZero();
    assertThat(Temporal.OFF.warmupPasses(0.8, 3)).isZero();
    assertThat(VideoSettings.defaults().withTemporal(Temporal.OFF).warmupPasses()).isZero();
    assertThat(VideoSettings.defaults().warmupPasses()).isEqualTo(11);
  }

  @Test
  void eachMethodStartsAFrameByItsOwnRule() throws Exception {
    Picture raw = solid(100);
    Picture prevRaw = solid(100);
    Picture prevDream = solid(200);
    FrameCarry.Start off = Temporal.OFF.carry(FlowMethod.DIS, 0.5).start(raw, prevRaw, prevDream, 0);
    assertThat(off.init().rgb()).isEqualTo(raw.rgb());
    assertThat(off.reliable()).isZero();
    FrameCarry.Start blend = Temporal.BLEND.carry(FlowMethod.DIS, 0.25).start(raw, prevRaw, prevDream, 0);
    assertThat(blend.init().rgb()[0] & 0xff).isEqualTo(125); // 0.75 x 100 + 0.25 x 200
    assertThat(blend.reliable()).isEqualTo(1);
    // A still scene: the flow carries the detail (200 - 100) scaled by the blend, inside the borders.
    FrameCarry flow = Temporal.FLOW.carry(FlowMethod.DIS, 0.25);
    FrameCarry.Start still = flow.start(raw, prevRaw, prevDream, 0);
    assertThat(still.sceneCut()).isFalse();
    assertThat(still.init().rgb()[32 * 64 + 32] & 0xff).isEqualTo(125);
    assertThat(flow.start(solid(10), solid(240), prevDream, 0).sceneCut()).as("a cut").isTrue();
    // Only flow restarts inside a clip; the others say so without reading it.
    assertThat(Temporal.BLEND.carry(FlowMethod.DIS, 0.5).sceneCuts(null, null)).isEmpty();
    assertThat(Temporal.OFF.carry(FlowMethod.DIS, 0.5).sceneCuts(null, null)).isEmpty();
  }

  private static Picture solid(int level) {
    int[] rgb = new int[64 * 64];
    Arrays.fill(rgb, (level << 16) | (level << 8) | level);
    return new Picture(64, 64, rgb, null);
  }
}
