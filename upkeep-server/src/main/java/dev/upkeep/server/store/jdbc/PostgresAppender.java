package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.ingest.UsageEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * PostgreSQL's writer, correct for any number of concurrent appends in this process and in other
 * collectors on the same database. One append is a handful of set-based statements whatever the
 * number of events (arrays bound to {@code unnest}):
 *
 * <ol>
 *   <li>before the transaction: the month partitions the events need ({@link EventPartitions}), the
 *       ordinals of their users ({@link SharedOrdinals#prepare});
 *   <li>in one transaction: claim the event ids in {@code event_ids} ({@link EventIdClaim}: by
 *       {@code COPY}, and when an id was claimed before, the transaction is rolled back and run
 *       again claiming id by id, an id already claimed making its event a duplicate), create the
 *       new users of the events that are not duplicates ({@link SharedOrdinals#resolve}), copy
 *       those events in with their users' ordinals ({@link EventCopy}), add their rollups ({@link
 *       SharedRollups}), unseal the past months they fall in ({@link Seals}), commit.
 * </ol>
 *
 * <p>Rows are locked in one order by every writer (claims in batch order, users and rollup keys
 * sorted), so writers rarely deadlock; when PostgreSQL reports a deadlock or a serialization
 * failure anyway, the whole transaction is retried, at most {@value #MAX_ATTEMPTS} times. Caches
 * learn only what committed. Thread-safe.
 */
final class PostgresAppender implements EventAppender {
  /** Attempts of a transaction that PostgreSQL aborted to break a deadlock: {@value}. */
  static final int MAX_ATTEMPTS = 5;

  private final DataSource ds;
  private final EventPartitions partitions;
  private final SharedOrdinals ordinals = new SharedOrdinals();
  private final SharedRollups rollups = new SharedRollups();
  private final Seals seals;

  /** {@code clock} decides which days and months are sealed. */
  PostgresAppender(DataSource ds, EventPartitions partitions, Clock clock) {
    this.ds = ds;
    this.partitions = partitions;
    this.seals = new Seals(clock);
  }

  @Override
  public int[] append(List<UsageEvent> events) throws SQLException {
    try {
      return retrying(events, false);
    } catch (DuplicateId d) {
      return retrying(events, true);
    }
  }

  /** Appends, again after a deadlock or a serialization failure, at most {@value #MAX_ATTEMPTS}. */
  private int[] retrying(List<UsageEvent> events, boolean careful) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return appendOnce(events, careful);
      } catch (SQLException e) {
        // a DuplicateId (23505) is not retryable: it goes to append, which claims carefully
        if (!retryable(e) || attempt == MAX_ATTEMPTS) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  @Override
  public void rollupsRebuilt() {
    rollups.clear();
    seals.clear();
    ordinals.clear();
  }

  /** Deadlock detected (40P01) or serialization failure (40001): the transaction may be retried. */
  static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    return "40P01".equals(state) || "40001".equals(state);
  }

  private static void pause(int attempt) throws SQLException {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt));
    } catch (InterruptedException i) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while retrying a deadlocked transaction", i);
    }
  }

  /** {@link EventIdClaim#copy} met an id claimed before; the transaction was rolled back. */
  private static final class DuplicateId extends SQLException {
    private static final long serialVersionUID = 1L;

    DuplicateId(SQLException cause) {
      super(cause.getMessage(), cause.getSQLState(), cause);
    }
  }

  /**
   * One transaction; {@code careful} claims the ids with {@link EventIdClaim#careful}, else with
   * {@link EventIdClaim#copy} (a {@link DuplicateId} when one was claimed before).
   */
  private int[] appendOnce(List<UsageEvent> events, boolean careful) throws SQLException {
    try (Connection c = ds.getConnection()) {
      partitions.ensure(c, events);
      SharedOrdinals.Reservation users = ordinals.prepare(c, events);
      c.setAutoCommit(false);
      try {
        int[] stored = careful ? EventIdClaim.careful(c, events) : copyIds(c, events);
        List<UsageEvent> added = new ArrayList<>(events.size());
        for (int i = 0; i < stored.length; i++) {
          if (stored[i] == 1) {
            added.add(events.get(i));
          }
        }
        int[] ordinal = ordinals.resolve(c, users, added);
        EventCopy.insert(c, added, ordinal);
        RollupBatch batch = new RollupBatch();
        for (int i = 0; i < ordinal.length; i++) {
          EventColumns.addTo(batch, added.get(i), ordinal[i]);
        }
        Map<RollupKey, SharedRollups.Versioned> written = rollups.write(c, batch);
        List<Seals.Period> marked = seals.write(c, batch);
        c.commit();
        ordinals.commit(users);
        rollups.commit(written);
        seals.commit(marked);
        return stored;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      } finally {
        try {
          c.setAutoCommit(true);
        } catch (SQLException r) {
          // the pool discards a connection it cannot reset
        }
      }
    }
  }

  private static int[] copyIds(Connection c, List<UsageEvent> events) throws SQLException {
    try {
      return EventIdClaim.copy(c, events);
    } catch (SQLException e) {
      throw EventIdClaim.isDuplicate(e) ? new DuplicateId(e) : e;
    }
  }
}
