package dev.upkeep.server.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The time a demo covers: {@code days} UTC calendar days, the last of which ends at {@code end} (so
 * it may be partial), e.g. 365 days up to now.
 *
 * @param first the date of day 0
 * @param days number of days, at least 1
 * @param end the first instant after the range
 */
record Range(LocalDate first, int days, Instant end) {
  static final long DAY_MS = 86_400_000L;

  /** The range of {@code days} days whose last day ends at {@code end}. */
  static Range ending(Instant end, int days) {
    LocalDate last = end.minusMillis(1).atZone(ZoneOffset.UTC).toLocalDate();
    return new Range(last.minusDays(days - 1L), days, end);
  }

  /** Epoch milliseconds of the start of day {@code d}. */
  long dayMillis(int d) {
    return (first.toEpochDay() + d) * DAY_MS;
  }

  long endMillis() {
    return end.toEpochMilli();
  }

  /** The part of the last day inside the range, in (0, 1]. */
  double lastDayFraction() {
    return (endMillis() - dayMillis(days - 1)) / (double) DAY_MS;
  }

  /** Day {@code d}'s place in the range: 0 on the first day, 1 on the last. */
  double progress(int d) {
    return days == 1 ? 1 : d / (double) (days - 1);
  }

  LocalDate date(int d) {
    return first.plusDays(d);
  }
}
