package dev.upkeep.server.settings;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as settings write them: a whole number with a unit, {@code 500ms}, {@code 3s}, {@code
 * 15m}, {@code 1h}, {@code 14d}; a bare number is seconds. {@link #format} writes the largest unit
 * that is exact. Public for the other settings records of the server (e.g. {@code
 * dev.upkeep.server.store.jdbc.DatabaseSettings}); stateless, thread-safe.
 */
public final class DurationText {
  private static final Pattern TEXT = Pattern.compile("^(\\d{1,12})\\s*(ms|s|m|min|h|d)?$");

  private DurationText() {}

  /**
   * Reads a duration.
   *
   * @throws IllegalArgumentException naming the setting for anything else
   */
  public static Duration parse(String setting, String text) {
    Matcher m = TEXT.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          setting + " must be a duration such as 500ms, 3s, 15m or 1h, was \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m", "min" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /** {@code 500ms}, {@code 3s}, {@code 15m}, {@code 1h}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
