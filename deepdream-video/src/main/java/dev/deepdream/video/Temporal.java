package dev.deepdream.video;

import dev.deepdream.dream.BadOptionException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a frame's dream carries over to the next frame. Each method carries its own rules: what a
 * frame starts from ({@link #carry}), how many warm-up passes a fresh start gets
 * ({@link #warmupPasses}), and where a render can be split into pieces that join exactly
 * ({@link FrameCarry#sceneCuts}). A new method is one more constant here: the command line, the web
 * form and the bench list them from {@link #values()}.
 */
public enum Temporal {
  /**
   * The previous frame's dream detail (dreamed minus raw), moved along the optical flow between
   * the raw frames and scaled by the blend, is added to the raw frame before it is dreamed; where
   * the flow cannot be trusted (occlusions, a scene cut) the frame starts from its raw pixels.
   */
  FLOW("flow", "the previous frame's dream moved by optical flow, fresh where the flow fails", null) {
    @Override
    public FrameCarry carry(FlowMethod flow, double blend) {
      return new FlowCarry(flow, blend);
    }
  },
  /** DeepDreamVideo's plain blend: the previous dreamed frame mixed into the raw frame (ghosts on motion). */
  BLEND("blend", "DeepDreamVideo's mix of the previous dreamed frame", 0.5) {
    @Override
    public FrameCarry carry(FlowMethod flow, double blend) {
      return new BlendCarry(blend);
    }
  },
  /** Every frame dreamed on its own (flickers). */
  OFF("off", "each frame alone", null) {
    @Override
    public FrameCarry carry(FlowMethod flow, double blend) {
      return new NoCarry();
    }

    @Override
    public int warmupPasses(double blend, Integer asked) {
      return 0; // nothing carries, so there is nothing to settle
    }

    @Override
    public boolean usesBlend() {
      return false;
    }
  };

  /** Warm-up passes at most (blend 1 never settles). */
  private static final int MAX_WARMUP = 50;

  private final String id;
  private final String summary;
  private final Double referenceBlend;

  Temporal(String id, String summary, Double referenceBlend) {
    this.id = id;
    this.summary = summary;
    this.referenceBlend = referenceBlend;
  }

  /** Its name on the command line and in records. */
  public String id() {
    return id;
  }

  /** What it does in a few words, for the option's help. */
  public String summary() {
    return summary;
  }

  /** Every method's {@link #id}, in order: the choices of {@code --temporal}. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Temporal::id).toList();
  }

  /**
   * The carry of a render: what each frame starts from.
   *
   * @param flow the optical flow, for a method that follows motion
   * @param blend the share of the previous frame's dream carried over
   */
  public abstract FrameCarry carry(FlowMethod flow, double blend);

  /**
   * The warm-up passes over the first frame and each new scene: {@code asked}, or (null) enough
   * that blend^passes is at most 0.1, since the dream's strength settles geometrically by the blend
   * from frame to frame; none when nothing carries.
   */
  public int warmupPasses(double blend, Integer asked) {
    if (blend == 0) {
      return 0;
    }
    if (asked != null) {
      return asked;
    }
    return blend >= 1 ? MAX_WARMUP : Math.min(MAX_WARMUP, (int) Math.ceil(Math.log(0.1) / Math.log(blend)));
  }

  /** Whether the blend changes what it does (the bench shows the blend only then). */
  public boolean usesBlend() {
    return true;
  }

  /**
   * The blend it is measured at in the bench and the tests: its best-known tool's default where
   * that is how it is known (DeepDreamVideo's 0.5 for blend), else the default's.
   */
  public double referenceBlend() {
    return referenceBlend != null ? referenceBlend : VideoSettings.defaults().blend();
  }

  /** The method named {@code text}. */
  public static Temporal parse(String text) {
    for (Temporal t : values()) {
      if (t.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new BadOptionException("unknown temporal mode '" + text + "' (use " + String.join(", ", ids()) + ")");
  }
}
