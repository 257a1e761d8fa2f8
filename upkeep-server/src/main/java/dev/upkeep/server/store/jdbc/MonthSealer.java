package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.jdbc.SealRows.Due;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.roaringbitmap.RoaringBitmap;

/**
 * Sums the daily rollups of the months that are over into month rollups ({@code rollup_months}) and
 * seals them ({@code rollup_seals.complete = 1}), so that queries read one row per month and
 * bucket. A month is summed once it has been over for {@value #SETTLE_DAYS} days (most late events
 * have arrived by then; a later one unseals it, {@link Seals}).
 *
 * <p>Exact with concurrent appends, on both stores, without blocking them: the seal's {@code gen}
 * is read first, then the month's days (a snapshot), and the seal is completed only if {@code gen}
 * is still the one read ({@code UPDATE … WHERE gen = ?}, which on PostgreSQL waits for an append
 * that unsealed it meanwhile and then finds the new {@code gen}). An append that stored an event of
 * the month after the days were read has bumped {@code gen} (the summing is dropped and tried again
 * at the next run); one that committed before is in the days read. Thread-safe.
 */
final class MonthSealer {
  /** Days a month must have been over before it is summed: {@value}. */
  static final int SETTLE_DAYS = 2;

  private static final String DAY_COUNTS =
      "SELECT bucket, hits, runs, failures FROM rollup_counts"
          + " WHERE project_id = ? AND kind = ? AND dim = ? AND day >= ? AND day <= ?";
  private static final String DAY_USERS =
      "SELECT bucket, bitmap FROM rollup_users"
          + " WHERE project_id = ? AND kind = ? AND dim = ? AND day >= ? AND day <= ?";
  private static final String CLEAR =
      "DELETE FROM rollup_months WHERE project_id = ? AND kind = ? AND month = ?";
  private static final String INSERT =
      "INSERT INTO rollup_months"
          + " (project_id, kind, dim, month, bucket, hits, runs, failures, users, bitmap)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** One bucket's month. */
  private static final class Sum {
    long hits;
    long runs;
    long failures;
    final RoaringBitmap users = new RoaringBitmap();
  }

  private final DataSource ds;

  MonthSealer(DataSource ds) {
    this.ds = ds;
  }

  /**
   * Sums and seals every month that has been over for {@value #SETTLE_DAYS} days at {@code now} and
   * is not sealed.
   *
   * @return the number of months sealed (a month unsealed meanwhile by an append is not)
   * @throws SQLException when the store failed; the months sealed before stay sealed
   */
  int sealDue(Instant now) throws SQLException {
    int today = (int) Math.floorDiv(now.toEpochMilli(), DayPlan.MILLIS_PER_DAY);
    int before = RollupMonths.start(today - SETTLE_DAYS + 1);
    List<Due> due;
    try (Connection c = ds.getConnection()) {
      due = SealRows.due(c, Grain.MONTH, before);
    }
    int sealed = 0;
    for (Due d : due) {
      if (seal(d)) {
        sealed++;
      }
    }
    return sealed;
  }

  private boolean seal(Due d) throws SQLException {
    Map<String, Map<String, Sum>> sums = read(d);
    return SealRows.seal(ds, Grain.MONTH, d, false, c -> write(c, d, sums));
  }

  /** The month's daily rollups summed, per dimension and bucket. */
  private Map<String, Map<String, Sum>> read(Due d) throws SQLException {
    Map<String, Map<String, Sum>> sums = new TreeMap<>();
    int last = RollupMonths.end(d.first());
    try (Connection c = ds.getConnection();
        PreparedStatement counts = c.prepareStatement(DAY_COUNTS);
        PreparedStatement users = c.prepareStatement(DAY_USERS)) {
      for (String dim : RollupBuckets.DIMS) {
        Map<String, Sum> byBucket = new HashMap<>();
        bind(counts, d, dim, last);
        try (ResultSet rs = counts.executeQuery()) {
          while (rs.next()) {
            Sum s = byBucket.computeIfAbsent(rs.getString(1), b -> new Sum());
            s.hits += rs.getLong(2);
            s.runs += rs.getLong(3);
            s.failures += rs.getLong(4);
          }
        }
        bind(users, d, dim, last);
        try (ResultSet rs = users.executeQuery()) {
          while (rs.next()) {
            Sum s = byBucket.computeIfAbsent(rs.getString(1), b -> new Sum());
            s.users.or(Bitmaps.fromBytes(rs.getBytes(2)));
          }
        }
        if (!byBucket.isEmpty()) {
          sums.put(dim, byBucket);
        }
      }
    }
    return sums;
  }

  private static void bind(PreparedStatement ps, Due d, String dim, int last) throws SQLException {
    ps.setLong(1, d.projectId());
    ps.setString(2, d.kind());
    ps.setString(3, dim);
    ps.setInt(4, d.first());
    ps.setInt(5, last);
  }

  private static void write(Connection c, Due d, Map<String, Map<String, Sum>> sums)
      throws SQLException {
    try (PreparedStatement clear = c.prepareStatement(CLEAR)) {
      clear.setLong(1, d.projectId());
      clear.setString(2, d.kind());
      clear.setInt(3, d.first());
      clear.executeUpdate();
    }
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (Map.Entry<String, Map<String, Sum>> dim : sums.entrySet()) {
        for (Map.Entry<String, Sum> b : dim.getValue().entrySet()) {
          Sum s = b.getValue();
          insert.setLong(1, d.projectId());
          insert.setString(2, d.kind());
          insert.setString(3, dim.getKey());
          insert.setInt(4, d.first());
          insert.setString(5, b.getKey());
          insert.setLong(6, s.hits);
          insert.setLong(7, s.runs);
          insert.setLong(8, s.failures);
          insert.setLong(9, s.users.getLongCardinality());
          insert.setBytes(10, Bitmaps.toBytes(s.users));
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
  }
}
