package dev.deepdream.dream;

/**
 * Numbers as settings write and read them: {@code 2} rather than {@code 2.0}, and one message for
 * text that is not a number, wherever a setting is parsed (dream, video, batch and Spark options).
 */
public final class Numbers {
  private Numbers() {}

  /** Short text for a number: a whole number without ".0", anything else as Java prints a double. */
  public static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /**
   * A number from text.
   *
   * @throws BadOptionException "WHAT must be a number, got 'TEXT'"
   */
  public static double parse(String what, String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new BadOptionException(what + " must be a number, got '" + text + "'");
    }
  }

  /**
   * A whole number from text.
   *
   * @throws BadOptionException "WHAT must be a whole number, got 'TEXT'"
   */
  public static int parseInt(String what, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new BadOptionException(what + " must be a whole number, got '" + text + "'");
    }
  }

  /**
   * A whole number from text, as wide as a long (seeds).
   *
   * @throws BadOptionException "WHAT must be a whole number, got 'TEXT'"
   */
  public static long parseLong(String what, String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new BadOptionException(what + " must be a whole number, got '" + text + "'");
    }
  }
}
