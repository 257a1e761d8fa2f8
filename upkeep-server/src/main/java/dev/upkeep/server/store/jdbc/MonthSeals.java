package dev.upkeep.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The appender's side of the month rollups: in the transaction that stores a batch, each month the
 * batch adds to gets its {@code rollup_seals} row, so that {@link MonthSealer} finds it once it is
 * over, and a month before the writer's current month is unsealed (a new {@code gen}, {@code
 * complete = 0}): a late event never leaves a month's sums stale, they are just not used until the
 * month is summed again. The current month's row is inserted once ({@code ON CONFLICT DO NOTHING},
 * which locks nothing) and then remembered, so an append of today's events usually writes nothing
 * here. Months are written in one order ({@link #ORDER}), so that concurrent appends on PostgreSQL
 * do not deadlock.
 *
 * <p>Like {@link RollupWriter}, what a transaction learnt is remembered only once it committed
 * ({@link #commit}). Thread-safe: PostgreSQL's appends run concurrently.
 */
final class MonthSeals {
  private static final String MARK =
      "INSERT INTO rollup_seals (project_id, kind, month) VALUES (?, ?, ?)"
          + " ON CONFLICT (project_id, kind, month) DO NOTHING";
  private static final String UNSEAL =
      "INSERT INTO rollup_seals (project_id, kind, month, gen, complete) VALUES (?, ?, ?, 1, 0)"
          + " ON CONFLICT (project_id, kind, month)"
          + " DO UPDATE SET gen = rollup_seals.gen + 1, complete = 0";

  /** A project's events of one kind in one month. */
  record Month(long projectId, String kind, int month) {}

  static final Comparator<Month> ORDER =
      Comparator.comparingLong(Month::projectId)
          .thenComparing(Month::kind)
          .thenComparingInt(Month::month);

  /** Most current months remembered as marked: {@value}. */
  private static final int KNOWN = 4096;

  private final Clock clock;
  private final Set<Month> known = ConcurrentHashMap.newKeySet();

  MonthSeals(Clock clock) {
    this.clock = clock;
  }

  /**
   * Marks or unseals, in {@code c}'s transaction, the months the batch adds to.
   *
   * @return the months marked, for {@link #commit} once the transaction committed
   */
  List<Month> write(Connection c, RollupBatch batch) throws SQLException {
    int current = RollupMonths.current(clock);
    TreeSet<Month> months = new TreeSet<>(ORDER);
    int lastDay = Integer.MIN_VALUE;
    int lastMonth = 0;
    for (RollupKey key : batch.counts().keySet()) {
      if (key.day() != lastDay) {
        lastDay = key.day();
        lastMonth = RollupMonths.start(lastDay);
      }
      Month m = new Month(key.projectId(), key.kind(), lastMonth);
      if (lastMonth < current || !known.contains(m)) {
        months.add(m);
      }
    }
    List<Month> marked = new ArrayList<>();
    if (months.isEmpty()) {
      return marked;
    }
    try (PreparedStatement mark = c.prepareStatement(MARK);
        PreparedStatement unseal = c.prepareStatement(UNSEAL)) {
      boolean marks = false;
      boolean unseals = false;
      for (Month m : months) {
        PreparedStatement ps = m.month() < current ? unseal : mark;
        ps.setLong(1, m.projectId());
        ps.setString(2, m.kind());
        ps.setInt(3, m.month());
        ps.addBatch();
        if (m.month() < current) {
          unseals = true;
        } else {
          marks = true;
          marked.add(m);
        }
      }
      if (unseals) {
        unseal.executeBatch();
      }
      if (marks) {
        mark.executeBatch();
      }
    }
    return marked;
  }

  /** The transaction that marked {@code months} committed: they are remembered. */
  void commit(List<Month> months) {
    if (known.size() + months.size() > KNOWN) {
      known.clear();
    }
    known.addAll(months);
  }

  /** Forgets every remembered month (after the rollups were rebuilt). */
  void clear() {
    known.clear();
  }
}
