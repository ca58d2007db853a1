package dev.deepdream.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;

/**
 * Parses a JavaScript object literal as minifiers write it (unquoted keys, {@code !0}/{@code !1}
 * for true/false, numbers like {@code .001}) into Gson's tree, without running any JavaScript.
 * Plain JSON is a subset, so this also reads ordinary JSON.
 */
final class JsLiteral {
  private final String src;
  private int pos;

  private JsLiteral(String src, int pos) {
    this.src = src;
    this.pos = pos;
  }

  /** Parses the whole text as one value. */
  public static JsonElement parse(String text) {
    JsLiteral p = new JsLiteral(text, 0);
    JsonElement value = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return value;
  }

  /** Parses one value that starts at {@code start} and ignores what follows it. */
  public static JsonElement parseAt(String text, int start) {
    return new JsLiteral(text, start).value();
  }

  private JsonElement value() {
    skipSpace();
    if (pos >= src.length()) {
      throw error("unexpected end of text");
    }
    char c = src.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
      case '\'':
        return new JsonPrimitive(string());
      case '!':
        // Minified booleans: !0 is true, !1 is false.
        if (src.startsWith("!0", pos)) {
          pos += 2;
          return new JsonPrimitive(true);
        }
        if (src.startsWith("!1", pos)) {
          pos += 2;
          return new JsonPrimitive(false);
        }
        throw error("unsupported expression after '!'");
      default:
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
          return number();
        }
        String word = identifier();
        switch (word) {
          case "true":
            return new JsonPrimitive(true);
          case "false":
            return new JsonPrimitive(false);
          case "null":
            return JsonNull.INSTANCE;
          case "NaN":
            return new JsonPrimitive(Double.NaN);
          case "Infinity":
            return new JsonPrimitive(Double.POSITIVE_INFINITY);
          default:
            throw error("unsupported identifier '" + word + "'");
        }
    }
  }

  private JsonObject object() {
    JsonObject obj = new JsonObject();
    pos++; // {
    while (true) {
      skipSpace();
      if (peek() == '}') {
        pos++;
        return obj;
      }
      String key;
      char c = peek();
      if (c == '"' || c == '\'') {
        key = string();
      } else if (Character.isDigit(c)) {
        key = number().getAsString();
      } else {
        key = identifier();
      }
      skipSpace();
      expect(':');
      obj.add(key, value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != '}') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private JsonArray array() {
    JsonArray arr = new JsonArray();
    pos++; // [
    while (true) {
      skipSpace();
      if (peek() == ']') {
        pos++;
        return arr;
      }
      arr.add(value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != ']') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    char quote = src.charAt(pos++);
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= src.length()) {
        throw error("unterminated string");
      }
      char c = src.charAt(pos++);
      if (c == quote) {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = src.charAt(pos++);
      switch (e) {
        case 'n': sb.append('\n'); break;
        case 't': sb.append('\t'); break;
        case 'r': sb.append('\r'); break;
        case 'b': sb.append('\b'); break;
        case 'f': sb.append('\f'); break;
        case 'u':
          sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
          pos += 4;
          break;
        default: sb.append(e);
      }
    }
  }

  private JsonPrimitive number() {
    int start = pos;
    if (peek() == '-' || peek() == '+') {
      pos++;
    }
    while (pos < src.length()) {
      char c = src.charAt(pos);
      boolean exponentSign = (c == '-' || c == '+') && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E');
      if (Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || exponentSign) {
        pos++;
      } else {
        break;
      }
    }
    String text = src.substring(start, pos);
    try {
      return new JsonPrimitive(new BigDecimal(text.startsWith("+") ? text.substring(1) : text));
    } catch (NumberFormatException e) {
      throw error("bad number '" + text + "'");
    }
  }

  private String identifier() {
    int start = pos;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        pos++;
      } else {
        break;
      }
    }
    if (start == pos) {
      throw error("unexpected character '" + peek() + "'");
    }
    return src.substring(start, pos);
  }

  private void skipSpace() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  private char peek() {
    if (pos >= src.length()) {
      throw error("unexpected end of text");
    }
    return src.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("JavaScript literal: " + what + " at character " + pos);
  }
}
