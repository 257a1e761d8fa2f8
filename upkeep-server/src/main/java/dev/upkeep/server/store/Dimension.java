package dev.upkeep.server.store;

import java.util.Locale;

/** What a usage breakdown groups by. */
public enum Dimension {
  /** UTC calendar day, keys {@code YYYY-MM-DD}. */
  DAY,
  /** The project's version. */
  VERSION,
  /** The platform, e.g. {@code linux}. */
  PLATFORM,
  /** The run status: R, C, F, S. */
  STATUS;

  /** Parses {@code day}, {@code version}, {@code platform} or {@code status}. */
  public static Dimension parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "by must be one of day, version, platform, status, was \"" + name + "\"");
    }
  }
}
