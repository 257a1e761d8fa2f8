package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.jdbc.SealRows.Due;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.roaringbitmap.RoaringBitmap;

/**
 * Sums the events of the days that are over into hour rollups ({@code rollup_hours}) and seals
 * them, so that a query whose first or last day is partial reads whole hours from the rollups and
 * at most two partial hours of raw events, however many events a day holds. A day is summed once it
 * has been over for {@value #SETTLE_DAYS} day (a later event unseals it, {@link Seals}).
 *
 * <p>Exact with concurrent appends as {@link MonthSealer} is: the seal's {@code gen} is read first,
 * then the day's events, and the seal is completed only if {@code gen} did not change. Thread-safe.
 */
final class DaySealer {
  /** Days a day must have been over before it is summed: {@value}. */
  static final int SETTLE_DAYS = 1;

  static final long MILLIS_PER_HOUR = 3_600_000L;

  private static final String MIN_EVENTS = "SELECT hourly_min_events FROM rollup_state";
  private static final String COUNT =
      "SELECT COUNT(*) FROM events WHERE project_id = ? AND kind = ? AND ts >= ? AND ts <= ?";

  private static final String EVENTS =
      "SELECT e.ts, e.version, e.platform, e.container, e.is_ci, e.status, e.language_version,"
          + " e.error_type, "
          + RawCounts.ORDINAL
          + " FROM events e WHERE e.project_id = ? AND e.kind = ? AND e.ts >= ? AND e.ts <= ?";
  private static final String CLEAR =
      "DELETE FROM rollup_hours"
          + " WHERE project_id = ? AND kind = ? AND dim = ? AND hour >= ? AND hour <= ?";
  private static final String INSERT =
      "INSERT INTO rollup_hours"
          + " (project_id, kind, dim, hour, bucket, hits, runs, failures, users, bitmap)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final DataSource ds;

  DaySealer(DataSource ds) {
    this.ds = ds;
  }

  /**
   * Sums and seals every day that has been over for {@value #SETTLE_DAYS} day at {@code now} and is
   * not sealed.
   *
   * @return the number of days sealed (a day unsealed meanwhile by an append is not)
   * @throws SQLException when the store failed; the days sealed before stay sealed
   */
  int sealDue(Instant now) throws SQLException {
    int today = (int) Math.floorDiv(now.toEpochMilli(), DayPlan.MILLIS_PER_DAY);
    List<Due> due;
    long minEvents;
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(MIN_EVENTS);
        ResultSet rs = ps.executeQuery()) {
      minEvents = rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
      due = SealRows.due(c, Grain.DAY, today - SETTLE_DAYS);
    }
    int sealed = 0;
    for (Due d : due) {
      if (seal(d, minEvents)) {
        sealed++;
      }
    }
    return sealed;
  }

  private boolean seal(Due d, long minEvents) throws SQLException {
    RollupBatch hours = events(d) >= minEvents ? read(d) : null;
    return SealRows.seal(ds, Grain.DAY, d, hours != null, c -> write(c, d, hours));
  }

  /** The day's events (an index-only count). */
  private long events(Due d) throws SQLException {
    long from = d.first() * DayPlan.MILLIS_PER_DAY;
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(COUNT)) {
      ps.setLong(1, d.projectId());
      ps.setString(2, d.kind());
      ps.setLong(3, from);
      ps.setLong(4, from + DayPlan.MILLIS_PER_DAY - 1);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The day's events summed per hour: a {@link RollupBatch} whose "day" is the UTC epoch hour. */
  private RollupBatch read(Due d) throws SQLException {
    RollupBatch hours = new RollupBatch();
    long from = d.first() * DayPlan.MILLIS_PER_DAY;
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(EVENTS)) {
      ps.setLong(1, d.projectId());
      ps.setString(2, d.kind());
      ps.setLong(3, from);
      ps.setLong(4, from + DayPlan.MILLIS_PER_DAY - 1);
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int ordinal = rs.getInt(9);
          if (rs.wasNull()) {
            ordinal = -1;
          }
          hours.add(
              d.projectId(),
              d.kind(),
              (int) Math.floorDiv(rs.getLong(1), MILLIS_PER_HOUR),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              rs.getInt(5) != 0,
              rs.getString(6),
              rs.getString(7),
              rs.getString(8),
              ordinal);
        }
      }
    }
    return hours;
  }

  /** Replaces the day's hour rows by {@code hours} (none when null). */
  private static void write(Connection c, Due d, RollupBatch hours) throws SQLException {
    int firstHour = d.first() * 24;
    try (PreparedStatement clear = c.prepareStatement(CLEAR)) {
      for (String dim : RollupBuckets.DIMS) {
        clear.setLong(1, d.projectId());
        clear.setString(2, d.kind());
        clear.setString(3, dim);
        clear.setInt(4, firstHour);
        clear.setInt(5, firstHour + 23);
        clear.addBatch();
      }
      clear.executeBatch();
    }
    if (hours == null || hours.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (Map.Entry<RollupKey, long[]> e : hours.counts().entrySet()) {
        RollupKey key = e.getKey();
        RoaringBitmap users = hours.users().get(key);
        RollupWriter.bindKey(insert, key);
        insert.setLong(6, e.getValue()[0]);
        insert.setLong(7, e.getValue()[1]);
        insert.setLong(8, e.getValue()[2]);
        insert.setLong(9, users.getLongCardinality());
        insert.setBytes(10, Bitmaps.toBytes(users));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
