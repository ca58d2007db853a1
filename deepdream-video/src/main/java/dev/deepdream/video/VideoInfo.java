package dev.deepdream.video;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What ffprobe says about a clip: its first video stream's size and frame rate, its duration, and
 * whether it has sound.
 *
 * @param width frame width, px (as stored, before any rotation flag)
 * @param height frame height, px
 * @param fpsNum frame rate numerator (e.g. 30000)
 * @param fpsDen frame rate denominator (e.g. 1001)
 * @param seconds duration of the video stream (or of the file, when the stream does not say)
 * @param hasAudio whether the file has an audio stream
 */
public record VideoInfo(int width, int height, long fpsNum, long fpsDen, double seconds, boolean hasAudio) {

  /** Frames per second. */
  public double fps() {
    return (double) fpsNum / fpsDen;
  }

  /** The frame rate as ffmpeg writes it, e.g. {@code 30000/1001}. */
  public String rate() {
    return fpsNum + "/" + fpsDen;
  }

  /**
   * Probes {@code file}.
   *
   * @throws VideoException for a missing file, one ffmpeg cannot read, or one without video
   */
  public static VideoInfo probe(Ffmpeg ffmpeg, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new VideoException("input " + file + " does not exist or is not a file");
    }
    String json;
    try {
      json = ffmpeg.probe(List.of("-of", "json", "-show_streams", "-show_format", file.toString()),
          file + " is not a video ffmpeg can read");
    } catch (VideoException e) {
      throw new VideoException(e.getMessage() + " (is it a video, and complete?)");
    }
    JsonObject root;
    try {
      root = JsonParser.parseString(json).getAsJsonObject();
    } catch (JsonSyntaxException | IllegalStateException e) {
      throw new VideoException(file + " could not be probed: ffprobe gave no usable answer");
    }
    JsonArray streams = root.has("streams") ? root.getAsJsonArray("streams") : new JsonArray();
    JsonObject video = null;
    boolean audio = false;
    for (JsonElement e : streams) {
      JsonObject s = e.getAsJsonObject();
      String type = text(s, "codec_type");
      boolean picture = s.has("disposition") && s.getAsJsonObject("disposition").has("attached_pic")
          && s.getAsJsonObject("disposition").get("attached_pic").getAsInt() == 1;
      if ("video".equals(type) && video == null && !picture) {
        video = s;
      } else if ("audio".equals(type)) {
        audio = true;
      }
    }
    if (video == null) {
      throw new VideoException(file + " has no video stream" + (audio ? " (only sound)" : ""));
    }
    int width = video.has("width") ? video.get("width").getAsInt() : 0;
    int height = video.has("height") ? video.get("height").getAsInt() : 0;
    if (width <= 0 || height <= 0) {
      throw new VideoException(file + ": its video stream has no frame size (is the file complete?)");
    }
    long[] rate = rational(text(video, "avg_frame_rate"));
    if (rate == null) {
      rate = rational(text(video, "r_frame_rate"));
    }
    if (rate == null) {
      throw new VideoException(file + ": its video stream has no frame rate");
    }
    double seconds = number(text(video, "duration"));
    if (Double.isNaN(seconds) && root.has("format")) {
      seconds = number(text(root.getAsJsonObject("format"), "duration"));
    }
    if (Double.isNaN(seconds) || seconds <= 0) {
      throw new VideoException(file + ": its duration is unknown (is the file complete?)");
    }
    return new VideoInfo(width, height, rate[0], rate[1], seconds, audio);
  }

  private static String text(JsonObject o, String key) {
    return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
  }

  private static double number(String s) {
    try {
      return s == null ? Double.NaN : Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** "30000/1001" to {30000, 1001}; null for "0/0" or anything unusable. */
  static long[] rational(String s) {
    if (s == null) {
      return null;
    }
    String[] parts = s.split("/");
    try {
      long num = Long.parseLong(parts[0].trim());
      long den = parts.length > 1 ? Long.parseLong(parts[1].trim()) : 1;
      return num > 0 && den > 0 ? new long[] {num, den} : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
