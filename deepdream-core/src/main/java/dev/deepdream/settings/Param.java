package dev.deepdream.settings;

import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.Range;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One dream setting, declared once: what every {@link Setting} declares (its name, the web field,
 * the PNG text key and, as {@code --step-size}, the CLI option; its kind, range or choices, help
 * and default), and how its text is applied to a {@link DreamConfig.Builder} and read back from a
 * {@link DreamConfig}. The CLI options, the web API and page, the PNG metadata
 * and the results all come from {@link DreamParams#ALL}.
 */
public final class Param extends Setting {
  /** Applies a value's text to a builder. */
  @FunctionalInterface
  public interface Apply {
    /**
     * @param builder the builder to change
     * @param text the value's text
     * @param all every value given (for settings that only make sense with another)
     * @param images resolves picture references
     */
    void apply(DreamConfig.Builder builder, String text, Map<String, List<String>> all, ImageSource images)
        throws IOException;
  }

  private final boolean objectivePerPicture;
  private final String requires;
  private final String defaultNote;
  private final Apply apply;
  private final Function<DreamConfig, List<String>> read;

  Param(String name, Kind kind, String group, String help, Range range, List<String> choices, boolean repeatable,
      boolean objectivePerPicture, String requires, String defaultNote, String label, String example, Apply apply,
      Function<DreamConfig, List<String>> read) {
    super(name, kind, group, help, range, choices, repeatable, label, example);
    this.objectivePerPicture = objectivePerPicture;
    this.requires = requires;
    this.defaultNote = defaultNote;
    this.apply = apply;
    this.read = read;
  }

  /** True when each picture of this setting may carry its own objective ({@code IMAGE=EXPR}: masks). */
  public boolean objectivePerPicture() {
    return objectivePerPicture;
  }

  /** The setting this one only refines (and does nothing without), or null. */
  public String requires() {
    return requires;
  }

  /** The default as text: the tutorial's value, or a note such as "the model's". */
  @Override
  public String defaultText() {
    if (defaultNote != null) {
      return defaultNote;
    }
    List<String> v = read.apply(DreamConfig.builder().build());
    return v.isEmpty() ? "off" : String.join(", ", v);
  }

  /**
   * The default as text where the settings start from {@code base} instead of the tutorial's (a
   * command's own defaults, e.g. the video preset): the base's value where it differs from the
   * tutorial's, else {@link #defaultText()}.
   */
  public String defaultText(DreamConfig base) {
    List<String> mine = read.apply(base);
    if (mine.equals(read.apply(DreamConfig.builder().build()))) {
      return defaultText();
    }
    return mine.isEmpty() ? "off" : String.join(", ", mine);
  }

  /** Applies a value's text. */
  public void apply(DreamConfig.Builder builder, String text, Map<String, List<String>> all, ImageSource images)
      throws IOException {
    apply.apply(builder, text, all, images);
  }

  /** The values a config holds for this setting, as text (empty: nothing to record). */
  public List<String> read(DreamConfig config) {
    return read.apply(config);
  }

}
