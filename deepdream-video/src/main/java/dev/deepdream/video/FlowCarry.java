package dev.deepdream.video;

import dev.deepdream.image.Picture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * {@link Temporal#FLOW}: the previous frame's dream detail (dreamed minus raw), moved along the
 * optical flow between the raw frames and scaled by the blend, added to the raw frame; fresh where
 * the flow cannot be trusted, and the whole frame fresh at a scene cut.
 */
final class FlowCarry implements FrameCarry {
  private final FlowMethod method;
  private final double blend;

  /**
   * A flow carry.
   *
   * @param method the optical flow
   * @param blend the share of the previous detail carried
   */
  FlowCarry(FlowMethod method, double blend) {
    this.method = method;
    this.blend = blend;
  }

  @Override
  public Start start(Picture raw, Picture prevRaw, Picture prevDream, double settled) {
    int w = raw.width();
    int h = raw.height();
    Motion m = Motion.between(raw, prevRaw, method);
    if (m.cut()) {
      m.release();
      return new Start(raw, 0, true);
    }
    float[] detailAt = m.warp(detail(prevDream, prevRaw), w * h * 3);
    m.release();
    float[] soft = soften(m.mask(), w, h);
    double rms = Pixels.detailRms(prevDream, prevRaw);
    // Dreaming on a dream strengthens it a little every frame: cap the carried detail at the scene's settled strength.
    double gain = settled > 0 && rms > settled ? blend * settled / rms : blend;
    int[] rgb = new int[w * h];
    int[] src = raw.rgb();
    for (int i = 0; i < w * h; i++) {
      float k = (float) gain * soft[i];
      int v = src[i];
      int r = Pixels.clamp(((v >> 16) & 0xff) + k * detailAt[3 * i]);
      int g = Pixels.clamp(((v >> 8) & 0xff) + k * detailAt[3 * i + 1]);
      int bl = Pixels.clamp((v & 0xff) + k * detailAt[3 * i + 2]);
      rgb[i] = (r << 16) | (g << 8) | bl;
    }
    return new Start(new Picture(w, h, rgb, raw.alpha()), m.reliable(), false);
  }

  @Override
  public Picture settle(Picture raw, Picture dreamed) {
    // As a still clip carries it (nothing moves): the frame mixed with its own dream by the blend.
    return Pixels.mix(raw, dreamed, blend);
  }

  /** The frames where the flow finds a new scene: there the carry starts afresh, as a piece of the render may. */
  @Override
  public List<Integer> sceneCuts(Clip clip, Ffmpeg ffmpeg) throws IOException {
    List<Integer> cuts = new ArrayList<>();
    try (FrameReader reader = clip.open(ffmpeg)) {
      Picture prev = reader.next();
      for (int number = 2; prev != null; number++) {
        Picture raw = reader.next();
        if (raw != null && isSceneCut(raw, prev)) {
          cuts.add(number);
        }
        prev = raw;
      }
    }
    return cuts;
  }

  /** Whether {@code raw} starts a new scene after {@code prevRaw}, by the test {@link #start} uses. */
  boolean isSceneCut(Picture raw, Picture prevRaw) {
    Motion m = Motion.between(raw, prevRaw, method);
    m.release();
    return m.cut();
  }

  /** The mask shrunk by a pixel (flow is least sure at edges of what moved) and feathered, so no seam shows. */
  private static float[] soften(float[] mask, int w, int h) {
    Mat m = new Mat(h, w, CvType.CV_32FC1);
    m.put(0, 0, mask);
    Mat eroded = new Mat();
    Imgproc.erode(m, eroded, Mat.ones(3, 3, CvType.CV_8UC1));
    Mat blurred = new Mat();
    Imgproc.GaussianBlur(eroded, blurred, new Size(5, 5), 0);
    float[] out = new float[w * h];
    blurred.get(0, 0, out);
    Motion.release(List.of(m, eroded, blurred));
    return out;
  }

  /** dreamed - raw per channel, as a 3-channel float image. */
  private static Mat detail(Picture dreamed, Picture raw) {
    int n = raw.width() * raw.height();
    float[] d = new float[3 * n];
    int[] a = dreamed.rgb();
    int[] r = raw.rgb();
    for (int i = 0; i < n; i++) {
      d[3 * i] = ((a[i] >> 16) & 0xff) - ((r[i] >> 16) & 0xff);
      d[3 * i + 1] = ((a[i] >> 8) & 0xff) - ((r[i] >> 8) & 0xff);
      d[3 * i + 2] = (a[i] & 0xff) - (r[i] & 0xff);
    }
    Mat m = new Mat(raw.height(), raw.width(), CvType.CV_32FC3);
    m.put(0, 0, d);
    return m;
  }
}
