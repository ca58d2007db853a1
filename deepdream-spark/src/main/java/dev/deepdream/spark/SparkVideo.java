package dev.deepdream.spark;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.SettingsCodec;
import dev.deepdream.video.FrameProgress;
import dev.deepdream.video.VideoDreamer;
import dev.deepdream.video.VideoJob;
import dev.deepdream.video.VideoListener;
import dev.deepdream.video.VideoParams;
import dev.deepdream.video.VideoResult;
import dev.deepdream.video.VideoSettings;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;

/**
 * A long video as a Spark application (the main class for {@code spark-submit}): the driver plans
 * the render and splits the frames into segments; each executor dreams a segment with
 * {@code --temporal} carry, starting a few frames early (warm-up frames dreamed and discarded) so
 * the carried dream has settled where segments meet; the driver then encodes the frames and the
 * sound into the output. The input, the output and the frame folder are paths every executor sees,
 * or paths on a Hadoop file system ({@link HadoopVideo}).
 * A retried or speculative segment continues after its last finished frame and writes each frame
 * whole, so no frame is ever partial or different.
 */
public final class SparkVideo {
  private SparkVideo() {}

  /**
   * The job's arguments: {@code [--master M] [--segments N] [--segment-warmup W] [--keep-frames DIR]
   * [--force] -o OUTPUT [--DREAM-OPTION V]... [--VIDEO-OPTION V]... INPUT}: the options both jobs
   * share read by {@link SparkArgs}, the rest here. They travel to the executors whole (all text).
   *
   * @param master Spark's master, or null to take spark-submit's
   * @param input the video: a plain path every executor can read, or a Hadoop one ({@code hdfs://})
   * @param output the MP4, GIF or PNG folder (a video file when on a Hadoop file system)
   * @param keepFrames the frame folder (a plain path every executor can write, or a Hadoop one), or
   *     null for a hidden one next to the output
   * @param segments how many segments (0: Spark's default parallelism)
   * @param warmup warm-up frames before each segment but the first
   * @param force replace an existing output and a frame folder of another render
   * @param dream the dream settings as the codec's text
   * @param video the video settings as {@link VideoParams}' text
   */
  public record Args(String master, String input, String output, String keepFrames, int segments, int warmup,
      boolean force, Map<String, List<String>> dream, Map<String, String> video) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Parses {@code args}. @throws BadOptionException on a bad or missing argument */
    public static Args parse(String[] args) {
      Video v = new Video();
      SparkArgs.Common common = SparkArgs.parse(args, v);
      if (v.input == null || common.output() == null) {
        throw new BadOptionException("give INPUT and -o OUTPUT");
      }
      if (v.segments < 0 || v.warmup < 0) {
        throw new BadOptionException("--segments and --segment-warmup must be 0 or more");
      }
      if (Locations.isHadoop(common.output()) && !HadoopVideo.isVideoFile(common.output())) {
        throw new BadOptionException("output " + common.output() + " is on a Hadoop file system, so it must be a "
            + "video file (.mp4, .mov, .mkv or .gif), not a folder of PNG frames");
      }
      return new Args(common.master(), v.input, common.output(), v.keep, v.segments, v.warmup, common.force(),
          common.dream(), v.video);
    }

    /** These arguments with other paths (local stand-ins for Hadoop ones). */
    Args withPaths(String in, String out, String frames) {
      return new Args(master, in, out, frames, segments, warmup, force, dream, video);
    }

    /**
     * What a segment task needs: the paths and settings (copied into serializable collections),
     * without {@code --force}, which is the driver's to act on before any segment starts.
     */
    Args forTasks() {
      return new Args(null, input, output, keepFrames, 0, 0, false, SparkArgs.copy(dream), new HashMap<>(video));
    }

    /** Whether any of the paths is on a Hadoop file system. */
    boolean onHadoop() {
      return Locations.isHadoop(input) || Locations.isHadoop(output)
          || keepFrames != null && Locations.isHadoop(keepFrames);
    }
  }

  /** The video job's own arguments: the clip, the segments and the video settings. */
  private static final class Video implements SparkArgs.Addition {
    private String input;
    private String keep;
    private int segments;
    private int warmup = 8;
    private final Map<String, String> video = new LinkedHashMap<>();

    @Override
    public void positional(String arg) {
      if (input != null) {
        throw new BadOptionException("one INPUT video, got " + input + " and " + arg);
      }
      input = arg;
    }

    @Override
    public boolean option(String option, String value) {
      switch (option) {
        case "--keep-frames" -> keep = value;
        case "--segments" -> segments = SparkArgs.whole(option, value);
        case "--segment-warmup" -> warmup = SparkArgs.whole(option, value);
        default -> {
          VideoParams.VideoParam vp = VideoParams.ALL.stream().filter(p -> p.option().equals(option)).findFirst()
              .orElse(null);
          if (vp == null) {
            return false;
          }
          video.put(vp.name(), value);
        }
      }
      return true;
    }
  }

  /** Runs the job; exit code 0 when the output is written, 1 on failure, 2 for bad usage. */
  public static void main(String[] argv) throws Exception {
    SparkArgs.exit(() -> {
      Args args = Args.parse(argv);
      try (JavaSparkContext sc = new JavaSparkContext(SparkArgs.conf(null, "deepdream video", args.master()))) {
        VideoResult r = run(args, sc);
        System.err.println("deepdream-spark: wrote " + args.output() + " (" + r.frames() + " frames)");
      }
      return 0;
    });
  }

  /** Runs the job on a running context. */
  public static VideoResult run(Args args, JavaSparkContext sc) throws IOException {
    Map<String, List<String>> dream = new LinkedHashMap<>(args.dream());
    // Every segment must dream with the same seed: fix it here.
    dream.putIfAbsent("seed", List.of(Long.toString(new SecureRandom().nextLong())));
    Args fixed = new Args(args.master(), args.input(), args.output(), args.keepFrames(), args.segments(),
        args.warmup(), args.force(), dream, args.video());
    try (DeepDream dd = new DeepDream(ExecutorDreamer.modelStore())) {
      if (fixed.onHadoop()) {
        return HadoopVideo.run(fixed, sc, dd);
      }
      Args plain = fixed.withPaths(absolute(fixed.input()), absolute(fixed.output()),
          fixed.keepFrames() == null ? null : absolute(fixed.keepFrames()));
      VideoDreamer driver = new VideoDreamer(dd);
      VideoJob job = job(plain);
      VideoDreamer.Plan plan = driver.plan(job);
      int done = driver.prepare(job, plan);
      List<int[]> pieces = pieces(plain, plan.frames(), driver.sceneCuts(job, plan), done, sc);
      if (!pieces.isEmpty()) {
        sc.parallelize(pieces, pieces.size()).foreach(new Segment(plain.forTasks(), plan.frames()));
      }
      return driver.encode(job, plan, VideoListener.none());
    }
  }

  private static String absolute(String plainPath) {
    return Locations.absolute(plainPath).toString();
  }

  /** The segments still to dream (those past the first {@code done} frames), the plan printed. */
  static List<int[]> pieces(Args a, int total, List<Integer> cuts, int done, JavaSparkContext sc) {
    int n = a.segments() > 0 ? a.segments() : sc.defaultParallelism();
    List<int[]> pieces = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int[] p : segments(total, n, cuts, a.warmup())) {
      text.append(text.length() == 0 ? "" : ", ").append(p[0]).append('-').append(p[1])
          .append(p[0] == 1 ? "" : p[2] == 0 ? " (at a scene cut)" : " (" + p[2] + " warm-up frames)");
      if (p[1] > done) {
        pieces.add(p);
      }
    }
    System.err.println("deepdream-spark: " + total + " frames in segments " + text + "; " + pieces.size()
        + " to dream");
    return pieces;
  }

  /**
   * The segments {first, last, warm-up frames} covering 1..total: about {@code count} even ones,
   * each boundary moved to a scene cut when one lies between its neighbours' even boundaries
   * (a segment that starts at a cut needs no warm-up and joins seamlessly: the whole render
   * starts afresh there too); elsewhere a segment starts {@code warmup} frames early. The carried
   * pattern depends on where a chain starts, so a boundary inside a shot shows a change of
   * pattern: docs/cluster.md says so.
   */
  static List<int[]> segments(int total, int count, List<Integer> cuts, int warmup) {
    List<int[]> even = split(total, count);
    List<Integer> starts = new ArrayList<>(List.of(1));
    for (int i = 1; i < even.size(); i++) {
      int target = even.get(i)[0];
      int lo = starts.get(starts.size() - 1) + 1;
      int hi = i + 1 < even.size() ? even.get(i + 1)[0] - 1 : total;
      Integer best = null;
      for (int c : cuts) {
        if (c >= lo && c <= hi && (best == null || Math.abs(c - target) < Math.abs(best - target))) {
          best = c;
        }
      }
      starts.add(best != null ? best : target);
    }
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      int first = starts.get(i);
      int last = i + 1 < starts.size() ? starts.get(i + 1) - 1 : total;
      out.add(new int[] {first, last, first == 1 || cuts.contains(first) ? 0 : warmup});
    }
    return out;
  }

  /** {@code count} contiguous 1-based ranges {first, last} covering 1..total, as even as they come. */
  static List<int[]> split(int total, int count) {
    int k = Math.max(1, Math.min(count, total));
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      int first = 1 + (int) ((long) total * i / k);
      int last = (int) ((long) total * (i + 1) / k);
      out.add(new int[] {first, last});
    }
    return out;
  }

  /**
   * The render {@code a} describes (its paths plain ones); the dream settings default to the
   * {@code video} preset, as the CLI's.
   */
  static VideoJob job(Args a) throws IOException {
    Map<String, List<String>> dream = new LinkedHashMap<>(a.dream());
    dream.putIfAbsent("preset", List.of("video"));
    DreamConfig config = SettingsCodec.decode(dream, ImageSource.files(100_000_000L));
    VideoSettings video = VideoParams.decode(a.video());
    return new VideoJob(Locations.local(a.input()), Locations.local(a.output()), config, video,
        a.keepFrames() == null ? null : Locations.local(a.keepFrames()), null, a.force());
  }

  /** The task: one segment, with the executor's one dreamer; the job travels as text (paths do not serialize). */
  static final class Segment implements VoidFunction<int[]>, Serializable {
    private static final long serialVersionUID = 1L;
    private final Args args;
    /** The driver's frame count: executors need not decode the whole clip again to count it. */
    private final int frames;

    /** @param args the render, {@link Args#forTasks} */
    Segment(Args args, int frames) {
      this.args = args;
      this.frames = frames;
    }

    @Override
    public void call(int[] piece) throws Exception {
      dreamSegment(args, frames, piece, p -> { });
    }
  }

  /**
   * Dreams segment {@code piece} ({first, last, warm-up frames}) of the render {@code a} describes
   * (its paths plain ones) with the executor's dreamer, handing each finished frame to {@code onFrame}.
   *
   * @param frames the clip's frame count, as the driver's plan found it
   */
  static void dreamSegment(Args a, int frames, int[] piece, FrameSink onFrame) throws IOException {
    VideoDreamer vd = new VideoDreamer(ExecutorDreamer.get());
    VideoJob job = job(a);
    VideoDreamer.Plan plan = vd.plan(job, frames);
    vd.dreamFrames(job, plan, piece[0], piece[1], piece[2], testHook(onFrame));
  }

  /**
   * {@code onFrame} as a listener; in tests ({@link AttemptTarget#FAIL_FIRST_ATTEMPT}) the first
   * attempt of the first segment dies after its second frame, as a lost executor would.
   */
  private static VideoListener testHook(FrameSink onFrame) {
    boolean fail = AttemptTarget.failsHere(TaskContext.get());
    return new VideoListener() {
      @Override
      public void onFrame(FrameProgress p) {
        try {
          onFrame.accept(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (fail && p.dreamedThisRun() == 2) {
          throw new IllegalStateException("test: the first attempt fails after frame " + p.number());
        }
      }
    };
  }

  /** What a segment does with each finished frame. */
  @FunctionalInterface
  interface FrameSink {
    /** Takes one frame. @throws IOException when it cannot */
    void accept(FrameProgress p) throws IOException;
  }
}
