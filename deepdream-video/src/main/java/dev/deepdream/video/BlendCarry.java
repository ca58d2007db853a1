package dev.deepdream.video;

import dev.deepdream.image.Picture;

/** {@link Temporal#BLEND}: DeepDreamVideo's plain blend, the previous dreamed frame mixed into the raw one. */
final class BlendCarry implements FrameCarry {
  private final double blend;

  /** A blend carry giving the previous dreamed frame weight {@code blend} in the mix. */
  BlendCarry(double blend) {
    this.blend = blend;
  }

  @Override
  public Start start(Picture raw, Picture prevRaw, Picture prevDream, double settled) {
    return new Start(Pixels.mix(raw, prevDream, blend), 1, false);
  }

  @Override
  public Picture settle(Picture raw, Picture dreamed) {
    return Pixels.mix(raw, dreamed, blend);
  }
}
