package dev.deepdream.video;

import dev.deepdream.dream.BadOptionException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The part of a video to dream: its file, a time range, every n-th frame, and the size the frames
 * are decoded at. Frames are numbered by their order in time (never by file names).
 *
 * @param file the video file
 * @param info what ffprobe said about it
 * @param start first time to take, seconds (0: the beginning)
 * @param end time to stop before, seconds, or null for the end
 * @param every take every n-th frame of the range (1: all)
 * @param width decoded frame width, px
 * @param height decoded frame height, px
 */
public record Clip(Path file, VideoInfo info, double start, Double end, int every, int width, int height) {
  public Clip {
    // The order of start and end and every's range are VideoSettings' checks.
    if (start >= info.seconds()) {
      throw new BadOptionException("--start " + start + " s is past the end of the video (" + fmt(info.seconds())
          + " s)");
    }
  }

  /** The output's frame rate: the input's, divided by {@code every}, as ffmpeg writes it. */
  public String outputRate() {
    return info.fpsNum() + "/" + (info.fpsDen() * every);
  }

  /** The output's frames per second. */
  public double outputFps() {
    return info.fps() / every;
  }

  /** The ffmpeg filter chain that selects and sizes the frames. */
  String filters(boolean scale) {
    List<String> f = new ArrayList<>();
    if (start > 0 || end != null) {
      f.add("trim=start=" + fmt(start) + (end != null ? ":end=" + fmt(end) : "") + ",setpts=PTS-STARTPTS");
    }
    if (every > 1) {
      f.add("select=not(mod(n\\," + every + "))");
    }
    if (scale && (width != info.width() || height != info.height())) {
      f.add("scale=" + width + ":" + height + ":flags=area");
    }
    return f.isEmpty() ? "null" : String.join(",", f);
  }

  /** The input part of a decode: no rotation applied, so sizes are those ffprobe reports. */
  List<String> decodeArgs(boolean scale) {
    return new ArrayList<>(List.of("-noautorotate", "-i", file.toString(), "-map", "0:v:0", "-an", "-sn", "-dn",
        "-vf", filters(scale), "-fps_mode", "passthrough"));
  }

  /**
   * Counts the frames this clip yields by decoding it once (cheap next to dreaming; container
   * frame counts are often missing or wrong after a cut).
   */
  public int countFrames(Ffmpeg ffmpeg) throws IOException {
    List<String> args = decodeArgs(false);
    args.addAll(List.of("-f", "framecrc", "-"));
    String out = ffmpeg.runFfmpeg(args, file + " could not be decoded");
    int n = 0;
    for (String line : out.split("\\R")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        n++;
      }
    }
    if (n == 0) {
      throw new VideoException(file + ": no frames in " + describeRange() + " (is the file complete?)");
    }
    return n;
  }

  /** Opens a decoder that gives the frames in time order. */
  public FrameReader open(Ffmpeg ffmpeg) throws IOException {
    return new FrameReader(ffmpeg, this);
  }

  /** The time range in words. */
  public String describeRange() {
    return fmt(start) + " s to " + (end == null ? "the end" : fmt(end) + " s");
  }

  static String fmt(double seconds) {
    return String.format(Locale.ROOT, "%.3f", seconds).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /**
   * A time as seconds: {@code 12.5}, {@code 1:02.5} or {@code 1:02:03}.
   *
   * @throws BadOptionException for anything else
   */
  public static double parseTime(String option, String text) {
    String t = text.trim();
    try {
      double seconds = 0;
      for (String part : t.split(":", -1)) {
        if (part.isEmpty()) {
          throw new NumberFormatException();
        }
        seconds = seconds * 60 + Double.parseDouble(part);
      }
      if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
        throw new NumberFormatException();
      }
      return seconds;
    } catch (NumberFormatException e) {
      throw new BadOptionException(option + " '" + text + "' is not a time (use seconds like 12.5, or 1:02.5)");
    }
  }
}
