package dev.deepdream.video;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Range;

/**
 * How a clip is dreamed over time (the per-frame dream is a {@link dev.deepdream.dream.DreamConfig}).
 * The text forms and defaults live in {@link VideoParams}.
 *
 * @param temporal how the dream carries from frame to frame
 * @param blend the share of the previous frame's dream carried over (flow: of its detail; blend:
 *     of the dreamed frame in the mix)
 * @param flow the optical-flow method for {@link Temporal#FLOW}
 * @param start first second of the input to dream
 * @param end second to stop before, or null for the end
 * @param every dream every n-th frame (the output's frame rate is divided by n)
 * @param warmup extra passes over the first frame and each new scene, so they start with the
 *     dream as strong as it settles to over many frames; null: enough for the blend to settle to
 *     within 10% ({@link #warmupPasses()})
 */
public record VideoSettings(Temporal temporal, double blend, FlowMethod flow, double start, Double end, int every,
    Integer warmup) {
  /** The blend's range. */
  public static final Range BLEND = Range.of("blend", 0, 1);
  /** The range of --every. */
  public static final Range EVERY = Range.ofInt("every", 1, 1000);
  /** The range of --warmup. */
  public static final Range WARMUP = Range.ofInt("warmup", 0, 50);

  public VideoSettings {
    BLEND.check(blend);
    EVERY.checkInt(every);
    if (warmup != null) {
      WARMUP.checkInt(warmup);
    }
    if (start < 0) {
      throw new BadOptionException("start must be 0 or more, got " + start);
    }
    if (end != null && end <= start) {
      throw new BadOptionException("end (" + end + " s) must be after start (" + start + " s)");
    }
  }

  /** The defaults: flow with DIS, the blend that measured best (docs/video.md), the whole clip. */
  public static VideoSettings defaults() {
    return new VideoSettings(Temporal.FLOW, 0.8, FlowMethod.DIS, 0, null, 1, null);
  }

  /** A copy with {@code n} warm-up passes (null: automatic). */
  public VideoSettings withWarmup(Integer n) {
    return new VideoSettings(temporal, blend, flow, start, end, every, n);
  }

  /** The warm-up passes this render makes, by its temporal method's rule ({@link Temporal#warmupPasses}). */
  public int warmupPasses() {
    return temporal.warmupPasses(blend, warmup);
  }

  /** What each frame of this render starts from ({@link Temporal#carry}). */
  public FrameCarry carry() {
    return temporal.carry(flow, blend);
  }

  /** A copy with another temporal mode. */
  public VideoSettings withTemporal(Temporal t) {
    return new VideoSettings(t, blend, flow, start, end, every, warmup);
  }

  /** A copy with another blend. */
  public VideoSettings withBlend(double b) {
    return new VideoSettings(temporal, b, flow, start, end, every, warmup);
  }

  /** A copy with another flow method. */
  public VideoSettings withFlow(FlowMethod f) {
    return new VideoSettings(temporal, blend, f, start, end, every, warmup);
  }

  /** A copy with another time range. */
  public VideoSettings withRange(double s, Double e) {
    return new VideoSettings(temporal, blend, flow, s, e, every, warmup);
  }

  /** A copy taking every n-th frame. */
  public VideoSettings withEvery(int n) {
    return new VideoSettings(temporal, blend, flow, start, end, n, warmup);
  }
}
