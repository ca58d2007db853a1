package dev.deepdream.video;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.image.Picture;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Mat;
import org.opencv.video.DISOpticalFlow;
import org.opencv.video.Video;

/** The optical-flow algorithm (OpenCV's): both give dense flow; docs/benchmarks.md compares them. */
public enum FlowMethod {
  /** Dense Inverse Search (Kroeger et al. 2016), OpenCV's medium preset: fast and accurate. */
  DIS("dis") {
    @Override
    void calc(Mat from, Mat to, Mat flow) {
      DISOpticalFlow.create(DISOpticalFlow.PRESET_MEDIUM).calc(from, to, flow);
    }
  },
  /** Farneback's polynomial expansion, with DeepDreamAnim's parameters. */
  FARNEBACK("farneback") {
    @Override
    void calc(Mat from, Mat to, Mat flow) {
      Video.calcOpticalFlowFarneback(from, to, flow, 0.5, 3, 15, 3, 5, 1.2, 0);
    }
  };

  private final String id;

  FlowMethod(String id) {
    this.id = id;
  }

  /** Its name on the command line and in records. */
  public String id() {
    return id;
  }

  /** Every method's {@link #id}, in order: the choices of {@code --flow}. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(FlowMethod::id).toList();
  }

  /** The method named {@code text}. */
  public static FlowMethod parse(String text) {
    for (FlowMethod m : values()) {
      if (m.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new BadOptionException("unknown flow method '" + text + "' (use " + String.join(" or ", ids()) + ")");
  }

  /**
   * The flow from picture {@code from} to picture {@code to} (on their luma): (dx, dy) per pixel,
   * interleaved, with {@code from(x) ~ to(x + flow(x))}.
   */
  public float[] flow(Picture from, Picture to) {
    OpenCv.load();
    Mat a = Pixels.grey(from);
    Mat b = Pixels.grey(to);
    Mat f = compute(a, b);
    float[] out = new float[from.width() * from.height() * 2];
    f.get(0, 0, out);
    a.release();
    b.release();
    f.release();
    return out;
  }

  /**
   * The flow from grey frame {@code from} to grey frame {@code to} (8-bit, one channel): a
   * two-channel float image with {@code from(x) ~ to(x + flow(x))}.
   */
  Mat compute(Mat from, Mat to) {
    OpenCv.load();
    Mat flow = new Mat();
    calc(from, to, flow);
    return flow;
  }

  /** This method's OpenCV call: the flow from {@code from} to {@code to} into {@code flow}. */
  abstract void calc(Mat from, Mat to, Mat flow);
}
