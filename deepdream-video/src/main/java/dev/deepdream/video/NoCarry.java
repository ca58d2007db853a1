package dev.deepdream.video;

import dev.deepdream.image.Picture;

/** {@link Temporal#OFF}: nothing carries; every frame is dreamed from its raw pixels alone. */
final class NoCarry implements FrameCarry {
  @Override
  public Start start(Picture raw, Picture prevRaw, Picture prevDream, double settled) {
    return Start.fresh(raw);
  }

  @Override
  public Picture settle(Picture raw, Picture dreamed) {
    return raw; // a frame alone has no dream of its own to start from
  }
}
