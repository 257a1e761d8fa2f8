package dev.upkeep.server.settings;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as settings write them, with the JVM's suffixes: {@code 512k}, {@code 256m}, {@code 1g}
 * (powers of 1024, upper or lower case, an optional {@code b} or {@code ib} after the letter); a
 * bare number is bytes. Stateless, thread-safe.
 */
public final class ByteText {
  private static final Pattern TEXT = Pattern.compile("^(\\d{1,15})\\s*(?:([kmgt])(?:i?b)?|b)?$");

  private ByteText() {}

  /**
   * Reads a size in bytes.
   *
   * @throws IllegalArgumentException naming the setting for anything else, or a size past {@link
   *     Long#MAX_VALUE}
   */
  public static long parse(String setting, String text) {
    Matcher m = TEXT.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          setting + " must be a size such as 512k, 256m or 1g, was \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    int shift =
        m.group(2) == null
            ? 0
            : switch (m.group(2)) {
              case "k" -> 10;
              case "m" -> 20;
              case "g" -> 30;
              default -> 40;
            };
    if (n > Long.MAX_VALUE >> shift) {
      throw new IllegalArgumentException(setting + " is too large, was \"" + text + "\"");
    }
    return n << shift;
  }

  /** The largest exact unit: {@code 1g}, {@code 256m}, {@code 512k}, or bytes. */
  public static String format(long bytes) {
    for (String unit : new String[] {"t", "g", "m", "k"}) {
      int shift = unit.equals("t") ? 40 : unit.equals("g") ? 30 : unit.equals("m") ? 20 : 10;
      if (bytes > 0 && bytes % (1L << shift) == 0) {
        return (bytes >> shift) + unit;
      }
    }
    return Long.toString(bytes);
  }
}
