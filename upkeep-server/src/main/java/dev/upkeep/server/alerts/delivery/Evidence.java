package dev.upkeep.server.alerts.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alert's evidence: JSON values only, so every destination can write it. Allowed: {@code null},
 * {@link String}, {@link Boolean}, the integral numbers ({@link Integer}, {@link Long}, {@link
 * Short}, {@link Byte}, {@link BigInteger}), finite {@link Double}s and {@link Float}s, {@link
 * BigDecimal}, and {@link Map}s with string keys and {@link Collection}s of those, nested. Copies
 * are unmodifiable and keep the iteration order.
 */
final class Evidence {
  private Evidence() {}

  /**
   * An unmodifiable, order-keeping deep copy.
   *
   * @throws IllegalArgumentException naming the path of the first value that is not JSON
   */
  static Map<String, Object> copyOf(Map<String, ?> evidence) {
    return Collections.unmodifiableMap(copyMap("evidence", evidence));
  }

  private static Map<String, Object> copyMap(String path, Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(
            path + " keys must be strings, was " + describe(e.getKey()));
      }
      copy.put(key, copyValue(path + "." + key, e.getValue()));
    }
    return copy;
  }

  private static Object copyValue(String path, Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger
        || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(path + " must be a finite number, was " + value);
      }
      return value;
    }
    if (value instanceof Map<?, ?> m) {
      return Collections.unmodifiableMap(copyMap(path, m));
    }
    if (value instanceof Collection<?> c) {
      List<Object> list = new ArrayList<>(c.size());
      int i = 0;
      for (Object item : c) {
        list.add(copyValue(path + "[" + i++ + "]", item));
      }
      return Collections.unmodifiableList(list);
    }
    throw new IllegalArgumentException(
        path
            + " must be a JSON value (string, number, boolean, null, list or map), was "
            + describe(value));
  }

  private static String describe(Object o) {
    return o == null ? "null" : o.getClass().getName();
  }

  /**
   * One value as a person reads it: strings as they are, numbers and booleans as written in JSON,
   * lists and maps as compact JSON.
   */
  static String text(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof BigDecimal b) {
      return b.toPlainString();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("evidence value cannot be written as JSON", e);
    }
  }
}
