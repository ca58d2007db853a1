package dev.deepdream.video;

import dev.deepdream.image.Picture;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * What a frame starts from before it is dreamed: its raw pixels plus what carries over from the
 * previous frame, by the {@link Temporal} mode. Written by hand around OpenCV's flow and remap,
 * since no library does this step.
 */
public final class FrameCarry {
  /** Forward-backward check (Sundaram et al. 2010): |w + w'|^2 <= A (|w|^2 + |w'|^2) + B. */
  private static final double FB_A = 0.01;
  private static final double FB_B = 0.5;
  /** A pixel whose raw grey level differs by more than this from where the flow says it came from is occluded. */
  private static final double OCCLUDED_LEVELS = 24;
  /** Mean grey difference after warping above which the frame is a new scene. */
  static final double CUT_LEVELS = 30;
  /** A frame where less than this fraction of the flow can be trusted is a new scene. */
  static final double CUT_RELIABLE = 0.3;
  /**
   * Half the L1 distance between two frames' colour histograms (0: the same colours, 1: none in
   * common) above which the second is a new scene: motion hardly changes a histogram, a cut does.
   */
  static final double CUT_HISTOGRAM = 0.4;

  /**
   * A frame's starting point.
   *
   * @param init the picture to dream
   * @param reliable fraction of pixels that carried the previous dream (1 for blend, 0 for off)
   * @param sceneCut whether the frame was taken for a new scene (nothing carried)
   */
  public record Start(Picture init, double reliable, boolean sceneCut) {}

  private final Temporal temporal;
  private final FlowMethod method;
  private final double blend;

  /**
   * A carry.
   *
   * @param temporal how the dream carries over
   * @param method the optical flow (for {@link Temporal#FLOW})
   * @param blend for flow: the share of the previous detail carried; for blend: the previous
   *     dreamed frame's weight in the mix
   */
  public FrameCarry(Temporal temporal, FlowMethod method, double blend) {
    this.temporal = temporal;
    this.method = method;
    this.blend = blend;
  }

  /**
   * The start of frame {@code raw}, given the previous raw and dreamed frames (null for the first
   * frame).
   *
   * @param settled for flow: the RMS of the dream detail (0..255 levels) its scene settled to in
   *     its warm-up; the carried detail is scaled down to it when stronger, since dreaming on a
   *     dream strengthens it a little more every frame (without this cap a still clip sharpens
   *     steadily); 0 for no cap
   */
  public Start start(Picture raw, Picture prevRaw, Picture prevDream, double settled) {
    if (prevRaw == null || temporal == Temporal.OFF) {
      return new Start(raw, 0, false);
    }
    if (temporal == Temporal.BLEND) {
      return new Start(mix(raw, prevDream, blend), 1, false);
    }
    return flow(raw, prevRaw, prevDream, settled);
  }

  /** The RMS of {@code dreamed - raw} over every channel value, in 0..255 levels. */
  public static double detailRms(Picture dreamed, Picture raw) {
    double sum = 0;
    int[] a = dreamed.rgb();
    int[] r = raw.rgb();
    for (int i = 0; i < a.length; i++) {
      for (int shift = 16; shift >= 0; shift -= 8) {
        double d = ((a[i] >> shift) & 0xff) - ((r[i] >> shift) & 0xff);
        sum += d * d;
      }
    }
    return Math.sqrt(sum / (3.0 * a.length));
  }

  /**
   * Whether {@code raw} starts a new scene after {@code prevRaw}, by the test a flow carry uses
   * (so a render split at the frames this finds restarts exactly where a whole render does).
   */
  public boolean isSceneCut(Picture raw, Picture prevRaw) {
    Motion m = motion(raw, prevRaw);
    m.release();
    return m.cut();
  }

  /** The flow from a frame back to the previous one, where it can be trusted, and whether the frame is a new scene. */
  private record Motion(Mat mapX, Mat mapY, float[] mask, double reliable, boolean cut) {
    void release() {
      mapX.release();
      mapY.release();
    }
  }

  private Motion motion(Picture raw, Picture prevRaw) {
    OpenCv.load();
    int w = raw.width();
    int h = raw.height();
    Mat cur = grey(raw);
    Mat prev = grey(prevRaw);
    Mat back = method.compute(cur, prev); // cur(x) ~ prev(x + back(x))
    Mat fwd = method.compute(prev, cur);
    Mat mapX = new Mat(h, w, CvType.CV_32FC1);
    Mat mapY = new Mat(h, w, CvType.CV_32FC1);
    float[] b = new float[w * h * 2];
    back.get(0, 0, b);
    float[] mx = new float[w * h];
    float[] my = new float[w * h];
    for (int y = 0, i = 0; y < h; y++) {
      for (int x = 0; x < w; x++, i++) {
        mx[i] = x + b[2 * i];
        my[i] = y + b[2 * i + 1];
      }
    }
    mapX.put(0, 0, mx);
    mapY.put(0, 0, my);
    float[] fwdAt = remap(fwd, mapX, mapY, w * h * 2);
    float[] prevAt = remap(floatGrey(prev), mapX, mapY, w * h);
    byte[] curGrey = new byte[w * h];
    cur.get(0, 0, curGrey);

    float[] mask = new float[w * h];
    double residual = 0;
    int reliable = 0;
    for (int i = 0; i < w * h; i++) {
      float bx = b[2 * i];
      float by = b[2 * i + 1];
      float fx = fwdAt[2 * i];
      float fy = fwdAt[2 * i + 1];
      double sum = (bx + fx) * (bx + fx) + (by + fy) * (by + fy);
      double mags = bx * bx + by * by + fx * fx + fy * fy;
      boolean inside = mx[i] >= 0 && my[i] >= 0 && mx[i] <= w - 1 && my[i] <= h - 1;
      double diff = Math.abs((curGrey[i] & 0xff) - prevAt[i]);
      residual += inside ? diff : 0;
      if (inside && sum <= FB_A * mags + FB_B && diff <= OCCLUDED_LEVELS) {
        mask[i] = 1;
        reliable++;
      }
    }
    release(List.of(cur, prev, back, fwd));
    double fraction = (double) reliable / (w * h);
    boolean cut = residual / Math.max(1, w * h) > CUT_LEVELS || fraction < CUT_RELIABLE
        || histogramDistance(raw, prevRaw) > CUT_HISTOGRAM;
    return new Motion(mapX, mapY, mask, fraction, cut);
  }

  private Start flow(Picture raw, Picture prevRaw, Picture prevDream, double settled) {
    int w = raw.width();
    int h = raw.height();
    Motion m = motion(raw, prevRaw);
    if (m.cut()) {
      m.release();
      return new Start(raw, 0, true);
    }
    float[] detailAt = remap(detail(prevDream, prevRaw), m.mapX(), m.mapY(), w * h * 3);
    m.release();
    float[] mask = m.mask();
    double fraction = m.reliable();
    float[] soft = soften(mask, w, h);
    double rms = detailRms(prevDream, prevRaw);
    double gain = settled > 0 && rms > settled ? blend * settled / rms : blend;
    int[] rgb = new int[w * h];
    int[] src = raw.rgb();
    for (int i = 0; i < w * h; i++) {
      float k = (float) gain * soft[i];
      int v = src[i];
      int r = clamp(((v >> 16) & 0xff) + k * detailAt[3 * i]);
      int g = clamp(((v >> 8) & 0xff) + k * detailAt[3 * i + 1]);
      int bl = clamp((v & 0xff) + k * detailAt[3 * i + 2]);
      rgb[i] = (r << 16) | (g << 8) | bl;
    }
    return new Start(new Picture(w, h, rgb, raw.alpha()), fraction, false);
  }

  /** Half the L1 distance between the 16-bin-per-channel colour histograms of two pictures, 0..1. */
  static double histogramDistance(Picture a, Picture b) {
    double[] ha = histogram(a);
    double[] hb = histogram(b);
    double d = 0;
    for (int i = 0; i < ha.length; i++) {
      d += Math.abs(ha[i] - hb[i]);
    }
    return d / 6; // three channels, each a distribution: L1 up to 2 each
  }

  private static double[] histogram(Picture p) {
    double[] h = new double[48];
    int[] rgb = p.rgb();
    for (int v : rgb) {
      h[((v >> 16) & 0xff) >> 4]++;
      h[16 + (((v >> 8) & 0xff) >> 4)]++;
      h[32 + ((v & 0xff) >> 4)]++;
    }
    for (int i = 0; i < h.length; i++) {
      h[i] /= rgb.length;
    }
    return h;
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
    release(List.of(m, eroded, blurred));
    return out;
  }

  /** (1 - weight) * raw + weight * previous dreamed frame. */
  static Picture mix(Picture raw, Picture prevDream, double weight) {
    int[] a = raw.rgb();
    int[] d = prevDream.rgb();
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      int v = 0;
      for (int shift = 16; shift >= 0; shift -= 8) {
        double x = (1 - weight) * ((a[i] >> shift) & 0xff) + weight * ((d[i] >> shift) & 0xff);
        v |= clamp((float) x) << shift;
      }
      out[i] = v;
    }
    return new Picture(raw.width(), raw.height(), out, raw.alpha());
  }

  private static int clamp(float v) {
    int r = Math.round(v);
    return r < 0 ? 0 : Math.min(255, r);
  }

  /** BT.601 luma as an 8-bit single-channel image. */
  static Mat grey(Picture p) {
    byte[] g = new byte[p.width() * p.height()];
    int[] rgb = p.rgb();
    for (int i = 0; i < g.length; i++) {
      int v = rgb[i];
      g[i] = (byte) Math.round(0.299 * ((v >> 16) & 0xff) + 0.587 * ((v >> 8) & 0xff) + 0.114 * (v & 0xff));
    }
    Mat m = new Mat(p.height(), p.width(), CvType.CV_8UC1);
    m.put(0, 0, g);
    return m;
  }

  private static Mat floatGrey(Mat grey) {
    Mat f = new Mat();
    grey.convertTo(f, CvType.CV_32FC1);
    return f;
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

  /** {@code src} sampled at (mapX, mapY), bilinear, zero outside; released after. */
  private static float[] remap(Mat src, Mat mapX, Mat mapY, int size) {
    Mat dst = new Mat();
    Imgproc.remap(src, dst, mapX, mapY, Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT);
    float[] out = new float[size];
    dst.get(0, 0, out);
    release(new ArrayList<>(List.of(src, dst)));
    return out;
  }

  private static void release(List<Mat> mats) {
    mats.forEach(Mat::release);
  }
}
