package dev.deepdream.settings;

import dev.deepdream.dream.Numbers;
import dev.deepdream.dream.Range;
import java.util.List;

/**
 * What every setting declares, whatever it sets (a dream's {@link Param}, a video's setting):
 * its name, the kind of value, where the page groups it, its help, its range or choices (from the
 * enum that defines them), and its default as text. The CLI's options and the web page's controls
 * are built from these alone, the same way for every setting.
 */
public abstract class Setting {
  /** The kind of value, which decides the control the page shows and the option's label. */
  public enum Kind {
    /** A whole number. */
    INTEGER("N"),
    /** A number. */
    NUMBER("X"),
    /** Free text (a layer name, an objective expression, a time). */
    TEXT("TEXT"),
    /** One of {@link Setting#choices()}. */
    CHOICE(null),
    /** An octave range such as -2..2. */
    OCTAVES("LO..HI"),
    /** A size in bytes such as 1g. */
    SIZE("SIZE"),
    /** A picture file, recorded by its SHA-256. */
    IMAGE("IMAGE"),
    /**
     * On or off: the text is {@code true} or {@code false}; off is recorded as nothing. A bare
     * option on the command line, a checkbox on the page.
     */
    FLAG("true|false");

    private final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private final String name;
  private final Kind kind;
  private final String group;
  private final String help;
  private final Range range;
  private final List<String> choices;
  private final boolean repeatable;
  private final String label;
  private final String example;

  /**
   * @param label what the option takes in the help (null: from the kind, or the choices joined by '|')
   * @param example a valid value that differs from the default, for the tests that round-trip every setting
   */
  protected Setting(String name, Kind kind, String group, String help, Range range, List<String> choices,
      boolean repeatable, String label, String example) {
    this.name = name;
    this.kind = kind;
    this.group = group;
    this.help = help;
    this.range = range;
    this.choices = choices == null ? List.of() : List.copyOf(choices);
    this.repeatable = repeatable;
    this.label = label;
    this.example = example;
  }

  /** The name: web field, record key, JSON key ({@code step_size}). */
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

  /** A heading the page groups controls under (what, how, octaves, video, ...). */
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

  /** What the option takes, as the help shows it: {@code N}, {@code X}, {@code flow|blend|off}, ... */
  public String label() {
    if (label != null) {
      return label;
    }
    return kind == Kind.CHOICE ? String.join("|", choices) : kind.label;
  }

  /** The range as the help shows it, e.g. " [0..1]", for a number with a range; else "". */
  public String rangeText() {
    if (range == null || (kind != Kind.INTEGER && kind != Kind.NUMBER)) {
      return "";
    }
    return " [" + Numbers.format(range.min()) + ".." + Numbers.format(range.max()) + "]";
  }

  /**
   * A valid value that differs from the default, used by the tests that prove every setting
   * round-trips; {@code {image}} stands for a picture file.
   */
  public String example() {
    return example;
  }

  /** The default as text, as the help and the page show it. */
  public abstract String defaultText();

  @Override
  public String toString() {
    return name;
  }
}
