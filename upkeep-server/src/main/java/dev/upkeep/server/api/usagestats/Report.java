package dev.upkeep.server.api.usagestats;

import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.Bodies;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A usagestats report as usagestats 1.0.1 uploads it: one {@code key:value} line per pair, LF
 * terminated, UTF-8; the key is the text before the first colon (values may hold colons), order and
 * duplicates kept (PROTOCOLS.md section 2.2). Immutable.
 */
final class Report {
  /** The date line's value: seconds, a dot, milliseconds not zero-padded. */
  private static final Pattern DATE = Pattern.compile("^([0-9]{2,12})\\.([0-9]{1,3})$");

  /** Most lines (pairs) in one report: {@value} (usagestats 1.0.1 sends about 15). */
  static final int MAX_PAIRS = 1000;

  private final List<Map.Entry<String, String>> pairs;

  private Report(List<Map.Entry<String, String>> pairs) {
    this.pairs = List.copyOf(pairs);
  }

  /**
   * Splits a body into its pairs; a line without a colon is a key with an empty value. Linear in
   * the body.
   *
   * @throws IllegalArgumentException {@code invalid encoding} when the body is not UTF-8, {@code
   *     too many lines} past {@value #MAX_PAIRS} non-empty lines
   */
  static Report parse(byte[] body) {
    String text;
    try {
      text = Bodies.utf8(body);
    } catch (ApiException e) {
      throw new IllegalArgumentException("invalid encoding");
    }
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl;
      String line = text.substring(start, end);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (!line.isEmpty()) {
        if (pairs.size() == MAX_PAIRS) {
          throw new IllegalArgumentException("too many lines (the limit is " + MAX_PAIRS + ")");
        }
        int colon = line.indexOf(':');
        pairs.add(
            colon < 0
                ? new AbstractMap.SimpleImmutableEntry<>(line, "")
                : new AbstractMap.SimpleImmutableEntry<>(
                    line.substring(0, colon), line.substring(colon + 1)));
      }
      start = end + 1;
    }
    return new Report(pairs);
  }

  /** Every pair in order. */
  List<Map.Entry<String, String>> pairs() {
    return pairs;
  }

  /** The value of the first pair with this key, or null. */
  String first(String key) {
    for (Map.Entry<String, String> p : pairs) {
      if (p.getKey().equals(key)) {
        return p.getValue();
      }
    }
    return null;
  }

  /**
   * The report's time from its {@code date} line, in epoch milliseconds.
   *
   * @throws IllegalStateException with usagestats' reference messages {@code missing date field} or
   *     {@code invalid date}
   */
  long dateMillis() {
    String date = first("date");
    if (date == null) {
      throw new IllegalStateException("missing date field");
    }
    Matcher m = DATE.matcher(date);
    if (!m.matches()) {
      throw new IllegalStateException("invalid date");
    }
    return Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2));
  }

  /**
   * The Python version of the {@code python} flag ({@code 3;11;7;final;0;...} is {@code 3.11.7}),
   * or null.
   */
  String pythonVersion() {
    String python = first("python");
    if (python == null) {
      return null;
    }
    String[] parts = python.split(";");
    return parts.length >= 3 ? parts[0] + "." + parts[1] + "." + parts[2] : null;
  }

  /** The platform from the {@code system} flag ({@code Linux;6.1} is {@code linux}), or null. */
  String platform() {
    String system = first("system");
    if (system == null || system.isBlank()) {
      return null;
    }
    int semi = system.indexOf(';');
    return (semi < 0 ? system : system.substring(0, semi))
        .trim()
        .toLowerCase(java.util.Locale.ROOT);
  }
}
