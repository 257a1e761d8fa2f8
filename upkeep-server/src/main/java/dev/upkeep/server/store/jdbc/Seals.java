package dev.upkeep.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The appender's side of the month and hour rollups: in the transaction that stores a batch, each
 * month and day the batch adds to gets its {@code rollup_seals} row, so that the collector finds it
 * once it is over ({@link MonthSealer}, {@link DaySealer}), and a period before the writer's
 * current one is unsealed (a new {@code gen}, {@code complete = 0}): a late event never leaves a
 * period's sums stale, they are just not used until the period is summed again. The current
 * period's row is inserted once ({@code ON CONFLICT DO NOTHING}, which locks nothing) and then
 * remembered, so an append of today's events usually writes nothing here. Periods are written in
 * one order ({@link #ORDER}), so that concurrent appends on PostgreSQL do not deadlock.
 *
 * <p>Like {@link RollupWriter}, what a transaction learnt is remembered only once it committed
 * ({@link #commit}). Thread-safe: PostgreSQL's appends run concurrently.
 */
final class Seals {
  private static final String MARK =
      "INSERT INTO rollup_seals (project_id, kind, grain, first_day) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (project_id, kind, grain, first_day) DO NOTHING";

  /** Unseals a period (a new {@code gen}, not complete); also used by {@link DayRecompute}. */
  static final String UNSEAL =
      "INSERT INTO rollup_seals (project_id, kind, grain, first_day, gen, complete)"
          + " VALUES (?, ?, ?, ?, 1, 0) ON CONFLICT (project_id, kind, grain, first_day)"
          + " DO UPDATE SET gen = rollup_seals.gen + 1, complete = 0";

  /** A project's events of one kind in one period. */
  record Period(long projectId, String kind, Grain grain, int first) {}

  static final Comparator<Period> ORDER =
      Comparator.comparingLong(Period::projectId)
          .thenComparing(Period::kind)
          .thenComparing(Period::grain)
          .thenComparingInt(Period::first);

  /** Most current periods remembered as marked: {@value}. */
  private static final int KNOWN = 4096;

  private final Clock clock;
  private final Set<Period> known = ConcurrentHashMap.newKeySet();

  Seals(Clock clock) {
    this.clock = clock;
  }

  /**
   * Marks or unseals, in {@code c}'s transaction, the months and days the batch adds to.
   *
   * @return the periods marked, for {@link #commit} once the transaction committed
   */
  List<Period> write(Connection c, RollupBatch batch) throws SQLException {
    TreeSet<Period> unseal = new TreeSet<>(ORDER);
    TreeSet<Period> mark = new TreeSet<>(ORDER);
    for (Grain grain : Grain.values()) {
      int current = grain.current(clock);
      int lastDay = Integer.MIN_VALUE;
      int first = 0;
      for (RollupKey key : batch.counts().keySet()) {
        if (!key.dim().equals(RollupBuckets.TOTAL)) {
          continue; // every event has a total key: its project, kind and day are all that count
        }
        if (key.day() != lastDay) {
          lastDay = key.day();
          first = grain.start(lastDay);
        }
        Period p = new Period(key.projectId(), key.kind(), grain, first);
        if (first < current) {
          unseal.add(p);
        } else if (!known.contains(p)) {
          mark.add(p);
        }
      }
    }
    execute(c, UNSEAL, unseal);
    execute(c, MARK, mark);
    return List.copyOf(mark);
  }

  private static void execute(Connection c, String sql, Set<Period> periods) throws SQLException {
    if (periods.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Period p : periods) {
        ps.setLong(1, p.projectId());
        ps.setString(2, p.kind());
        ps.setString(3, p.grain().code);
        ps.setInt(4, p.first());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The transaction that marked {@code periods} committed: they are remembered. */
  void commit(List<Period> periods) {
    if (known.size() + periods.size() > KNOWN) {
      known.clear();
    }
    known.addAll(periods);
  }

  /** Forgets every remembered period (after the rollups were rebuilt). */
  void clear() {
    known.clear();
  }
}
