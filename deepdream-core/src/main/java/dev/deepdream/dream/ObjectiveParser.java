package dev.deepdream.dream;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads objectives written like {@code mixed3 + 1.5*mixed5 - 0.5*mixed4:97}: a sum of terms,
 * each an optional weight and one of {@code layer} (mean activation, the tutorial's),
 * {@code layer^2} (mean of squares, the original notebook's) or {@code layer:c1,c2}
 * (the mean of those channels).
 */
public final class ObjectiveParser {
  private ObjectiveParser() {}

  /** One term: weight, layer, kind and channels. */
  public record Term(double weight, String layer, boolean squares, int[] channels) {}

  /** Parses the expression into terms; throws {@link BadOptionException} naming what is wrong. */
  public static List<Term> terms(String text) {
    List<Term> out = new ArrayList<>();
    String t = text.replace(" ", "");
    if (t.isEmpty()) {
      throw new BadOptionException("empty objective");
    }
    int i = 0;
    while (i < t.length()) {
      double sign = 1;
      if (t.charAt(i) == '+' || t.charAt(i) == '-') {
        sign = t.charAt(i) == '-' ? -1 : 1;
        i++;
      } else if (!out.isEmpty()) {
        throw new BadOptionException("objective '" + text + "': expected + or - before '" + t.substring(i) + "'");
      }
      int end = i;
      while (end < t.length() && t.charAt(end) != '+' && (t.charAt(end) != '-' || isExponentSign(t, end))) {
        end++;
      }
      out.add(term(t.substring(i, end), sign, text));
      i = end;
    }
    return out;
  }

  private static boolean isExponentSign(String t, int at) {
    return at > 0 && (t.charAt(at - 1) == 'e' || t.charAt(at - 1) == 'E') && at > 1 && Character.isDigit(t.charAt(at - 2))
        && t.substring(0, at).matches(".*[0-9.]e");
  }

  private static Term term(String s, double sign, String text) {
    if (s.isEmpty()) {
      throw new BadOptionException("objective '" + text + "' has an empty term");
    }
    double weight = sign;
    int star = s.indexOf('*');
    if (star >= 0) {
      try {
        weight *= Double.parseDouble(s.substring(0, star));
      } catch (NumberFormatException e) {
        throw new BadOptionException("objective '" + text + "': '" + s.substring(0, star) + "' is not a number");
      }
      s = s.substring(star + 1);
    }
    boolean squares = s.endsWith("^2");
    if (squares) {
      s = s.substring(0, s.length() - 2);
    }
    int[] channels = null;
    int colon = s.indexOf(':');
    if (colon >= 0) {
      String[] parts = s.substring(colon + 1).split(",");
      channels = new int[parts.length];
      for (int k = 0; k < parts.length; k++) {
        try {
          channels[k] = Integer.parseInt(parts[k]);
        } catch (NumberFormatException e) {
          throw new BadOptionException("objective '" + text + "': channel '" + parts[k] + "' is not a number");
        }
      }
      s = s.substring(0, colon);
      if (squares) {
        throw new BadOptionException("objective '" + text + "': use either ^2 or :channels in one term");
      }
    }
    if (!s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new BadOptionException("objective '" + text + "': '" + s + "' is not a layer name");
    }
    return new Term(weight, s, squares, channels);
  }

  /** The objective of an expression. */
  public static Objective parse(String text) {
    List<Objective> parts = new ArrayList<>();
    for (Term t : terms(text)) {
      Objective o = t.channels() != null ? Objectives.channels(t.layer(), t.channels())
          : t.squares() ? Objectives.layerMeanOfSquares(t.layer()) : Objectives.layerMean(t.layer());
      parts.add(Objectives.weighted(o, t.weight()));
    }
    return Objectives.sum(parts);
  }

  /** The layer names an expression uses, in order. */
  public static List<String> layers(String text) {
    List<String> out = new ArrayList<>();
    for (Term t : terms(text)) {
      if (!out.contains(t.layer())) {
        out.add(t.layer());
      }
    }
    return out;
  }
}
