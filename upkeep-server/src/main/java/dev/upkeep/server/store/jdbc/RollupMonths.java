package dev.upkeep.server.store.jdbc;

import java.time.Clock;
import java.time.LocalDate;

/**
 * The months of the month rollups ({@code rollup_months}, {@code rollup_seals}; migration V13): a
 * month is named by the UTC epoch day of its first day. Stateless, thread-safe.
 */
final class RollupMonths {
  private RollupMonths() {}

  /** The first day of the month of {@code day} (UTC epoch days). */
  static int start(int day) {
    LocalDate d = LocalDate.ofEpochDay(day);
    return (int) d.minusDays(d.getDayOfMonth() - 1L).toEpochDay();
  }

  /** The last day of the month starting on {@code month}. */
  static int end(int month) {
    LocalDate first = LocalDate.ofEpochDay(month);
    return (int) first.plusMonths(1).toEpochDay() - 1;
  }

  /** The first day of the month after the one starting on {@code month}. */
  static int next(int month) {
    return end(month) + 1;
  }

  /** The month of the clock's day. */
  static int current(Clock clock) {
    return start((int) Math.floorDiv(clock.millis(), DayPlan.MILLIS_PER_DAY));
  }
}
