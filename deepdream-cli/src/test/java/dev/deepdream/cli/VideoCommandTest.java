package dev.deepdream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.deepdream.image.ImageFiles;
import dev.deepdream.video.Ffmpeg;
import dev.deepdream.video.FrameFiles;
import dev.deepdream.video.VideoInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepdream video}: end to end, killed and resumed, and bad input. */
@Tag("model")
class VideoCommandTest {
  private static final int FRAMES = 8;

  @TempDir
  Path tmp;

  /** A moving test pattern, 160x112 at 10 fps with a tone, made by ffmpeg. */
  private Path clip() throws Exception {
    Path clip = tmp.resolve("clip.mp4");
    Ffmpeg.find().runFfmpeg(List.of("-f", "lavfi", "-i", "testsrc2=size=160x112:rate=10:duration=" + FRAMES / 10.0,
        "-f", "lavfi", "-i", "sine=frequency=330:duration=" + FRAMES / 10.0, "-c:v", "libx264", "-pix_fmt",
        "yuv420p", "-c:a", "aac", "-shortest", clip.toString()), "making the test clip");
    return clip;
  }

  private static String[] args(Path in, Path out, Path frames, String... more) {
    List<String> a = new ArrayList<>(List.of("video", in.toString(), "-o", out.toString(), "--keep-frames",
        frames.toString(), "--model", "inception_v3@nsfwjs", "--steps", "3", "--seed", "5"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void dreamsAClipKeepingItsFormAndResumesAfterAKill() throws Exception {
    Path in = clip();
    Path preview = tmp.resolve("preview.png");
    Cli whole = Cli.run(args(in, tmp.resolve("whole.mp4"), tmp.resolve("whole"), "--preview", preview.toString()));
    assertThat(whole.code()).as(whole.err()).isZero();
    assertThat(whole.err()).contains("frame " + FRAMES + "/" + FRAMES).contains("ETA");
    assertThat(whole.out()).contains("wrote").contains(FRAMES + " frames");
    assertThat(Files.exists(preview)).isTrue();
    Ffmpeg ff = Ffmpeg.find();
    VideoInfo a = VideoInfo.probe(ff, in);
    VideoInfo b = VideoInfo.probe(ff, tmp.resolve("whole.mp4"));
    assertThat(b.rate()).isEqualTo(a.rate());
    assertThat(b.width()).isEqualTo(160);
    assertThat(b.height()).isEqualTo(112);
    double sound = soundSeconds(in);
    assertSound(tmp.resolve("whole.mp4"), sound);

    // The same command in its own JVM, killed (SIGKILL) once it has written two frames.
    Path out = tmp.resolve("killed.mp4");
    Path frames = tmp.resolve("killed");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xss4m", "-Dai.djl.offline=true", "-Ddeepdream.home=" + System.getProperty("deepdream.home"), "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args(in, out, frames)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile())
        .start();
    long deadline = System.currentTimeMillis() + 120_000;
    while (!Files.exists(frames.resolve(FrameFiles.name(2))) && p.isAlive() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    assertThat(Files.exists(frames.resolve(FrameFiles.name(2)))).as(Files.readString(tmp.resolve("killed.log")))
        .isTrue();
    assertThat(Files.exists(out)).isFalse();

    Cli resumed = Cli.run(args(in, out, frames));
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("continuing after frame");
    for (int i = 1; i <= FRAMES; i++) {
      int[] x = ImageFiles.read(tmp.resolve("whole").resolve(FrameFiles.name(i))).rgb();
      int[] y = ImageFiles.read(frames.resolve(FrameFiles.name(i))).rgb();
      assertThat(Arrays.equals(x, y)).as("frame " + i).isTrue();
    }
    assertThat(Files.mismatch(tmp.resolve("whole.mp4"), out)).as("the two MP4s").isEqualTo(-1L);
    assertSound(out, sound);

    // An existing output is kept unless --force.
    Cli again = Cli.run(args(in, out, frames));
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.errorLines()).contains("already exists (use --force");
  }

  @Test
  void gifAndFrameFolderOutputsWithACutAndEveryOtherFrame() throws Exception {
    Path in = clip();
    Path gif = tmp.resolve("cut.gif");
    Cli r = Cli.run("video", in.toString(), "-o", gif.toString(), "--model", "inception_v3@nsfwjs", "--steps", "1",
        "--start", "0.2", "--end", "0.6", "--seed", "2");
    assertThat(r.code()).as(r.err()).isZero();
    try (var stream = javax.imageio.ImageIO.createImageInputStream(gif.toFile())) {
      javax.imageio.ImageReader reader = javax.imageio.ImageIO.getImageReadersByFormatName("gif").next();
      reader.setInput(stream);
      assertThat(reader.getNumImages(true)).as("frames in [0.2 s, 0.6 s) at 10 fps").isEqualTo(4);
    }
    Path folder = tmp.resolve("frames-out");
    Cli f = Cli.run("video", in.toString(), "-o", folder.toString(), "--model", "inception_v3@nsfwjs", "--steps", "1",
        "--every", "2", "--temporal", "off", "--seed", "2");
    assertThat(f.code()).as(f.err()).isZero();
    try (var files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
          FrameFiles.name(1), FrameFiles.name(2), FrameFiles.name(3), FrameFiles.name(4));
    }
    assertThat(ImageFiles.read(folder.resolve(FrameFiles.name(1))).width()).isEqualTo(160);
    // --max-dim shrinks the frames; an odd size is kept exactly (H.264 in 4:4:4 then); the sound is the cut's.
    Path small = tmp.resolve("small.mp4");
    Cli m = Cli.run("video", in.toString(), "-o", small.toString(), "--model", "inception_v3@nsfwjs", "--steps", "1",
        "--max-dim", "101", "--temporal", "off", "--start", "0.1", "--end", "0.4", "--seed", "2");
    assertThat(m.code()).as(m.err()).isZero();
    assertThat(m.out()).contains("3 frames");
    VideoInfo info = VideoInfo.probe(Ffmpeg.find(), small);
    assertThat(new int[] {info.width(), info.height()}).containsExactly(101, 71);
    assertSound(small, 0.4 - 0.1);
    // The default work folder is gone after success; nothing else was left next to the outputs.
    try (var left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))).isEmpty();
    }
  }

  @Test
  void theWarmUpIsShownAsItGoesAndTheEtaAfterItIsNotTheWarmUpFramesPace() throws Exception {
    Path in = clip();
    Cli r = Cli.run(args(in, tmp.resolve("paced.mp4"), tmp.resolve("paced")));
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.err().lines().toList();
    // Said before the model loads; then the clip; then frame 1's dreams, pass by pass, before frame 1 is done.
    assertThat(lines.get(0)).isEqualTo("video: clip.mp4: loading inception_v3@nsfwjs and counting the frames");
    int start = indexOf(lines, "video: " + FRAMES + " frames, flow carry, the first frame dreamed 12 times");
    int pass = indexOf(lines, "frame 1/" + FRAMES + "  warm-up pass 1/12  octave 1/2 (");
    int done = indexOf(lines, "frame 1/" + FRAMES + "  ", FRAME_LINE);
    assertThat(start).as(r.err()).isPositive().isLessThan(pass);
    assertThat(pass).isLessThan(done);
    Matcher frame1 = FRAME_LINE.matcher(lines.get(done));
    assertThat(frame1.matches()).isTrue();
    // Frame 1 is 12 dreams: the frames after it are paced by a warm-up pass, not by frame 1 (7 frames of it).
    double frameSeconds = Double.parseDouble(frame1.group(1));
    long etaSeconds = Long.parseLong(frame1.group(3)) * 60 + Long.parseLong(frame1.group(4));
    assertThat(frame1.group(2)).isEqualTo(" (12 passes: warm-up)");
    assertThat((double) etaSeconds).as(r.err()).isLessThanOrEqualTo(frameSeconds * (FRAMES - 1) / 11 + 0.1);
  }

  /** "frame 1/8  3.4 s (12 passes: warm-up)  ETA 0m02s": the frame's seconds, the note, the ETA's minutes, seconds. */
  private static final Pattern FRAME_LINE = Pattern.compile("frame \\d+/\\d+  ([\\d.]+) s( \\(\\d+ passes: "
      + "warm-up\\))?  ETA (\\d+)m(\\d+)s");

  private static int indexOf(List<String> lines, String prefix) {
    return indexOf(lines, prefix, Pattern.compile(".*"));
  }

  /** The first line that starts with {@code prefix} and matches {@code whole}, or -1. */
  private static int indexOf(List<String> lines, String prefix, Pattern whole) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix) && whole.matcher(lines.get(i)).matches()) {
        return i;
      }
    }
    return -1;
  }

  /** The length of {@code file}'s sound track, by ffprobe. */
  static double soundSeconds(Path file) throws Exception {
    return Double.parseDouble(probeSound(file, "duration"));
  }

  /** {@code file}'s sound lasts {@code seconds}, to within one AAC frame (1024 samples). */
  static void assertSound(Path file, double seconds) throws Exception {
    double frame = 1024.0 / Integer.parseInt(probeSound(file, "sample_rate"));
    double got = soundSeconds(file);
    System.out.printf("sound of %s: %.4f s, expected %.4f s (one audio frame %.4f s)%n", file.getFileName(), got,
        seconds, frame);
    assertThat(got).as("sound of " + file.getFileName() + ", s").isCloseTo(seconds, offset(frame));
  }

  private static String probeSound(Path file, String entry) throws Exception {
    Process p = new ProcessBuilder(Ffmpeg.find().ffprobe().toString(), "-v", "error", "-select_streams", "a:0",
        "-show_entries", "stream=" + entry, "-of", "csv=p=0", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).as(file + " has a sound track").isNotEmpty();
    return out;
  }

  @Test
  void aFileThatIsNotAVideoIsOneLineAndExitOne() throws Exception {
    Path notVideo = Files.writeString(tmp.resolve("holiday.mp4"), "hello");
    Path out = tmp.resolve("out.mp4");
    Cli r = Cli.run("video", notVideo.toString(), "-o", out.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errorLines().lines().count()).isEqualTo(1);
    assertThat(r.errorLines()).contains("holiday.mp4 is not a video ffmpeg can read");
    assertThat(Files.exists(out)).isFalse();
    Cli bad = Cli.run("video", notVideo.toString(), "-o", tmp.resolve("out.avi").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.errorLines()).contains("must end in .mp4, .mov, .mkv or .gif");
  }
}
