package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.Bucket;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.UsageFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Answers usage queries from the rollups for the whole UTC days of the range and from the raw
 * events (index {@code events (project_id, kind, ts)}) for a first or last day covered in part (see
 * {@link DayPlan}), in one read transaction (a snapshot: repeatable read on PostgreSQL, a WAL read
 * transaction on SQLite), so that a batch committed meanwhile is seen entirely or not at all. The
 * work grows with the number of days and buckets of the range, not with its events. Thread-safe.
 */
final class RollupQuery {
  private static final String COUNTS =
      "SELECT day, bucket, hits, runs FROM rollup_counts"
          + " WHERE project_id = ? AND kind = ? AND dim = ? AND day >= ? AND day <= ?";
  private static final String USERS =
      "SELECT day, bucket, users FROM rollup_users"
          + " WHERE project_id = ? AND kind = ? AND dim = ? AND day >= ? AND day <= ?";
  private static final String USER_BITMAPS =
      "SELECT day, bucket, users, bitmap FROM rollup_users"
          + " WHERE project_id = ? AND kind = ? AND dim = ? AND day >= ? AND day <= ?";

  private final DataSource ds;
  private final Dialect dialect;

  RollupQuery(DataSource ds, Dialect dialect) {
    this.ds = ds;
    this.dialect = dialect;
  }

  /** The filter's metric over its whole range. */
  long count(UsageFilter f) {
    UsageCells cells = read(f, null, true);
    Map<Integer, UsageCells.Cell> total = cells.buckets().get("");
    return total == null ? 0 : UsageCells.total(total, f.metric());
  }

  /** See {@link dev.upkeep.server.store.EventStore#breakdown(UsageFilter, Dimension, boolean)}. */
  List<Bucket> breakdown(UsageFilter f, Dimension by, boolean overDays) {
    if (by == Dimension.DAY) {
      if (overDays) {
        throw new IllegalArgumentException("over=day needs a breakdown other than by=day");
      }
      return days(f);
    }
    UsageCells cells = read(f, by, true);
    List<Bucket> out = new ArrayList<>(cells.buckets().size());
    for (Map.Entry<String, Map<Integer, UsageCells.Cell>> b : cells.buckets().entrySet()) {
      long count = UsageCells.total(b.getValue(), f.metric());
      List<Bucket> series = overDays ? series(f, b.getValue()) : List.of();
      out.add(new Bucket(b.getKey(), count, series));
    }
    return out;
  }

  /** The metric per day, every day of the range. */
  private List<Bucket> days(UsageFilter f) {
    UsageCells cells = read(f, null, false);
    Map<Integer, UsageCells.Cell> total = cells.buckets().getOrDefault("", Map.of());
    return series(f, total);
  }

  private static List<Bucket> series(UsageFilter f, Map<Integer, UsageCells.Cell> byDay) {
    int first = day(f.from().toEpochMilli());
    int last = day(f.to().toEpochMilli());
    List<Bucket> out = new ArrayList<>(last - first + 1);
    for (int d = first; d <= last; d++) {
      UsageCells.Cell c = byDay.get(d);
      out.add(new Bucket(LocalDate.ofEpochDay(d).toString(), c == null ? 0 : c.value(f.metric())));
    }
    return out;
  }

  private static int day(long millis) {
    return (int) Math.floorDiv(millis, DayPlan.MILLIS_PER_DAY);
  }

  /**
   * Reads the cells of {@code by} (null: the totals, bucket {@code ""}) over the filter's range.
   *
   * @param bitmaps whether users need their bitmaps (a union over days), not only daily counts
   */
  private UsageCells read(UsageFilter f, Dimension by, boolean bitmaps) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      if (dialect == Dialect.POSTGRES) {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      }
      try {
        UsageCells cells = new UsageCells();
        long from = f.from().toEpochMilli();
        long to = f.to().toEpochMilli();
        DayPlan plan = DayPlan.of(c, f.projectId(), f.kind(), from, to);
        String dim = by == null ? RollupBuckets.TOTAL : by.id();
        if (plan.rollupFrom() <= plan.rollupTo()) {
          fromRollups(c, f, dim, plan, bitmaps, cells);
        }
        for (DayPlan.Span span : plan.raw()) {
          RawCounts.read(c, f, by, span, cells);
        }
        c.commit();
        return cells;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("usage query " + f + " failed: " + e.getMessage(), e);
    }
  }

  private static void fromRollups(
      Connection c, UsageFilter f, String dim, DayPlan plan, boolean bitmaps, UsageCells cells)
      throws SQLException {
    boolean users = f.metric() == Metric.USERS;
    String sql = !users ? COUNTS : bitmaps ? USER_BITMAPS : USERS;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, f.projectId());
      ps.setString(2, f.kind());
      ps.setString(3, dim);
      ps.setInt(4, plan.rollupFrom());
      ps.setInt(5, plan.rollupTo());
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UsageCells.Cell cell = cells.cell(rs.getString(2), rs.getInt(1));
          if (users) {
            cell.users = rs.getLong(3);
            if (bitmaps) {
              cell.bitmap = Bitmaps.fromBytes(rs.getBytes(4));
            }
          } else {
            cell.hits = rs.getLong(3);
            cell.runs = rs.getLong(4);
          }
        }
      }
    }
  }
}
