package dev.upkeep.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Recomputes the rollups of some days of some projects and kinds from the events left in them, in
 * the caller's transaction, after events were deleted (a user forgotten): each day's daily rollups
 * are deleted and summed again from its events, its hour rollups and its month's month rollups are
 * deleted, and its day and month are unsealed (a new {@code gen}, {@code complete = 0}) so that
 * {@link DaySealer} and {@link MonthSealer} sum them again. Until they do, queries read the days'
 * daily rollups and raw events, so every answer stays exact. The caller holds the appender (and, on
 * PostgreSQL, the rollup tables' lock) and drops its caches after the commit.
 */
final class DayRecompute {
  /** A project's events of one kind on one UTC day. */
  record Day(long projectId, String kind, int day) {}

  private static final String EVENTS =
      "SELECT e.version, e.platform, e.container, e.is_ci, e.status, e.language_version,"
          + " e.error_type, e.user_id, "
          + RawCounts.ORDINAL
          + " FROM events e WHERE e.project_id = ? AND e.kind = ? AND e.day = ?";
  private static final String DELETE_COUNTS =
      "DELETE FROM rollup_counts WHERE project_id = ? AND kind = ? AND day = ?";
  private static final String DELETE_USERS =
      "DELETE FROM rollup_users WHERE project_id = ? AND kind = ? AND day = ?";
  private static final String DELETE_HOURS =
      "DELETE FROM rollup_hours WHERE project_id = ? AND kind = ? AND hour >= ? AND hour <= ?";
  private static final String DELETE_MONTH =
      "DELETE FROM rollup_months WHERE project_id = ? AND kind = ? AND month = ?";

  private DayRecompute() {}

  /**
   * Recomputes {@code days} in {@code c}'s transaction (the caller commits).
   *
   * @throws SQLException when an event's user has neither a stored ordinal nor a users row
   */
  static void run(Connection c, Collection<Day> days) throws SQLException {
    try (PreparedStatement deleteCounts = c.prepareStatement(DELETE_COUNTS);
        PreparedStatement deleteUsers = c.prepareStatement(DELETE_USERS);
        PreparedStatement deleteHours = c.prepareStatement(DELETE_HOURS);
        PreparedStatement deleteMonth = c.prepareStatement(DELETE_MONTH);
        PreparedStatement unseal = c.prepareStatement(Seals.UNSEAL);
        PreparedStatement read = c.prepareStatement(EVENTS);
        PreparedStatement counts = c.prepareStatement(RollupWriter.UPSERT_COUNTS);
        PreparedStatement users = c.prepareStatement(RollupWriter.UPSERT_USERS)) {
      for (Day d : days) {
        for (PreparedStatement delete : new PreparedStatement[] {deleteCounts, deleteUsers}) {
          delete.setLong(1, d.projectId());
          delete.setString(2, d.kind());
          delete.setInt(3, d.day());
          delete.executeUpdate();
        }
        deleteHours.setLong(1, d.projectId());
        deleteHours.setString(2, d.kind());
        deleteHours.setInt(3, d.day() * 24);
        deleteHours.setInt(4, d.day() * 24 + 23);
        deleteHours.executeUpdate();
        int month = RollupMonths.start(d.day());
        deleteMonth.setLong(1, d.projectId());
        deleteMonth.setString(2, d.kind());
        deleteMonth.setInt(3, month);
        deleteMonth.executeUpdate();
        unseal(unseal, d, Grain.DAY, d.day());
        unseal(unseal, d, Grain.MONTH, month);
        RollupBatch batch = new RollupBatch();
        read.setLong(1, d.projectId());
        read.setString(2, d.kind());
        read.setInt(3, d.day());
        try (ResultSet rs = read.executeQuery()) {
          while (rs.next()) {
            String userId = rs.getString(8);
            int ordinal = rs.getInt(9);
            if (rs.wasNull()) {
              if (userId != null) {
                throw new SQLException(
                    "user "
                        + userId
                        + " of project "
                        + d.projectId()
                        + " has no ordinal: neither stored with the event nor in users");
              }
              ordinal = -1;
            }
            batch.add(
                d.projectId(),
                d.kind(),
                d.day(),
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getInt(4) != 0,
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                ordinal);
          }
        }
        RollupRebuild.flush(batch, counts, users);
      }
    }
  }

  private static void unseal(PreparedStatement ps, Day d, Grain grain, int first)
      throws SQLException {
    ps.setLong(1, d.projectId());
    ps.setString(2, d.kind());
    ps.setString(3, grain.code);
    ps.setInt(4, first);
    ps.executeUpdate();
  }
}
