package dev.upkeep.server.store.jdbc;

import java.time.Clock;

/**
 * A period the rollups are summed over beyond the day ({@code rollup_seals.grain}): a UTC month,
 * summed from its daily rollups into {@code rollup_months}, or a UTC day, summed from its events
 * into {@code rollup_hours}. A period is named by the UTC epoch day it starts on.
 */
enum Grain {
  MONTH("m"),
  DAY("d");

  /** The {@code rollup_seals.grain} value. */
  final String code;

  Grain(String code) {
    this.code = code;
  }

  /** The first day of the period holding {@code day} (UTC epoch days). */
  int start(int day) {
    return this == DAY ? day : RollupMonths.start(day);
  }

  /** The last day of the period starting on {@code first}. */
  int end(int first) {
    return this == DAY ? first : RollupMonths.end(first);
  }

  /** The period of the clock's day. */
  int current(Clock clock) {
    return start((int) Math.floorDiv(clock.millis(), DayPlan.MILLIS_PER_DAY));
  }
}
