package dev.deepdream.spark;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.io.AtomicFiles;
import dev.deepdream.video.RenderRecords;
import dev.deepdream.video.VideoDreamer;
import dev.deepdream.video.VideoJob;
import dev.deepdream.video.VideoListener;
import dev.deepdream.video.VideoResult;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;

/**
 * {@link SparkVideo} with the clip, the output or the frame folder on a Hadoop file system
 * ({@code hdfs://}, {@code s3a://}), where ffmpeg and the video library cannot open files: the
 * driver and each segment task copy the clip to a local file (once per executor JVM), dream into a
 * local frame folder and mirror it to the job's frame folder ({@link FrameStore}): a hidden one
 * next to the output, or {@code --keep-frames}. The driver then pulls every frame, encodes the
 * output locally with the sound and puts it in place whole (uploaded under a hidden name, then
 * renamed over an older one).
 */
final class HadoopVideo {
  private HadoopVideo() {}

  /** Whether an output path names a video file (a PNG folder cannot be uploaded whole). */
  static boolean isVideoFile(String output) {
    String lower = output.toLowerCase(Locale.ROOT);
    return lower.endsWith(".mp4") || lower.endsWith(".mov") || lower.endsWith(".mkv") || lower.endsWith(".gif");
  }

  /** The job's frame folder: {@code --keep-frames}, or a hidden folder next to the output. */
  static String frameFolder(SparkVideo.Args a) {
    if (a.keepFrames() != null) {
      return a.keepFrames();
    }
    if (!Locations.isHadoop(a.output())) {
      Path out = Locations.absolute(a.output());
      return out.resolveSibling("." + out.getFileName() + ".frames").toString();
    }
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(a.output());
    return new org.apache.hadoop.fs.Path(out.getParent(), "." + out.getName() + ".frames").toString();
  }

  /** Runs the render: {@code a} has its seed fixed. */
  static VideoResult run(SparkVideo.Args a, JavaSparkContext sc, DeepDream dd) throws IOException {
    HadoopConf conf = HadoopConf.of(sc.hadoopConfiguration());
    String jobId = sc.sc().applicationId() + "-" + System.nanoTime();
    FrameStore frames = new FrameStore(frameFolder(a), conf);
    Path local = Files.createTempDirectory("deepdream-video-driver");
    try {
      Path clip = localInput(a.input(), local.resolve("input"), conf);
      Path out = Locations.isHadoop(a.output()) ? local.resolve("output").resolve(outputName(a.output()))
          : Locations.absolute(a.output());
      Files.createDirectories(out.getParent());
      if (Locations.isHadoop(a.output()) && exists(a.output(), conf) && !a.force()) {
        throw new BadOptionException("output " + a.output() + " already exists (use --force to overwrite it)");
      }
      Path mirror = local.resolve("frames");
      boolean hadRecord = frames.pullRecord(mirror);
      if (!hadRecord && !frames.names(null).isEmpty()) {
        throw new BadOptionException("frame folder " + frames.location()
            + " has other files in it; give an empty or new folder");
      }
      Map<String, String> before = RenderRecords.read(mirror);
      VideoJob job = SparkVideo.job(a.withPaths(clip.toString(), out.toString(), mirror.toString()));
      VideoDreamer driver = new VideoDreamer(dd);
      VideoDreamer.Plan plan = driver.plan(job);
      // Refuses another render's frames, or (with --force) clears the mirror of them: then the store too.
      driver.prepare(job, plan);
      if (!hadRecord || !RenderRecords.sameRender(before, RenderRecords.read(mirror))) {
        if (hadRecord) {
          frames.delete();
        }
        frames.pushRecord(mirror);
      }
      int done = frames.finished(1, plan.frames());
      List<int[]> pieces = SparkVideo.pieces(a, plan.frames(), driver.sceneCuts(job, plan), done, sc);
      if (!pieces.isEmpty()) {
        sc.parallelize(pieces, pieces.size()).foreach(new Segment(a.forTasks(), plan.frames(), frames, conf, jobId));
      }
      frames.pullAll(mirror);
      VideoResult r = driver.encode(job, plan, VideoListener.none());
      if (Locations.isHadoop(a.output())) {
        upload(out, a.output(), conf);
      }
      if (a.keepFrames() == null) {
        frames.delete();
      }
      return r;
    } finally {
      AtomicFiles.deleteTree(local);
    }
  }

  private static String outputName(String output) {
    return new org.apache.hadoop.fs.Path(output).getName();
  }

  private static boolean exists(String path, HadoopConf conf) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    return p.getFileSystem(conf.get()).exists(p);
  }

  /** The clip as a local file: a plain path as it is, a Hadoop one copied into {@code dir}. */
  private static Path localInput(String input, Path dir, HadoopConf conf) throws IOException {
    if (!Locations.isHadoop(input)) {
      return Locations.absolute(input);
    }
    Files.createDirectories(dir);
    try {
      return HadoopInputs.fetch(input, dir, conf.get());
    } catch (java.io.FileNotFoundException e) {
      throw new BadOptionException("input " + input + " does not exist");
    }
  }

  /** Puts the local output at {@code target} whole, replacing an older one. */
  private static void upload(Path output, String target, HadoopConf conf) throws IOException {
    org.apache.hadoop.fs.Path t = new org.apache.hadoop.fs.Path(target);
    FileSystem fs = t.getFileSystem(conf.get());
    fs.mkdirs(t.getParent());
    HadoopFiles.put(fs, output, t);
  }

  /**
   * The task: one segment in a local frame folder of its own, seeded with the segment's frames
   * already pushed (a retry continues after them), each new frame pushed as soon as it is written.
   */
  static final class Segment implements VoidFunction<int[]>, Serializable {
    private static final long serialVersionUID = 1L;
    /** Each executor JVM copies a clip once, whatever the number of its segments: by job. */
    private static final Map<String, Path> CLIPS = new HashMap<>();

    private final SparkVideo.Args args;
    private final int frames;
    private final FrameStore store;
    private final HadoopConf conf;
    private final String jobId;

    /** @param args the render, {@link SparkVideo.Args#forTasks} */
    Segment(SparkVideo.Args args, int frames, FrameStore store, HadoopConf conf, String jobId) {
      this.args = args;
      this.frames = frames;
      this.store = store;
      this.conf = conf;
      this.jobId = jobId;
    }

    @Override
    public void call(int[] piece) throws Exception {
      Path root = Path.of(System.getProperty("java.io.tmpdir"), "deepdream-video-" + jobId);
      Path clip = clip(root);
      TaskContext task = TaskContext.get();
      Path work = root.resolve("attempt-" + (task == null ? 0 : task.taskAttemptId()));
      try {
        store.pullRecord(work);
        store.pullFrames(work, piece[0], piece[1]);
        Path out = Files.createDirectories(work.resolve("output")).resolve(outputName(args.output()));
        SparkVideo.Args local = args.withPaths(clip.toString(), out.toString(), work.toString());
        boolean[] overlapsPushed = {false};
        SparkVideo.dreamSegment(local, frames, piece, p -> {
          if (!overlapsPushed[0]) {
            // The warm-up frames come before the segment's first frame: all written by now.
            store.pushOverlaps(work);
            overlapsPushed[0] = true;
          }
          store.pushFrame(work, p.number());
        });
      } finally {
        AtomicFiles.deleteTree(work);
      }
    }

    private Path clip(Path root) throws IOException {
      String input = args.input();
      if (!Locations.isHadoop(input)) {
        return Locations.absolute(input);
      }
      synchronized (CLIPS) {
        Path have = CLIPS.get(jobId);
        if (have != null && Files.isRegularFile(have)) {
          return have;
        }
        Path dir = Files.createDirectories(root.resolve("input"));
        Path part = Files.createTempDirectory(root, "fetch");
        Path fetched = HadoopInputs.fetch(input, part, conf.get());
        Path clip = dir.resolve(fetched.getFileName());
        Files.move(fetched, clip, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(part);
        // Deleted in the reverse order of these calls: the file, then its folders.
        root.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        clip.toFile().deleteOnExit();
        CLIPS.put(jobId, clip);
        return clip;
      }
    }
  }
}
