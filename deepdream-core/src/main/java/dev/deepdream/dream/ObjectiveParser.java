package dev.deepdream.dream;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads objectives written like {@code mixed3 + 1.5*mixed5 - 0.5*mixed4:97 - 0.05*tv} (or, on
 * GoogLeNet, {@code inception_4c/output}): a sum of
 * terms, each an optional weight and one of {@code layer} (mean activation, the tutorial's),
 * {@code layer^2} (mean of squares, the original notebook's), {@code layer:c1,c2} (the mean of
 * those channels), {@code tv} (total variation of the image) or {@code l2} (its sum of squares),
 * and for feature visualisation {@code neuron(layer:c)} or {@code neuron(layer:c,x=3,y=5)} (one
 * position, the centre by default), {@code direction(layer,c1=w1,c2=w2)} (a vector in channel
 * space), {@code diversity(layer)} (how alike a batch's images are) and {@code class(n)} or
 * {@code class(head:n)} (a class logit). The result is the same {@link Objective} value the
 * factories build in code.
 */
public final class ObjectiveParser {
  /**
   * What a layer name may look like in an expression: Keras's ({@code mixed4}) and Caffe's or
   * ONNX's node names ({@code inception_4c/output}, {@code conv2/3x3_reduce}, {@code pool1/norm1});
   * '+', '-', '*', ':' and '^' belong to the expression.
   */
  public static final String LAYER_NAME = "[A-Za-z_][A-Za-z0-9_./]*";

  private ObjectiveParser() {}

  /**
   * Parses an expression.
   *
   * @throws BadOptionException naming what is wrong
   */
  public static Objective parse(String text) {
    String t = text.replace(" ", "");
    if (t.isEmpty()) {
      throw new BadOptionException("empty objective");
    }
    List<Objective> terms = new ArrayList<>();
    int i = 0;
    while (i < t.length()) {
      double sign = 1;
      if (t.charAt(i) == '+' || t.charAt(i) == '-') {
        sign = t.charAt(i) == '-' ? -1 : 1;
        i++;
      } else if (!terms.isEmpty()) {
        throw new BadOptionException("objective '" + text + "': expected + or - before '" + t.substring(i) + "'");
      }
      int end = termEnd(t, i, text);
      terms.add(term(t.substring(i, end), sign, text));
      i = end;
    }
    return Objective.sum(terms);
  }

  /** The layer names an expression reads, in order. */
  public static List<String> layers(String text) {
    return List.copyOf(parse(text).layers());
  }

  /** Where the term starting at {@code from} ends: the next + or - outside parentheses that is not an exponent's. */
  private static int termEnd(String t, int from, String text) {
    int depth = 0;
    int end = from;
    for (; end < t.length(); end++) {
      char ch = t.charAt(end);
      if (ch == '(') {
        depth++;
      } else if (ch == ')') {
        if (--depth < 0) {
          throw new BadOptionException("objective '" + text + "': a ')' without its '('");
        }
      } else if (depth == 0 && (ch == '+' || (ch == '-' && !isExponentSign(t, end)))) {
        break;
      }
    }
    if (depth > 0) {
      throw new BadOptionException("objective '" + text + "': a '(' without its ')'");
    }
    return end;
  }

  private static boolean isExponentSign(String t, int at) {
    return at > 1 && (t.charAt(at - 1) == 'e' || t.charAt(at - 1) == 'E') && Character.isDigit(t.charAt(at - 2))
        && t.substring(0, at).matches(".*[0-9.][eE]");
  }

  private static Objective term(String s, double sign, String text) {
    if (s.isEmpty()) {
      throw new BadOptionException("objective '" + text + "' has an empty term");
    }
    double weight = sign;
    int paren = s.indexOf('(');
    int star = s.indexOf('*');
    if (star >= 0 && (paren < 0 || star < paren)) {
      try {
        weight *= Double.parseDouble(s.substring(0, star));
      } catch (NumberFormatException e) {
        throw new BadOptionException("objective '" + text + "': '" + s.substring(0, star) + "' is not a number");
      }
      s = s.substring(star + 1);
    }
    return leaf(s, text).times(weight);
  }

  private static Objective leaf(String s, String text) {
    if (s.equals("tv")) {
      return Objective.totalVariation();
    }
    if (s.equals("l2")) {
      return Objective.l2();
    }
    if (s.startsWith("guide(")) {
      throw new BadOptionException("objective '" + text + "': a guide needs its photo; give it with the guide "
          + "setting (--guide PHOTO), not in the expression");
    }
    int open = s.indexOf('(');
    if (open > 0 && s.endsWith(")")) {
      return FeatureTermText.parse(s.substring(0, open), s.substring(open + 1, s.length() - 1), text);
    }
    boolean squares = s.endsWith("^2");
    if (squares) {
      s = s.substring(0, s.length() - 2);
    }
    int colon = s.indexOf(':');
    int[] channels = null;
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
    if (!s.matches(LAYER_NAME)) {
      throw new BadOptionException("objective '" + text + "': '" + s + "' is not a layer name");
    }
    if (channels != null) {
      return Objective.channels(s, channels);
    }
    return squares ? Objective.meanOfSquares(s) : Objective.mean(s);
  }
}
