package dev.deepdream.settings;

import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.Range;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One dream setting, declared once: its name (the web field, the PNG text key, and, as
 * {@code --step-size}, the CLI option), what kind of value it takes, its allowed range or choices,
 * its help text and default, how its text is applied to a {@link DreamConfig.Builder} and how it is
 * read back from a {@link DreamConfig}. The CLI options, the web API and page, the PNG metadata
 * and the results all come from {@link DreamParams#ALL}.
 */
public final class Param {
  /** The kind of value, which decides the control the page shows. */
  public enum Kind {
    /** A whole number. */
    INTEGER,
    /** A number. */
    NUMBER,
    /** Free text (a layer name, an objective expression). */
    TEXT,
    /** One of {@link Param#choices()}. */
    CHOICE,
    /** An octave range such as -2..2. */
    OCTAVES,
    /** A size in bytes such as 1g. */
    SIZE,
    /** A picture file, recorded by its SHA-256. */
    IMAGE,
    /**
     * On or off: the text is {@code true} or {@code false}; off is recorded as nothing. A bare
     * option on the command line, a checkbox on the page.
     */
    FLAG
  }

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

  private final String name;
  private final Kind kind;
  private final String group;
  private final String help;
  private final Range range;
  private final List<String> choices;
  private final boolean repeatable;
  private final boolean objectivePerPicture;
  private final String requires;
  private final String defaultNote;
  private final String example;
  private final Apply apply;
  private final Function<DreamConfig, List<String>> read;

  Param(String name, Kind kind, String group, String help, Range range, List<String> choices, boolean repeatable,
      boolean objectivePerPicture, String requires, String defaultNote, String example, Apply apply,
      Function<DreamConfig, List<String>> read) {
    this.name = name;
    this.kind = kind;
    this.group = group;
    this.help = help;
    this.range = range;
    this.choices = choices == null ? List.of() : List.copyOf(choices);
    this.repeatable = repeatable;
    this.objectivePerPicture = objectivePerPicture;
    this.requires = requires;
    this.defaultNote = defaultNote;
    this.example = example;
    this.apply = apply;
    this.read = read;
  }

  /** The name: web field, PNG text key, JSON key ({@code step_size}). */
  public String name() {
    return name;
  }

  /** The CLI option ({@code --step-size}). */
  public String option() {
    return "--" + name.replace('_', '-');
  }

  /** The kind of value. */
  public Kind kind() {
    return kind;
  }

  /** A heading the page groups controls under (what, how, octaves, ...). */
  public String group() {
    return group;
  }

  /** One line of help. */
  public String help() {
    return help;
  }

  /** The allowed range of a number, or null. */
  public Range range() {
    return range;
  }

  /** The allowed values of a choice (empty otherwise). */
  public List<String> choices() {
    return choices;
  }

  /** True when the setting may be given several times (masks). */
  public boolean repeatable() {
    return repeatable;
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

  /**
   * A valid value that differs from the default, used by the tests that prove every setting
   * round-trips; {@code {image}} stands for a picture file.
   */
  public String example() {
    return example;
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

  @Override
  public String toString() {
    return name;
  }
}
