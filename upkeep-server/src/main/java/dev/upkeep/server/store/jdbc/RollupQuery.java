package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.Bucket;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.UsageAnswer;
import dev.upkeep.server.store.UsageFilter;
import dev.upkeep.server.store.UsageQuestion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.sql.DataSource;

/**
 * Answers usage queries from the rollups, in one read transaction (a snapshot: repeatable read on
 * PostgreSQL, a WAL read transaction on SQLite), so that a batch committed meanwhile is seen
 * entirely or not at all. The range is cut by {@link DayPlan} into whole UTC days and at most two
 * partial days; of the whole days, each sealed month inside them is read from the month rollups
 * (one row per bucket), the other days from the daily rollups, the partial days from the raw events
 * (index {@code events (project_id, kind, ts)}). So the rows read grow with the months and buckets
 * of the range, not with its days or events. A daily series reads the daily rollups of every day.
 * Thread-safe.
 */
final class RollupQuery {
  private static final String RANGE =
      " WHERE project_id = ? AND kind = ? AND dim = ? AND day >= ? AND day <= ?";
  private static final String COUNTS =
      "SELECT day, bucket, hits, runs, failures FROM rollup_counts" + RANGE;
  private static final String USERS = "SELECT day, bucket, users FROM rollup_users" + RANGE;
  private static final String USER_BITMAPS =
      "SELECT day, bucket, users, bitmap FROM rollup_users" + RANGE;
  private static final String SEALED =
      "SELECT first_day FROM rollup_seals WHERE project_id = ? AND kind = ? AND grain = ?"
          + " AND complete = 1 AND first_day >= ? AND first_day <= ? ORDER BY first_day";
  private static final String HOURLY =
      "SELECT 1 FROM rollup_seals WHERE project_id = ? AND kind = ? AND grain = ?"
          + " AND first_day = ? AND complete = 1 AND hourly = 1";
  private static final String MONTHS =
      " FROM rollup_months"
          + " WHERE project_id = ? AND kind = ? AND dim = ? AND month >= ? AND month <= ?";
  private static final String MONTH_COUNTS = "SELECT month, bucket, hits, runs, failures" + MONTHS;
  private static final String MONTH_USERS = "SELECT month, bucket, users, bitmap" + MONTHS;

  /** How a row read from the daily rollups is filed. */
  private interface Filing {
    /** The cell for the row's bucket and day, or null to skip the row. */
    UsageCells.Cell cell(String bucket, int day);
  }

  /** Work inside one read transaction. */
  private interface InSnapshot<T> {
    T run(Snapshot s) throws SQLException;
  }

  /**
   * One read transaction and what its questions share: per kind, the {@link DayPlan} of the range
   * and the sealed months inside it.
   */
  private static final class Snapshot {
    final Connection c;
    final long projectId;
    final long from;
    final long to;
    private final Map<String, DayPlan> plans = new HashMap<>();
    private final Map<String, List<Integer>> sealed = new HashMap<>();

    Snapshot(Connection c, long projectId, Instant from, Instant to) {
      this.c = c;
      this.projectId = projectId;
      this.from = from.toEpochMilli();
      this.to = to.toEpochMilli();
    }

    DayPlan plan(String kind) throws SQLException {
      DayPlan p = plans.get(kind);
      if (p == null) {
        p = DayPlan.of(c, projectId, kind, from, to);
        plans.put(kind, p);
      }
      return p;
    }

    /** Whether a day is sealed with hour rollups (asked for the partial days of a plan). */
    boolean hourly(String kind, int day) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(HOURLY)) {
        ps.setLong(1, projectId);
        ps.setString(2, kind);
        ps.setString(3, Grain.DAY.code);
        ps.setInt(4, day);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    }

    List<Integer> sealed(String kind) throws SQLException {
      List<Integer> m = sealed.get(kind);
      if (m == null) {
        m = RollupQuery.sealed(c, projectId, kind, plan(kind));
        sealed.put(kind, m);
      }
      return m;
    }
  }

  private final DataSource ds;
  private final Dialect dialect;

  RollupQuery(DataSource ds, Dialect dialect) {
    this.ds = ds;
    this.dialect = dialect;
  }

  /** The filter's metric over its whole range. */
  long count(UsageFilter f) {
    return inSnapshot(f.projectId(), f.from(), f.to(), s -> total(s, f));
  }

  /** See {@link dev.upkeep.server.store.EventStore#breakdown(UsageFilter, Dimension, boolean)}. */
  List<Bucket> breakdown(UsageFilter f, Dimension by, boolean overDays) {
    if (by == Dimension.DAY && overDays) {
      throw new IllegalArgumentException("over=day needs a breakdown other than by=day");
    }
    return inSnapshot(f.projectId(), f.from(), f.to(), s -> breakdown(s, f, by, overDays));
  }

  /** See {@link dev.upkeep.server.store.EventStore#view}. */
  void view(
      long projectId,
      Instant from,
      Instant to,
      List<UsageQuestion> questions,
      BiConsumer<UsageQuestion, UsageAnswer> answers) {
    inSnapshot(
        projectId,
        from,
        to,
        s -> {
          Map<String, Long> totals = new HashMap<>();
          for (UsageQuestion q : questions) {
            UsageFilter f = new UsageFilter(projectId, from, to, q.metric(), q.kind());
            String key = q.kind() + "\n" + q.metric();
            Long total = totals.get(key);
            if (total == null) {
              total = total(s, f);
              totals.put(key, total);
            }
            List<Bucket> buckets =
                q.by() == null ? List.of() : breakdown(s, f, q.by(), q.overDays());
            answers.accept(q, new UsageAnswer(total, buckets));
          }
          return null;
        });
  }

  private static long total(Snapshot s, UsageFilter f) throws SQLException {
    UsageCells.Cells total = cells(s, f, null, false).buckets().get("");
    return total == null ? 0 : total.total(f.metric());
  }

  private static List<Bucket> breakdown(Snapshot s, UsageFilter f, Dimension by, boolean overDays)
      throws SQLException {
    if (by == Dimension.DAY) {
      UsageCells.Cells total = dayCells(s, f).buckets().get("");
      return series(f, dates(f), total == null ? Map.of() : total.days());
    }
    UsageCells cells = cells(s, f, by, overDays);
    List<String> dates = overDays ? dates(f) : List.of();
    List<Bucket> out = new ArrayList<>(cells.buckets().size());
    for (Map.Entry<String, UsageCells.Cells> b : cells.buckets().entrySet()) {
      long count = b.getValue().total(f.metric());
      List<Bucket> series = overDays ? series(f, dates, b.getValue().days()) : List.of();
      out.add(new Bucket(b.getKey(), count, series));
    }
    return out;
  }

  /** A bucket's daily series: one bucket per date of {@link #dates}, zeros included. */
  private static List<Bucket> series(
      UsageFilter f, List<String> dates, Map<Integer, UsageCells.Cell> byDay) {
    int first = day(f.from().toEpochMilli());
    List<Bucket> out = new ArrayList<>(dates.size());
    for (int i = 0; i < dates.size(); i++) {
      UsageCells.Cell c = byDay.get(first + i);
      out.add(new Bucket(dates.get(i), c == null ? 0 : c.value(f.metric())));
    }
    return out;
  }

  /** Every day of the filter's range as {@code YYYY-MM-DD}. */
  private static List<String> dates(UsageFilter f) {
    int first = day(f.from().toEpochMilli());
    int last = day(f.to().toEpochMilli());
    List<String> out = new ArrayList<>(last - first + 1);
    for (int d = first; d <= last; d++) {
      out.add(LocalDate.ofEpochDay(d).toString());
    }
    return out;
  }

  private static int day(long millis) {
    return (int) Math.floorDiv(millis, DayPlan.MILLIS_PER_DAY);
  }

  /**
   * Reads the cells of {@code by} (null: the totals, bucket {@code ""}) over the filter's range,
   * with every part its total needs; with {@code series}, also a cell for every day.
   */
  private static UsageCells cells(Snapshot s, UsageFilter f, Dimension by, boolean series)
      throws SQLException {
    String dim = by == null ? RollupBuckets.TOTAL : by.id();
    boolean users = f.metric() == Metric.USERS;
    Connection c = s.c;
    DayPlan plan = s.plan(f.kind());
    UsageCells cells = new UsageCells();
    if (plan.rollupFrom() <= plan.rollupTo()) {
      List<Integer> sealed = s.sealed(f.kind());
      if (!sealed.isEmpty()) {
        fromMonths(c, f, dim, sealed, cells);
      }
      int from = plan.rollupFrom();
      for (int month : sealed) {
        if (from < month) {
          fromDays(c, f, dim, from, month - 1, users, cells::day);
        }
        from = RollupMonths.next(month);
      }
      if (from <= plan.rollupTo()) {
        fromDays(c, f, dim, from, plan.rollupTo(), users, cells::day);
      }
      if (series && !sealed.isEmpty()) {
        Set<Integer> months = new HashSet<>(sealed);
        int last = RollupMonths.end(sealed.get(sealed.size() - 1));
        fromDays(
            c,
            f,
            dim,
            sealed.get(0),
            last,
            false,
            (bucket, day) ->
                months.contains(RollupMonths.start(day)) ? cells.seriesDay(bucket, day) : null);
      }
    }
    partialDays(s, f, by, plan, cells);
    return cells;
  }

  /** Reads the totals' cell of every day of the range, for a daily series (no bitmaps). */
  private static UsageCells dayCells(Snapshot s, UsageFilter f) throws SQLException {
    DayPlan plan = s.plan(f.kind());
    UsageCells cells = new UsageCells();
    if (plan.rollupFrom() <= plan.rollupTo()) {
      fromDays(s.c, f, RollupBuckets.TOTAL, plan.rollupFrom(), plan.rollupTo(), false, cells::day);
    }
    partialDays(s, f, null, plan, cells);
    return cells;
  }

  /** Reads the plan's partial days from the raw events. */
  private static void partialDays(
      Snapshot s, UsageFilter f, Dimension by, DayPlan plan, UsageCells cells) throws SQLException {
    for (DayPlan.Span span : plan.raw()) {
      HourCounts.read(s.c, f, by, span, s.hourly(f.kind(), span.day()), cells);
    }
  }

  /** Runs {@code work} in one read transaction. */
  private <T> T inSnapshot(long projectId, Instant from, Instant to, InSnapshot<T> work) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      if (dialect == Dialect.POSTGRES) {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      }
      try {
        T result = work.run(new Snapshot(c, projectId, from, to));
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(
          "usage query of project "
              + projectId
              + " from "
              + from
              + " to "
              + to
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  /** The sealed months that lie wholly inside the plan's whole days, in order. */
  private static List<Integer> sealed(Connection c, long projectId, String kind, DayPlan plan)
      throws SQLException {
    List<Integer> months = new ArrayList<>();
    if (plan.rollupFrom() > plan.rollupTo()) {
      return months;
    }
    try (PreparedStatement ps = c.prepareStatement(SEALED)) {
      ps.setLong(1, projectId);
      ps.setString(2, kind);
      ps.setString(3, Grain.MONTH.code);
      ps.setInt(4, plan.rollupFrom());
      ps.setInt(5, plan.rollupTo());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int month = rs.getInt(1);
          if (RollupMonths.end(month) <= plan.rollupTo()) {
            months.add(month);
          }
        }
      }
    }
    return months;
  }

  private static void fromMonths(
      Connection c, UsageFilter f, String dim, List<Integer> sealed, UsageCells cells)
      throws SQLException {
    boolean users = f.metric() == Metric.USERS;
    try (PreparedStatement ps = c.prepareStatement(users ? MONTH_USERS : MONTH_COUNTS)) {
      ps.setLong(1, f.projectId());
      ps.setString(2, f.kind());
      ps.setString(3, dim);
      ps.setInt(4, sealed.get(0));
      ps.setInt(5, sealed.get(sealed.size() - 1));
      ps.setFetchSize(1000);
      Set<Integer> months = new HashSet<>(sealed);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!months.contains(rs.getInt(1))) {
            continue; // summed before a late event unsealed it
          }
          UsageCells.Cell cell = cells.month(rs.getString(2));
          if (users) {
            cell.users = rs.getLong(3);
            cell.bitmap = Bitmaps.fromBytes(rs.getBytes(4));
          } else {
            cell.hits = rs.getLong(3);
            cell.runs = rs.getLong(4);
            cell.failures = rs.getLong(5);
          }
        }
      }
    }
  }

  /**
   * Reads the daily rollups of {@code [from, to]} into the cells {@code filing} gives.
   *
   * @param bitmaps whether users need their bitmaps (a union over days), not only daily counts
   */
  private static void fromDays(
      Connection c, UsageFilter f, String dim, int from, int to, boolean bitmaps, Filing filing)
      throws SQLException {
    boolean users = f.metric() == Metric.USERS;
    String sql = !users ? COUNTS : bitmaps ? USER_BITMAPS : USERS;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, f.projectId());
      ps.setString(2, f.kind());
      ps.setString(3, dim);
      ps.setInt(4, from);
      ps.setInt(5, to);
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UsageCells.Cell cell = filing.cell(rs.getString(2), rs.getInt(1));
          if (cell == null) {
            continue;
          }
          if (users) {
            cell.users = rs.getLong(3);
            if (bitmaps) {
              cell.bitmap = Bitmaps.fromBytes(rs.getBytes(4));
            }
          } else {
            cell.hits = rs.getLong(3);
            cell.runs = rs.getLong(4);
            cell.failures = rs.getLong(5);
          }
        }
      }
    }
  }
}
