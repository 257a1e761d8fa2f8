package dev.upkeep.server.api.badge;

import java.time.Duration;

/** The periods a badge counts over, and the unit its value is written in. */
enum BadgePeriod {
  WEEK("7d", "week", 7),
  MONTH("30d", "month", 30),
  QUARTER("90d", "quarter", 90),
  YEAR("365d", "year", 365);

  /** The period when the request names none. */
  static final BadgePeriod DEFAULT = MONTH;

  final String id;
  final String unit;
  final Duration length;

  BadgePeriod(String id, String unit, int days) {
    this.id = id;
    this.unit = unit;
    this.length = Duration.ofDays(days);
  }

  /**
   * The period of a {@code period} query parameter: {@code 7d}, {@code 30d} (the default, also when
   * {@code null}), {@code 90d} or {@code 365d}.
   *
   * @throws IllegalArgumentException naming the parameter and the accepted values
   */
  static BadgePeriod parse(String id) {
    if (id == null || id.isBlank()) {
      return DEFAULT;
    }
    for (BadgePeriod p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "Query parameter \"period\" must be one of 7d, 30d, 90d, 365d, was \"" + id + "\".");
  }
}
