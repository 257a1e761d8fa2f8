package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.PrivacyStore.Pruned;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.roaringbitmap.RoaringBitmap;

/**
 * Deletes a project's events before a UTC day and their part of every rollup, exactly, in the
 * caller's transaction ({@link JdbcPrivacyStore#prune}). Whole days go, so their daily and hour
 * rollups are deleted rather than recomputed; a month before the day goes whole; the month the day
 * falls in loses its month rollups and is unsealed, to be summed again from the days left. Users
 * left without an event are the users rows whose ordinal is in no daily user bitmap left.
 */
final class RetentionPrune {
  private static final long DAY_MS = DayPlan.MILLIS_PER_DAY;

  private RetentionPrune() {}

  /** Whether the project has a day before {@code beforeDay} stored (a probe of its day seals). */
  static boolean due(DataSource ds, long projectId, int beforeDay) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT 1 FROM rollup_seals WHERE project_id = ? AND grain = ? AND first_day < ?"
                    + " LIMIT 1")) {
      ps.setLong(1, projectId);
      ps.setString(2, Grain.DAY.code);
      ps.setInt(3, beforeDay);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      return true; // let the pruning transaction tell what is wrong
    }
  }

  /** Prunes in {@code c}'s transaction (the caller commits). */
  static Pruned run(Connection c, long projectId, int beforeDay) throws SQLException {
    int month = RollupMonths.start(beforeDay);
    long events =
        update(
            c, "DELETE FROM events WHERE project_id = ? AND ts < ?", projectId, beforeDay * DAY_MS);
    update(c, "DELETE FROM rollup_counts WHERE project_id = ? AND day < ?", projectId, beforeDay);
    update(c, "DELETE FROM rollup_users WHERE project_id = ? AND day < ?", projectId, beforeDay);
    update(
        c,
        "DELETE FROM rollup_hours WHERE project_id = ? AND hour < ?",
        projectId,
        beforeDay * 24L);
    update(
        c,
        "DELETE FROM rollup_seals WHERE project_id = ? AND grain = 'd' AND first_day < ?",
        projectId,
        beforeDay);
    update(
        c,
        "DELETE FROM rollup_seals WHERE project_id = ? AND grain = 'm' AND first_day < ?",
        projectId,
        month);
    if (beforeDay > month) {
      // the month is cut: its sums are summed again from the days it keeps
      update(c, "DELETE FROM rollup_months WHERE project_id = ? AND month <= ?", projectId, month);
      update(
          c,
          "UPDATE rollup_seals SET gen = gen + 1, complete = 0"
              + " WHERE project_id = ? AND grain = 'm' AND first_day = ?",
          projectId,
          month);
    } else {
      update(c, "DELETE FROM rollup_months WHERE project_id = ? AND month < ?", projectId, month);
    }
    return new Pruned(events, deleteUsersLeftWithoutEvents(c, projectId));
  }

  /** Deletes the users rows whose ordinal is in none of the project's daily user bitmaps. */
  private static long deleteUsersLeftWithoutEvents(Connection c, long projectId)
      throws SQLException {
    List<RoaringBitmap> days = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT bitmap FROM rollup_users WHERE project_id = ? AND dim = ?")) {
      ps.setLong(1, projectId);
      ps.setString(2, RollupBuckets.TOTAL);
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          days.add(Bitmaps.fromBytes(rs.getBytes(1)));
        }
      }
    }
    RoaringBitmap kept = RoaringBitmap.or(days.iterator());
    List<String> gone = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT user_id, ordinal FROM users WHERE project_id = ?")) {
      ps.setLong(1, projectId);
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int ordinal = rs.getInt(2);
          if (rs.wasNull() || !kept.contains(ordinal)) {
            gone.add(rs.getString(1));
          }
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM users WHERE project_id = ? AND user_id = ?")) {
      for (String userId : gone) {
        ps.setLong(1, projectId);
        ps.setString(2, userId);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return gone.size();
  }

  private static long update(Connection c, String sql, long projectId, long value)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, projectId);
      ps.setLong(2, value);
      return ps.executeUpdate();
    }
  }
}
