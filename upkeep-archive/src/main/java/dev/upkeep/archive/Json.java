package dev.upkeep.archive;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict RFC 8259 JSON for the remote archives: the collector's and CDCS's answers, and the release
 * records CDCS stores as JSON strings. Package-private; the module has no JSON library, and
 * upkeep-protocol's codec nests only 64 levels where a record may nest {@link
 * RecordYaml#MAX_DEPTH}.
 *
 * <p>Read as plain JDK types, the types {@link RecordYaml} reads a record as: objects as {@code
 * LinkedHashMap<String, Object>} in document order, arrays as {@code ArrayList}, strings, {@code
 * Boolean}, {@code null}, integers as {@code Long} (or {@code BigInteger} beyond its range), other
 * numbers as {@code Double}. Refused with {@link IllegalArgumentException} naming the offset:
 * duplicate keys, comments, trailing commas, leading zeros, {@code NaN}, single quotes, control
 * characters in strings, bad escapes, text after the value, nesting deeper than {@link
 * RecordYaml#MAX_DEPTH}.
 *
 * <p>Written compact by {@link JsonWriter}. Thread-safe: each parse has its own reader.
 */
final class Json {
  private final String text;
  private int at;

  private Json(String text) {
    this.text = text;
  }

  /** Parses exactly one JSON value, surrounded by optional whitespace. */
  static Object parse(String text) {
    Json p = new Json(text);
    p.skipSpace();
    Object value = p.value(0);
    p.skipSpace();
    if (p.at != text.length()) {
      throw p.error("text after the JSON value");
    }
    return value;
  }

  /** Parses a JSON object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObject(String text) {
    if (parse(text) instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new IllegalArgumentException("not a JSON object");
  }

  private Object value(int depth) {
    if (at >= text.length()) {
      throw error("unexpected end of JSON");
    }
    char c = text.charAt(at);
    switch (c) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || c >= '0' && c <= '9') {
          return number();
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Map<String, Object> object(int depth) {
    checkDepth(depth);
    at++;
    Map<String, Object> map = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      at++;
      return map;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a key in double quotes");
      }
      int keyAt = at;
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      if (map.containsKey(key)) {
        at = keyAt;
        throw error("duplicate key \"" + key + "\"");
      }
      map.put(key, value(depth));
      skipSpace();
      char c = next();
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        at--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) {
    checkDepth(depth);
    at++;
    List<Object> list = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      at++;
      return list;
    }
    while (true) {
      skipSpace();
      list.add(value(depth));
      skipSpace();
      char c = next();
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        at--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private void checkDepth(int depth) {
    if (depth > RecordYaml.MAX_DEPTH) {
      throw error("nested deeper than " + RecordYaml.MAX_DEPTH + " levels");
    }
  }

  private String string() {
    at++;
    StringBuilder out = null;
    int start = at;
    while (true) {
      if (at >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(at);
      if (c == '"') {
        String s = out == null ? text.substring(start, at) : out.append(text, start, at).toString();
        at++;
        return s;
      }
      if (c < 0x20) {
        throw error("control character U+" + String.format("%04X", (int) c) + " in a string");
      }
      if (c != '\\') {
        at++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder();
      }
      out.append(text, start, at);
      at++;
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(hex4());
        default -> {
          at--;
          throw error("bad escape '\\" + e + "'");
        }
      }
      start = at;
    }
  }

  private char hex4() {
    if (at + 4 > text.length()) {
      throw error("truncated \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(text.charAt(at + i), 16);
      if (d < 0) {
        throw error("bad \\u escape");
      }
      v = v * 16 + d;
    }
    at += 4;
    return (char) v;
  }

  private Object number() {
    int start = at;
    if (peek() == '-') {
      at++;
    }
    if (peek() == '0') {
      at++;
      if (isDigit(peek())) {
        throw error("leading zero in a number");
      }
    } else if (!digits()) {
      throw error("expected a digit");
    }
    boolean integer = true;
    if (peek() == '.') {
      at++;
      integer = false;
      if (!digits()) {
        throw error("expected a digit after '.'");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      at++;
      integer = false;
      if (peek() == '+' || peek() == '-') {
        at++;
      }
      if (!digits()) {
        throw error("expected a digit in the exponent");
      }
    }
    String n = text.substring(start, at);
    if (integer) {
      BigInteger big = new BigInteger(n);
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }
    double d = Double.parseDouble(n);
    if (Double.isInfinite(d)) {
      at = start;
      throw error("number out of range");
    }
    return d;
  }

  private boolean digits() {
    int start = at;
    while (isDigit(peek())) {
      at++;
    }
    return at > start;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw error("unexpected word");
    }
    at += word.length();
    return value;
  }

  private void skipSpace() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  private char peek() {
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private char next() {
    if (at >= text.length()) {
      throw error("unexpected end of JSON");
    }
    return text.charAt(at++);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    at++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("not valid JSON: " + what + " at offset " + at);
  }

  /**
   * Writes {@code value} as compact JSON; see {@link JsonWriter}.
   *
   * @throws IllegalArgumentException for a type JSON has no form for, or a non-finite number
   */
  static String write(Object value) {
    return JsonWriter.write(value);
  }
}
