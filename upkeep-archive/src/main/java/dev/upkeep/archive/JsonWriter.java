package dev.upkeep.archive;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Date;
import java.util.Map;

/**
 * Compact JSON for {@link Json#write}: strings escape {@code "}, {@code \}, control characters,
 * U+2028/U+2029 and lone surrogates (which UTF-8 cannot carry); other characters, non-ASCII
 * included, are written as they are (the body is UTF-8). A {@link Date} (a YAML 1.1 timestamp) is
 * written as its ISO-8601 instant. Stateless and thread-safe.
 */
final class JsonWriter {
  private JsonWriter() {}

  /**
   * Writes {@code value} as compact JSON.
   *
   * @throws IllegalArgumentException for a type JSON has no form for, or a non-finite number
   */
  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out, int depth) {
    if (depth > RecordYaml.MAX_DEPTH) {
      throw new IllegalArgumentException("nested deeper than " + RecordYaml.MAX_DEPTH + " levels");
    }
    if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence s) {
      string(s, out);
    } else if (value instanceof Boolean
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("JSON has no form for the number " + d);
      }
      out.append(d);
    } else if (value instanceof BigDecimal b) {
      out.append(b.toString());
    } else if (value instanceof Date d) {
      string(d.toInstant().toString(), out);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(String.valueOf(e.getKey()), out);
        out.append(':');
        write(e.getValue(), out, depth + 1);
      }
      out.append('}');
    } else if (value instanceof Iterable<?> list) {
      out.append('[');
      boolean first = true;
      for (Object v : list) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(v, out, depth + 1);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException(
          "JSON has no form for a " + value.getClass().getSimpleName());
    }
  }

  private static void string(CharSequence s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || loneSurrogate(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** A surrogate that is not half of a pair: escaped, as UTF-8 cannot carry it. */
  private static boolean loneSurrogate(CharSequence s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
  }
}
