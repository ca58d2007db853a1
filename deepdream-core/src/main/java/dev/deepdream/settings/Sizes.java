package dev.deepdream.settings;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Range;
import java.util.Locale;

/** Byte sizes as people write them: 1g, 800m, 1500000k or plain bytes. */
public final class Sizes {
  private Sizes() {}

  /** Parses a size and checks it against {@code range}. */
  public static long parse(String name, String text, Range range) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      case 't' -> 1L << 40;
      default -> 1;
    };
    if (unit > 1) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      double v = Double.parseDouble(t);
      long bytes = (long) (v * unit);
      range.check(bytes);
      return bytes;
    } catch (NumberFormatException e) {
      throw new BadOptionException(name.replace('_', ' ') + " '" + text + "' must look like 1g, 800m or 1500000k");
    }
  }

  /** The shortest exact text: 1g rather than 1073741824. */
  public static String format(long bytes) {
    String[] units = {"t", "g", "m", "k"};
    int[] shifts = {40, 30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      long u = 1L << shifts[i];
      if (bytes % u == 0) {
        return bytes / u + units[i];
      }
    }
    return Long.toString(bytes);
  }
}
