package dev.upkeep.server.store.jdbc;

import dev.upkeep.protocol.Json;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.store.Bucket;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.StorageUnavailableException;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.UsageFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events in the {@code events} table and their rollups. Appends use plain batched JDBC (the hot
 * path) and keep the rollups in the same transaction ({@link RollupBatch}, {@link UserOrdinals},
 * {@link RollupWriter}); queries are answered by {@link RollupQuery}.
 */
final class JdbcEventStore implements EventStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcEventStore.class);
  private static final String INSERT_EVENT =
      "INSERT INTO events (event_id, project_id, kind, ts, day, version, language,"
          + " language_version, user_id, session_id, user_type, platform, container, is_ci,"
          + " status, status_desc, error_type, error_desc, attributes)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (event_id) DO NOTHING";

  private final DataSource ds;
  private final String name;
  private final Jdbi jdbi;
  private final RollupQuery queries;
  private final UserOrdinals ordinals = new UserOrdinals();
  private final RollupWriter rollups = new RollupWriter();

  JdbcEventStore(DataSource ds, Jdbi jdbi, Dialect dialect, String name) {
    this.ds = ds;
    this.name = name;
    this.jdbi = jdbi;
    this.queries = new RollupQuery(ds, dialect);
  }

  /**
   * Stores the events and their rollups in one transaction.
   *
   * @throws StorageUnavailableException when the disk is full, read-only or failing (the
   *     transaction was rolled back)
   * @throws SQLException for any other failure
   */
  @Override
  public synchronized int[] append(List<UsageEvent> events) throws SQLException {
    try {
      return appendOnce(events);
    } catch (SQLException | RuntimeException e) {
      if (StorageFaults.translate(e, name) instanceof StorageUnavailableException u) {
        throw u;
      }
      throw e;
    }
  }

  private int[] appendOnce(List<UsageEvent> events) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ins = c.prepareStatement(INSERT_EVENT)) {
        for (UsageEvent e : events) {
          bindEvent(ins, e);
          ins.addBatch();
        }
        int[] stored = ins.executeBatch();
        List<UsageEvent> added = storedOnly(events, stored);
        int[] users = ordinals.resolve(c, added);
        RollupBatch batch = new RollupBatch();
        for (int i = 0; i < users.length; i++) {
          add(batch, added.get(i), users[i]);
        }
        rollups.write(c, batch);
        c.commit();
        ordinals.commit();
        rollups.commit();
        return stored;
      } catch (SQLException | RuntimeException e) {
        ordinals.abort();
        rollups.abort();
        try {
          c.rollback();
        } catch (SQLException r) {
          // SQLite rolls back by itself after SQLITE_FULL or an I/O error; keep the cause
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

  /** The events the batch stored (update count 1), in order; duplicates (0) are left out. */
  private static List<UsageEvent> storedOnly(List<UsageEvent> events, int[] stored)
      throws SQLException {
    List<UsageEvent> out = new ArrayList<>(events.size());
    for (int i = 0; i < stored.length; i++) {
      if (stored[i] == 1) {
        out.add(events.get(i));
      } else if (stored[i] != 0) {
        throw new SQLException(
            "the JDBC driver did not report which events were stored (update count "
                + stored[i]
                + "); rollups need per-row counts (PostgreSQL: do not set"
                + " reWriteBatchedInserts)");
      }
    }
    return out;
  }

  private static void add(RollupBatch batch, UsageEvent e, int ordinal) {
    batch.add(
        e.projectId(),
        e.kind(),
        day(e),
        e.version(),
        e.platform(),
        e.container(),
        e.ci(),
        e.status().name(),
        e.languageVersion(),
        e.errorType(),
        ordinal);
  }

  private static int day(UsageEvent e) {
    return (int) Math.floorDiv(e.timestamp().toEpochMilli(), DayPlan.MILLIS_PER_DAY);
  }

  private static void bindEvent(PreparedStatement ps, UsageEvent e) throws SQLException {
    setNullable(ps, 1, e.eventId());
    ps.setLong(2, e.projectId());
    ps.setString(3, e.kind());
    ps.setLong(4, e.timestamp().toEpochMilli());
    ps.setInt(5, day(e));
    ps.setString(6, e.version());
    setNullable(ps, 7, e.language());
    setNullable(ps, 8, e.languageVersion());
    setNullable(ps, 9, e.userId());
    setNullable(ps, 10, e.sessionId());
    ps.setString(11, e.userType().wireName());
    ps.setString(12, e.platform());
    ps.setString(13, e.container());
    ps.setInt(14, e.ci() ? 1 : 0);
    ps.setString(15, e.status().name());
    setNullable(ps, 16, e.statusDesc());
    setNullable(ps, 17, e.errorType());
    setNullable(ps, 18, e.errorDesc());
    setNullable(ps, 19, e.attributes().isEmpty() ? null : attributesJson(e.attributes()));
  }

  private static String attributesJson(List<Map.Entry<String, String>> pairs) {
    List<Object> out = new ArrayList<>(pairs.size());
    for (Map.Entry<String, String> p : pairs) {
      out.add(List.of(p.getKey(), p.getValue()));
    }
    return Json.write(out);
  }

  private static void setNullable(PreparedStatement ps, int i, String value) throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, value);
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
  public long total() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM events").mapTo(Long.class).one());
  }

  @Override
  public synchronized long rebuildRollups() {
    long started = System.nanoTime();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        long events = RollupRebuild.run(c);
        c.commit();
        rollups.clear();
        LOG.info(
            "rollups rebuilt from {} events in {} ms",
            events,
            (System.nanoTime() - started) / 1_000_000);
        return events;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("rebuilding the rollups failed: " + e.getMessage(), e);
    }
  }

  /**
   * Rebuilds the rollups if the schema migration asked for it ({@code rollup_state}): once, on the
   * first start after the upgrade that introduced them. A store without events only clears the
   * request.
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
    LOG.info("first start after the upgrade to rollups: computing them from the stored events");
    rebuildRollups();
  }
}
