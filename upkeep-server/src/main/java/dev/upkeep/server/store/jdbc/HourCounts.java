package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.UsageFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Counts a partial day (a {@link DayPlan.Span}) into {@link UsageCells}: from the hour rollups
 * ({@code rollup_hours}) for its whole hours when the day is sealed with them ({@link DaySealer}),
 * and from the raw events ({@link RawCounts}) for at most two partial hours; from the raw events
 * alone when it is not. Stateless.
 */
final class HourCounts {
  private static final String HOURS =
      " FROM rollup_hours"
          + " WHERE project_id = ? AND kind = ? AND dim = ? AND hour >= ? AND hour <= ?";
  private static final String COUNTS = "SELECT bucket, hits, runs, failures" + HOURS;
  private static final String USERS = "SELECT bucket, bitmap" + HOURS;

  private HourCounts() {}

  /**
   * Adds the span's events to its day's cells.
   *
   * @param sealed whether the span's day is sealed with hour rollups, so that they are complete
   */
  static void read(
      Connection c,
      UsageFilter f,
      Dimension by,
      DayPlan.Span span,
      boolean sealed,
      UsageCells cells)
      throws SQLException {
    long h = DaySealer.MILLIS_PER_HOUR;
    long firstHour = Math.floorDiv(span.from() + h - 1, h);
    long lastHour = Math.floorDiv(span.to() + 1, h) - 1;
    if (!sealed || firstHour > lastHour) {
      RawCounts.read(c, f, by, span.day(), span.from(), span.to(), cells);
      return;
    }
    if (span.from() < firstHour * h) {
      RawCounts.read(c, f, by, span.day(), span.from(), firstHour * h - 1, cells);
    }
    hours(c, f, by, span.day(), (int) firstHour, (int) lastHour, cells);
    if (span.to() > (lastHour + 1) * h - 1) {
      RawCounts.read(c, f, by, span.day(), (lastHour + 1) * h, span.to(), cells);
    }
  }

  private static void hours(
      Connection c, UsageFilter f, Dimension by, int day, int first, int last, UsageCells cells)
      throws SQLException {
    boolean users = f.metric() == Metric.USERS;
    try (PreparedStatement ps = c.prepareStatement(users ? USERS : COUNTS)) {
      ps.setLong(1, f.projectId());
      ps.setString(2, f.kind());
      ps.setString(3, by == null ? RollupBuckets.TOTAL : by.id());
      ps.setInt(4, first);
      ps.setInt(5, last);
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UsageCells.Cell cell = cells.day(rs.getString(1), day);
          if (users) {
            cell.addUsers(Bitmaps.fromBytes(rs.getBytes(2)));
          } else {
            cell.hits += rs.getLong(2);
            cell.runs += rs.getLong(3);
            cell.failures += rs.getLong(4);
          }
        }
      }
    }
  }
}
