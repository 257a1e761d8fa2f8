package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.UsageFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Counts the raw events of a part of one day (of a {@link DayPlan.Span}) into {@link UsageCells},
 * with the same buckets as the rollups ({@link RollupBuckets#sql}). Reads the index range {@code
 * (project_id, kind, ts)}; users are read as the ordinal stored with each event ({@link #ORDINAL}).
 */
final class RawCounts {
  private static final String WHERE =
      " WHERE e.project_id = ? AND e.kind = ? AND e.ts >= ? AND e.ts <= ?";

  /**
   * The ordinal of an event's user: stored with the event since migration V13, looked up in {@code
   * users} for an event stored before (null without a user id).
   */
  static final String ORDINAL =
      "COALESCE(e.user_ordinal, (SELECT u.ordinal FROM users u"
          + " WHERE u.project_id = e.project_id AND u.user_id = e.user_id))";

  private RawCounts() {}

  /**
   * Adds the events of {@code [from, to]}, all on UTC day {@code day}, to that day's cells, in the
   * buckets of {@code by} (null: the totals).
   */
  static void read(
      Connection c, UsageFilter f, Dimension by, int day, long from, long to, UsageCells cells)
      throws SQLException {
    String bucket = by == null ? "''" : RollupBuckets.sql(by);
    String condition = by == null ? "" : RollupBuckets.sqlCondition(by);
    boolean users = f.metric() == Metric.USERS;
    String sql =
        users
            ? "SELECT " + bucket + ", " + ORDINAL + " FROM events e" + WHERE + condition
            : "SELECT "
                + bucket
                + ", COUNT(*), "
                // hits alone: no column of the row is needed, so the count is read from the
                // index (project_id, kind, ts) without visiting the table
                + (f.metric() == Metric.HITS
                    ? "0, 0"
                    : "SUM(" + RollupBuckets.SQL_RUN + "), SUM(" + RollupBuckets.SQL_FAILURE + ")")
                + " FROM events e"
                + WHERE
                + condition
                + (by == null ? "" : " GROUP BY 1");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, f.projectId());
      ps.setString(2, f.kind());
      ps.setLong(3, from);
      ps.setLong(4, to);
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UsageCells.Cell cell = cells.day(rs.getString(1), day);
          if (users) {
            int ordinal = rs.getInt(2);
            cell.addUser(rs.wasNull() ? -1 : ordinal);
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
