package dev.deepdream.dream;

/**
 * The allowed values of a number setting, declared once and checked by the library, the CLI and
 * the web API alike.
 *
 * @param what the setting's name in messages
 * @param min smallest allowed value
 * @param max largest allowed value
 * @param integer whole numbers only
 */
public record Range(String what, double min, double max, boolean integer) {
  /** A range of numbers. */
  public static Range of(String what, double min, double max) {
    return new Range(what, min, max, false);
  }

  /** A range of whole numbers. */
  public static Range ofInt(String what, long min, long max) {
    return new Range(what, min, max, true);
  }

  /**
   * Returns {@code value} when it lies in the range.
   *
   * @throws BadOptionException naming the setting and the range
   */
  public double check(double value) {
    if (!(value >= min && value <= max)) {
      throw new BadOptionException(what + " must be between " + text(min) + " and " + text(max) + ", got "
          + text(value));
    }
    return value;
  }

  /** Returns {@code value} when it lies in the range. */
  public int checkInt(int value) {
    check(value);
    return value;
  }

  private static String text(double v) {
    return Numbers.format(v);
  }
}
