package dev.upkeep.server.privacy;

import java.util.Locale;

/**
 * A retention as the settings, the API and the CLI write it: {@code off} (0: kept for ever) or a
 * number of days, {@code 365d}, from 1 to 36 500. Stateless.
 */
public final class RetentionText {
  /** Longest retention: {@value} days (a hundred years). */
  public static final int MAX_DAYS = 36_500;

  private RetentionText() {}

  /**
   * The days of {@code text}; 0 for {@code off}.
   *
   * @throws IllegalArgumentException naming the value and the form expected
   */
  public static int parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("off")) {
      return 0;
    }
    if (t.matches("[0-9]{1,6}d")) {
      int days = Integer.parseInt(t.substring(0, t.length() - 1));
      if (days >= 1 && days <= MAX_DAYS) {
        return days;
      }
    }
    throw new IllegalArgumentException(
        "retention must be off or a number of days from 1d to "
            + MAX_DAYS
            + "d (365d), was \""
            + text
            + "\"");
  }

  /** {@code off} for 0, else {@code <days>d}. */
  public static String format(int days) {
    return days == 0 ? "off" : days + "d";
  }
}
