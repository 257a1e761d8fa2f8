package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.store.Bucket;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.UsageAnswer;
import dev.upkeep.server.store.UsageFilter;
import dev.upkeep.server.store.UsageQuestion;
import dev.upkeep.server.store.fault.StorageUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events in the {@code events} table and their rollups. Appends keep the rollups in the same
 * transaction, through the dialect's {@link EventAppender}; queries are answered by {@link
 * RollupQuery}.
 */
final class JdbcEventStore implements EventStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcEventStore.class);
  private final DataSource ds;
  private final String name;
  private final Jdbi jdbi;
  private final RollupQuery queries;
  private final Dialect dialect;
  private final EventAppender appender;
  private final MonthSealer months;
  private final DaySealer days;

  private final Clock clock;

  /** {@code clock} says which days and months are past when the rollups are rebuilt. */
  JdbcEventStore(
      DataSource ds, Jdbi jdbi, Dialect dialect, String name, EventAppender appender, Clock clock) {
    this.clock = clock;
    this.ds = ds;
    this.name = name;
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.appender = appender;
    this.queries = new RollupQuery(ds, dialect);
    this.months = new MonthSealer(ds);
    this.days = new DaySealer(ds);
  }

  /**
   * Stores the events and their rollups in one transaction ({@link SqliteAppender} or {@link
   * PostgresAppender}).
   *
   * @throws StorageUnavailableException when the disk is full, read-only or failing (the
   *     transaction was rolled back)
   * @throws SQLException for any other failure
   */
  @Override
  public int[] append(List<UsageEvent> events) throws SQLException {
    try {
      return appender.append(events);
    } catch (SQLException | RuntimeException e) {
      if (StorageFaults.translate(e, name) instanceof StorageUnavailableException u) {
        throw u;
      }
      throw e;
    }
  }

  /** Closes what the appender holds open (SQLite's writer connection), at the store's close. */
  void closeAppender() {
    try {
      appender.close();
    } catch (SQLException e) {
      LOG.warn("closing the writer connection of {}: {}", name, e.toString());
    }
  }

  @Override
  public long count(UsageFilter f) {
    return queries.count(f);
  }

  @Override
  public List<Bucket> breakdown(UsageFilter f, Dimension by, boolean overDays) {
    return queries.breakdown(f, by, overDays);
  }

  @Override
  public void view(
      long projectId,
      Instant from,
      Instant to,
      List<UsageQuestion> questions,
      BiConsumer<UsageQuestion, UsageAnswer> answers) {
    queries.view(projectId, from, to, questions, answers);
  }

  @Override
  public long total() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM events").mapTo(Long.class).one());
  }

  @Override
  public long rebuildRollups() {
    // SQLite: no append of this collector runs meanwhile (SqliteAppender locks itself), so none
    // merges into a rebuilt bitmap from its cache. PostgreSQL: the table lock below does that for
    // every collector, and the rebuilt rows' new revisions invalidate every cache.
    long events = rebuild();
    rollUpPast(clock.instant());
    return events;
  }

  @Override
  public int rollUpPast(Instant now) {
    long started = System.nanoTime();
    try {
      int monthsSummed = months.sealDue(now);
      int daysSummed = days.sealDue(now);
      if (monthsSummed + daysSummed > 0) {
        LOG.info(
            "summed {} months of daily rollups and {} days of events into hours in {} ms",
            monthsSummed,
            daysSummed,
            (System.nanoTime() - started) / 1_000_000);
      }
      return monthsSummed + daysSummed;
    } catch (SQLException e) {
      throw new StoreException("summing months and days failed: " + e.getMessage(), e);
    }
  }

  private long rebuild() {
    long started = System.nanoTime();
    long events = rewriting("rebuilding the rollups", RollupRebuild::run);
    LOG.info(
        "rollups rebuilt from {} events in {} ms",
        events,
        (System.nanoTime() - started) / 1_000_000);
    return events;
  }

  /** Work on one connection in its transaction. */
  interface Rewrite<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction that no append adds to meanwhile: none of this collector
   * (the appender is held) and, on PostgreSQL, none of any collector (the rollup tables are locked
   * until the commit; reads go on). Then the appender's caches are dropped, since the work rewrote
   * rollups (and may have deleted users rows).
   *
   * @param what what is done, for the {@link StoreException}'s message
   * @throws StoreException when the work or the commit failed; nothing of it was committed
   */
  <T> T rewriting(String what, Rewrite<T> work) {
    synchronized (appender) {
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        try {
          if (dialect == Dialect.POSTGRES) {
            lockRollups(c);
          }
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          appender.rollupsRebuilt();
          c.setAutoCommit(true);
        }
      } catch (SQLException e) {
        throw new StoreException(what + " failed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void dropCaches() {
    synchronized (appender) {
      appender.rollupsRebuilt();
    }
  }

  /**
   * Makes the rebuild exact while other collectors write: every writer that wrote rollups has
   * committed when the lock is granted (its events are read), and every other waits for the rebuild
   * to commit before it adds its increments (its events are not read). Reads go on.
   */
  private static void lockRollups(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("LOCK TABLE rollup_counts, rollup_users IN EXCLUSIVE MODE");
    }
  }

  /**
   * Rebuilds the rollups if the schema migration asked for it ({@code rollup_state}): once, on the
   * first start after an upgrade that changed what they hold (V4 introduced them, V17 added
   * failures). A store without events only clears the request.
   */
  void rebuildIfNeeded() {
    int needed =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT rebuild_needed FROM rollup_state WHERE id = 1")
                    .mapTo(Integer.class)
                    .findOne()
                    .orElse(0));
    if (needed == 0) {
      return;
    }
    if (total() == 0) {
      jdbi.useHandle(h -> h.execute("UPDATE rollup_state SET rebuild_needed = 0"));
      return;
    }
    LOG.info("first start after a schema upgrade of the rollups: computing them from the events");
    rebuildRollups();
  }
}
