package dev.upkeep.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;

/**
 * Recomputes every rollup from the {@code events} table on the caller's connection and transaction:
 * deletes the rollups, then reads the events in index order (project, kind, ts), sums one project,
 * kind and day at a time in a {@link RollupBatch} and writes it. Memory holds one day of one
 * project at a time. The month and hour rollups are deleted and every month and day with events
 * gets an unsealed {@code rollup_seals} row, for {@link MonthSealer} and {@link DaySealer} to sum.
 * Clears {@code rollup_state.rebuild_needed}.
 */
final class RollupRebuild {
  private static final String EVENTS =
      "SELECT e.project_id, e.kind, e.day, e.version, e.platform, e.container, e.is_ci,"
          + " e.status, e.language_version, e.error_type, e.user_id, u.ordinal"
          + " FROM events e LEFT JOIN users u"
          + " ON u.project_id = e.project_id AND u.user_id = e.user_id"
          + " ORDER BY e.project_id, e.kind, e.ts";

  /** A month or day with events, to be summed once it is over ({@link Seals}). */
  private static final String SEAL_ROW =
      "INSERT INTO rollup_seals (project_id, kind, grain, first_day) VALUES (?, ?, ?, ?)";

  private RollupRebuild() {}

  /**
   * Rebuilds in {@code c}'s transaction (the caller commits).
   *
   * @return the number of events summarised
   * @throws SQLException when an event's user has no ordinal (a {@code users} row is missing)
   */
  static long run(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM rollup_counts");
      s.executeUpdate("DELETE FROM rollup_users");
      s.executeUpdate("DELETE FROM rollup_months");
      s.executeUpdate("DELETE FROM rollup_hours");
      s.executeUpdate("DELETE FROM rollup_seals");
    }
    long events = 0;
    try (PreparedStatement counts = c.prepareStatement(RollupWriter.UPSERT_COUNTS);
        PreparedStatement users = c.prepareStatement(RollupWriter.UPSERT_USERS);
        PreparedStatement seals = c.prepareStatement(SEAL_ROW);
        Statement read = c.createStatement()) {
      read.setFetchSize(10_000);
      RollupBatch batch = new RollupBatch();
      long project = -1;
      String kind = null;
      int day = Integer.MIN_VALUE;
      int month = Integer.MIN_VALUE;
      try (ResultSet rs = read.executeQuery(EVENTS)) {
        while (rs.next()) {
          long p = rs.getLong(1);
          String k = rs.getString(2);
          int d = rs.getInt(3);
          if (p != project || d != day || !Objects.equals(k, kind)) {
            flush(batch, counts, users);
            seal(seals, p, k, Grain.DAY, d);
            int m = RollupMonths.start(d);
            if (p != project || m != month || !Objects.equals(k, kind)) {
              seal(seals, p, k, Grain.MONTH, m);
              month = m;
            }
            batch = new RollupBatch();
            project = p;
            kind = k;
            day = d;
          }
          String userId = rs.getString(11);
          int ordinal = rs.getInt(12);
          if (rs.wasNull()) {
            if (userId != null) {
              throw new SQLException(
                  "user " + userId + " of project " + p + " has no users row with an ordinal");
            }
            ordinal = -1;
          }
          batch.add(
              p,
              k,
              d,
              rs.getString(4),
              rs.getString(5),
              rs.getString(6),
              rs.getInt(7) != 0,
              rs.getString(8),
              rs.getString(9),
              rs.getString(10),
              ordinal);
          events++;
        }
      }
      flush(batch, counts, users);
      seals.executeBatch();
    }
    try (Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE rollup_state SET rebuild_needed = 0");
    }
    return events;
  }

  private static void seal(
      PreparedStatement seals, long project, String kind, Grain grain, int first)
      throws SQLException {
    seals.setLong(1, project);
    seals.setString(2, kind);
    seals.setString(3, grain.code);
    seals.setInt(4, first);
    seals.addBatch();
  }

  /** Writes a batch's sums with {@link RollupWriter}'s upserts (into rows deleted before). */
  static void flush(RollupBatch batch, PreparedStatement counts, PreparedStatement users)
      throws SQLException {
    if (batch.isEmpty()) {
      return;
    }
    RollupWriter.addCounts(counts, batch);
    for (Map.Entry<RollupKey, org.roaringbitmap.RoaringBitmap> e : batch.users().entrySet()) {
      RollupWriter.bindKey(users, e.getKey());
      users.setLong(6, e.getValue().getLongCardinality());
      users.setBytes(7, Bitmaps.toBytes(e.getValue()));
      users.addBatch();
    }
    users.executeBatch();
  }
}
