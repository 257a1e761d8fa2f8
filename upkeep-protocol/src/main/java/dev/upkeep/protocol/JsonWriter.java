package dev.upkeep.protocol;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Compact JSON writer behind {@link Json#write(Object, StringBuilder)}; stateless. */
final class JsonWriter {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonWriter() {}

  static void write(Object value, StringBuilder out, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      writeString((String) value, out);
    } else if (value instanceof Boolean) {
      out.append(((Boolean) value).booleanValue());
    } else if (value instanceof Number) {
      writeNumber((Number) value, out);
    } else if (value instanceof JsonWritable) {
      ((JsonWritable) value).writeJson(out);
    } else if (value instanceof Map) {
      writeMap((Map<?, ?>) value, out, enter(depth));
    } else if (value instanceof Iterable) {
      writeIterable((Iterable<?>) value, out, enter(depth));
    } else if (value instanceof Object[]) {
      writeArray((Object[]) value, out, enter(depth));
    } else if (value instanceof Instant || value instanceof CharSequence) {
      writeString(value.toString(), out);
    } else if (value instanceof Character) {
      writeString(value.toString(), out);
    } else if (value.getClass().isArray()) {
      writePrimitiveArray(value, out, enter(depth));
    } else {
      throw new IllegalArgumentException(
          "cannot write a " + value.getClass().getName() + " as JSON");
    }
  }

  private static int enter(int depth) {
    if (depth >= JsonParser.MAX_DEPTH) {
      throw new IllegalArgumentException(
          "cannot write JSON nested deeper than " + JsonParser.MAX_DEPTH + " levels (cyclic?)");
    }
    return depth + 1;
  }

  private static void writeMap(Map<?, ?> map, StringBuilder out, int depth) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(String.valueOf(e.getKey()), out);
      out.append(':');
      write(e.getValue(), out, depth);
    }
    out.append('}');
  }

  private static void writeIterable(Iterable<?> values, StringBuilder out, int depth) {
    out.append('[');
    Iterator<?> it = values.iterator();
    if (it.hasNext()) {
      write(it.next(), out, depth);
      while (it.hasNext()) {
        out.append(',');
        write(it.next(), out, depth);
      }
    }
    out.append(']');
  }

  private static void writeArray(Object[] values, StringBuilder out, int depth) {
    out.append('[');
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      write(values[i], out, depth);
    }
    out.append(']');
  }

  private static void writePrimitiveArray(Object array, StringBuilder out, int depth) {
    out.append('[');
    int n = Array.getLength(array);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(',');
      }
      write(Array.get(array, i), out, depth);
    }
    out.append(']');
  }

  private static void writeNumber(Number n, StringBuilder out) {
    if (n instanceof Long
        || n instanceof Integer
        || n instanceof Short
        || n instanceof Byte
        || n instanceof AtomicLong
        || n instanceof AtomicInteger) {
      out.append(n.longValue());
    } else if (n instanceof Double) {
      double d = n.doubleValue();
      checkFinite(d);
      out.append(d);
    } else if (n instanceof Float) {
      float f = n.floatValue();
      checkFinite(f);
      out.append(f);
    } else if (n instanceof BigInteger || n instanceof BigDecimal) {
      out.append(n.toString());
    } else {
      double d = n.doubleValue();
      checkFinite(d);
      out.append(d);
    }
  }

  private static void checkFinite(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("cannot write " + d + " as JSON");
    }
  }

  /** Writes {@code s} as a quoted JSON string. */
  static void writeString(String s, StringBuilder out) {
    out.append('"');
    int n = s.length();
    int last = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && c != '\u2028' && c != '\u2029') {
        continue;
      }
      out.append(s, last, i);
      last = i + 1;
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          out.append("\\u")
              .append(HEX[(c >> 12) & 0xf])
              .append(HEX[(c >> 8) & 0xf])
              .append(HEX[(c >> 4) & 0xf])
              .append(HEX[c & 0xf]);
      }
    }
    out.append(s, last, n);
    out.append('"');
  }
}
