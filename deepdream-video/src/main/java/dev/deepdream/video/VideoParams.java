package dev.deepdream.video;

import dev.deepdream.dream.BadOptionException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Every video setting, declared once: the {@code video} command's options, the web API's fields
 * and the record in a render's work folder all come from this list.
 */
public final class VideoParams {
  /**
   * One video setting.
   *
   * @param name its name (the option is {@code --name} with '_' as '-')
   * @param label what the option takes, e.g. {@code X}
   * @param help what it does
   * @param apply sets it on settings from its text
   * @param read its text in settings, or null when it is not set
   */
  public record VideoParam(String name, String label, String help,
      BiFunction<VideoSettings, String, VideoSettings> apply, Function<VideoSettings, String> read) {
    /** The command-line option. */
    public String option() {
      return "--" + name.replace('_', '-');
    }

    /** The default's text. */
    public String defaultText() {
      String d = read.apply(VideoSettings.defaults());
      return d == null ? "none" : d;
    }
  }

  private VideoParams() {}

  /** The video settings, in the order they are shown. */
  public static final List<VideoParam> ALL = List.of(
      new VideoParam("temporal", "flow|blend|off", "how the dream carries from frame to frame: flow (the previous "
          + "frame's dream moved by optical flow, fresh where the flow fails), blend (DeepDreamVideo's mix of the "
          + "previous dreamed frame) or off (each frame alone)",
          (s, t) -> s.withTemporal(Temporal.parse(t)), s -> s.temporal().id()),
      new VideoParam("blend", "X", "share of the previous frame's dream carried over [0..1] (flow: of its detail; "
          + "blend: of the dreamed frame)",
          (s, t) -> s.withBlend(VideoSettings.BLEND.check(number("blend", t))), s -> num(s.blend())),
      new VideoParam("flow", "dis|farneback", "optical-flow method for --temporal flow",
          (s, t) -> s.withFlow(FlowMethod.parse(t)), s -> s.flow().id()),
      new VideoParam("start", "TIME", "first second to dream, e.g. 12.5 or 1:02.5",
          (s, t) -> s.withRange(Clip.parseTime("--start", t), s.end()), s -> s.start() == 0 ? null : num(s.start())),
      new VideoParam("end", "TIME", "second to stop before, e.g. 20 or 1:10",
          (s, t) -> s.withRange(s.start(), Clip.parseTime("--end", t)), s -> s.end() == null ? null : num(s.end())),
      new VideoParam("every", "N", "dream every n-th frame only (the frame rate is divided by n)",
          (s, t) -> s.withEvery(VideoSettings.EVERY.checkInt(integer("every", t))),
          s -> s.every() == 1 ? null : Integer.toString(s.every())),
      new VideoParam("warmup", "N", "extra passes over the first frame and each new scene, so the dream starts as "
          + "strong as it settles to (auto: until blend^N <= 0.1)",
          (s, t) -> s.withWarmup(t.equals("auto") ? null : VideoSettings.WARMUP.checkInt(integer("warmup", t))),
          s -> s.warmup() == null ? "auto" : Integer.toString(s.warmup())));

  /** Settings from text by name (unknown names are an error); the rest stay at their defaults. */
  public static VideoSettings decode(Map<String, String> text) {
    VideoSettings s = VideoSettings.defaults();
    Map<String, String> left = new LinkedHashMap<>(text);
    for (VideoParam p : ALL) {
      String t = left.remove(p.name());
      if (t != null && !t.isBlank()) {
        s = p.apply().apply(s, t.trim());
      }
    }
    if (!left.isEmpty()) {
      throw new BadOptionException("unknown video setting(s): " + String.join(", ", left.keySet()));
    }
    return s;
  }

  /** The settings as text, those that are set. */
  public static Map<String, String> encode(VideoSettings s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (VideoParam p : ALL) {
      String v = p.read().apply(s);
      if (v != null) {
        out.put(p.name(), v);
      }
    }
    return out;
  }

  /** The names, for messages. */
  public static List<String> names() {
    return Arrays.asList(ALL.stream().map(VideoParam::name).toArray(String[]::new));
  }

  private static double number(String what, String t) {
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new BadOptionException(what + " must be a number, got '" + t + "'");
    }
  }

  private static int integer(String what, String t) {
    try {
      return Integer.parseInt(t);
    } catch (NumberFormatException e) {
      throw new BadOptionException(what + " must be a whole number, got '" + t + "'");
    }
  }

  static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%s", v);
  }
}
