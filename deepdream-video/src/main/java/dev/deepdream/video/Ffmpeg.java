package dev.deepdream.video;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ffmpeg} and {@code ffprobe} programs, run as subprocesses (no Java library decodes
 * and encodes H.264 + AAC as well). They are looked up on the {@code PATH}, or in the folder named
 * by the system property {@code deepdream.ffmpeg.dir} or the environment variable
 * {@code DEEPDREAM_FFMPEG_DIR}.
 */
public final class Ffmpeg {
  /** What to tell a user who lacks ffmpeg. */
  public static final String INSTALL_HINT = "install it: sudo apt-get install ffmpeg (Debian/Ubuntu), "
      + "brew install ffmpeg (macOS)";

  private final Path ffmpeg;
  private final Path ffprobe;

  private Ffmpeg(Path ffmpeg, Path ffprobe) {
    this.ffmpeg = ffmpeg;
    this.ffprobe = ffprobe;
  }

  /**
   * Finds both programs.
   *
   * @throws VideoException naming the missing program, with the install hint
   */
  public static Ffmpeg find() throws VideoException {
    String dir = System.getProperty("deepdream.ffmpeg.dir", System.getenv("DEEPDREAM_FFMPEG_DIR"));
    List<Path> dirs = new ArrayList<>();
    if (dir != null && !dir.isBlank()) {
      dirs.add(Path.of(dir));
    } else {
      for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (!d.isEmpty()) {
          dirs.add(Path.of(d));
        }
      }
    }
    return new Ffmpeg(locate("ffmpeg", dirs), locate("ffprobe", dirs));
  }

  /** Whether ffmpeg and ffprobe can be found (for {@code deepdream doctor}). */
  public static boolean available() {
    try {
      find();
      return true;
    } catch (VideoException e) {
      return false;
    }
  }

  private static Path locate(String name, List<Path> dirs) throws VideoException {
    for (Path d : dirs) {
      Path p = d.resolve(name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    throw new VideoException(name + " was not found, and video needs it; " + INSTALL_HINT);
  }

  /** The ffmpeg program. */
  public Path ffmpeg() {
    return ffmpeg;
  }

  /** The ffprobe program. */
  public Path ffprobe() {
    return ffprobe;
  }

  /** An ffmpeg command line: the program, then quiet defaults, then {@code args}. */
  List<String> ffmpegCommand(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-v", "error"));
    cmd.addAll(args);
    return cmd;
  }

  /** Runs ffprobe with {@code args} and returns its standard output; a failure's first error line becomes the message. */
  String probe(List<String> args, String what) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(ffprobe.toString(), "-hide_banner", "-v", "error"));
    cmd.addAll(args);
    return run(cmd, what);
  }

  /**
   * Runs ffmpeg with {@code args} (after quiet defaults) to its end and returns its standard
   * output.
   *
   * @param what what is being done, for the one-line error: "{@code what}: ffmpeg's first error line"
   */
  public String runFfmpeg(List<String> args, String what) throws IOException {
    return run(ffmpegCommand(args), what);
  }

  private static String run(List<String> cmd, String what) throws IOException {
    Process p = new ProcessBuilder(cmd).start();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread errPump = pump(p.getErrorStream(), err);
    byte[] out = p.getInputStream().readAllBytes();
    int rc;
    try {
      rc = p.waitFor();
      errPump.join();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new VideoException(what + ": interrupted");
    }
    if (rc != 0) {
      throw new VideoException(what + ": " + firstLine(err.toString(StandardCharsets.UTF_8), "ffmpeg exit code " + rc));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Copies a process stream into {@code sink} on a daemon thread (so a full pipe never blocks the process). */
  static Thread pump(InputStream in, ByteArrayOutputStream sink) {
    Thread t = new Thread(() -> {
      try {
        in.transferTo(sink);
      } catch (IOException ignored) {
        // the process ended
      }
    }, "ffmpeg-stderr");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** The first non-empty line of ffmpeg's error output (the one that says what is wrong), or {@code otherwise}. */
  static String firstLine(String text, String otherwise) {
    for (String line : text.split("\\R")) {
      // "[mov,mp4,m4a @ 0x55d0c0] moov atom not found": the part after the demuxer's tag says it.
      String l = line.replaceFirst("^\\[[^\\]]* @ 0x[0-9a-f]+\\]\\s*", "").strip();
      if (!l.isEmpty()) {
        return l;
      }
    }
    return otherwise;
  }
}
