package dev.deepdream.video;

import dev.deepdream.image.Picture;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * The optical flow from a frame back to the previous one: where each pixel came from, where that
 * can be trusted, and whether the frame starts a new scene. Written by hand around OpenCV's flow
 * and remap, since no library does this step. Release it after use (its maps are native memory).
 *
 * @param mapX the x each pixel came from in the previous frame
 * @param mapY the y each pixel came from
 * @param mask 1 where the flow can be trusted, else 0
 * @param reliable the fraction of pixels where it can
 * @param cut whether the frame is a new scene
 */
record Motion(Mat mapX, Mat mapY, float[] mask, double reliable, boolean cut) {
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

  /** The motion from {@code prevRaw} to {@code raw}, by {@code method}. */
  static Motion between(Picture raw, Picture prevRaw, FlowMethod method) {
    OpenCv.load();
    int w = raw.width();
    int h = raw.height();
    Mat cur = Pixels.grey(raw);
    Mat prev = Pixels.grey(prevRaw);
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

  /** {@code src} (of the previous frame) moved to where the flow takes it, as {@code size} floats; src is released. */
  float[] warp(Mat src, int size) {
    return remap(src, mapX, mapY, size);
  }

  /** Frees the maps. */
  void release() {
    mapX.release();
    mapY.release();
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

  private static Mat floatGrey(Mat grey) {
    Mat f = new Mat();
    grey.convertTo(f, CvType.CV_32FC1);
    return f;
  }

  /** {@code src} sampled at (mapX, mapY), bilinear, zero outside; released after. */
  private static float[] remap(Mat src, Mat mapX, Mat mapY, int size) {
    Mat dst = new Mat();
    Imgproc.remap(src, dst, mapX, mapY, Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT);
    float[] out = new float[size];
    dst.get(0, 0, out);
    release(List.of(src, dst));
    return out;
  }

  static void release(List<Mat> mats) {
    mats.forEach(Mat::release);
  }
}
