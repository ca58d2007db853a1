package dev.deepdream.video;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Numbers;
import dev.deepdream.dream.Range;
import dev.deepdream.settings.Setting;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Every video setting, declared once as a {@link Setting}, like the dream settings: the
 * {@code video} command's options, the web API's fields and the page's controls, and the record
 * in a render's work folder all come from this list.
 */
public final class VideoParams {
  /**
   * One video setting: what every {@link Setting} declares (so the CLI and the page build its
   * option and control as they do a dream setting's: a choice from its enum, a number in its
   * range, or text), and how its text applies to {@link VideoSettings} and is read back.
   */
  public static final class VideoParam extends Setting {
    private final BiFunction<VideoSettings, String, VideoSettings> apply;
    private final Function<VideoSettings, String> read;

    private VideoParam(String name, Kind kind, String help, Range range, List<String> choices, String label,
        String example, BiFunction<VideoSettings, String, VideoSettings> apply, Function<VideoSettings, String> read) {
      super(name, kind, GROUP, help, range, choices, false, label, example);
      this.apply = apply;
      this.read = read;
    }

    /** A setting taking one of {@code choices} (its enum's ids). */
    static VideoParam oneOf(String name, List<String> choices, String help, String example,
        BiFunction<VideoSettings, String, VideoSettings> apply, Function<VideoSettings, String> read) {
      return new VideoParam(name, Kind.CHOICE, help, null, choices, null, example, apply, read);
    }

    /** A number in {@code range} ({@link Range#integer()} makes it a whole number). */
    static VideoParam inRange(String name, Range range, String help, String example,
        BiFunction<VideoSettings, String, VideoSettings> apply, Function<VideoSettings, String> read) {
      return new VideoParam(name, range.integer() ? Kind.INTEGER : Kind.NUMBER, help, range, List.of(), null, example,
          apply, read);
    }

    /** A value typed as text, shown as {@code label} (a time, "auto" or a count). */
    static VideoParam text(String name, String label, String help, String example,
        BiFunction<VideoSettings, String, VideoSettings> apply, Function<VideoSettings, String> read) {
      return new VideoParam(name, Kind.TEXT, help, null, List.of(), label, example, apply, read);
    }

    /** {@code settings} with this setting's {@code text} applied. */
    public VideoSettings apply(VideoSettings settings, String text) {
      return apply.apply(settings, text);
    }

    /** This setting's text in {@code settings}, or null when it is not set. */
    public String read(VideoSettings settings) {
      return read.apply(settings);
    }

    /** The default's text. */
    @Override
    public String defaultText() {
      String d = read.apply(VideoSettings.defaults());
      return d == null ? "none" : d;
    }
  }

  /** The page's group for the video settings. */
  public static final String GROUP = "video";

  private VideoParams() {}

  /** The dream preset a video's frames use when none is given (the CLI's and the web's default). */
  public static final String DREAM_PRESET = "video";

  /** The video settings, in the order they are shown. */
  public static final List<VideoParam> ALL = List.of(
      VideoParam.oneOf("temporal", Temporal.ids(), "how the dream carries from frame to frame: " + temporalHelp(),
          "blend", (s, t) -> s.withTemporal(Temporal.parse(t)), s -> s.temporal().id()),
      VideoParam.inRange("blend", VideoSettings.BLEND, "share of the previous frame's dream carried over (flow: of "
          + "its detail; blend: of the dreamed frame)", "0.6",
          (s, t) -> s.withBlend(VideoSettings.BLEND.check(number("blend", t))), s -> num(s.blend())),
      VideoParam.oneOf("flow", FlowMethod.ids(), "optical-flow method for --temporal flow", "farneback",
          (s, t) -> s.withFlow(FlowMethod.parse(t)), s -> s.flow().id()),
      VideoParam.text("start", "TIME", "first second to dream, e.g. 12.5 or 1:02.5", "0.5",
          (s, t) -> s.withRange(Clip.parseTime("--start", t), s.end()), s -> s.start() == 0 ? null : num(s.start())),
      VideoParam.text("end", "TIME", "second to stop before, e.g. 20 or 1:10", "1.5",
          (s, t) -> s.withRange(s.start(), Clip.parseTime("--end", t)), s -> s.end() == null ? null : num(s.end())),
      VideoParam.inRange("every", VideoSettings.EVERY, "dream every n-th frame only (the frame rate is divided by n)",
          "2", (s, t) -> s.withEvery(VideoSettings.EVERY.checkInt(integer("every", t))),
          s -> s.every() == 1 ? null : Integer.toString(s.every())),
      VideoParam.text("warmup", "N|auto", "extra passes over the first frame and each new scene, so the dream starts "
          + "as strong as it settles to (auto: until blend^N <= 0.1; at most " + num(VideoSettings.WARMUP.max()) + ")",
          "3", (s, t) -> s.withWarmup(t.equals("auto") ? null : VideoSettings.WARMUP.checkInt(integer("warmup", t))),
          s -> s.warmup() == null ? "auto" : Integer.toString(s.warmup())));

  /** Each temporal method with its summary: "flow (...), blend (...) or off (...)". */
  private static String temporalHelp() {
    List<String> each = Arrays.stream(Temporal.values()).map(t -> t.id() + " (" + t.summary() + ")").toList();
    return each.size() == 1 ? each.get(0)
        : String.join(", ", each.subList(0, each.size() - 1)) + " or " + each.get(each.size() - 1);
  }

  /** Settings from text by name (unknown names are an error); the rest stay at their defaults. */
  public static VideoSettings decode(Map<String, String> text) {
    VideoSettings s = VideoSettings.defaults();
    Map<String, String> left = new LinkedHashMap<>(text);
    for (VideoParam p : ALL) {
      String t = left.remove(p.name());
      if (t != null && !t.isBlank()) {
        s = p.apply(s, t.trim());
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
      String v = p.read(s);
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
    return Numbers.parse(what, t);
  }

  private static int integer(String what, String t) {
    return Numbers.parseInt(what, t);
  }

  static String num(double v) {
    return Numbers.format(v);
  }
}
