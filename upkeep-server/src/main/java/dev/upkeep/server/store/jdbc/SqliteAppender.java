package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.ingest.UsageEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * SQLite's writer, in one transaction: finds the events already stored (an event id seen before, in
 * the store or earlier in the batch), resolves the users' ordinals of the others ({@link
 * UserOrdinals}), inserts them with their ordinal ({@code events.user_ordinal}, so that a partial
 * day's users are read without a join), then the rollups ({@link RollupWriter}) and the month seals
 * ({@link Seals}). The caches and the duplicate check are exact because SQLite has one writer: one
 * collector per file (the store's lock file) and, inside it, one append at a time (this class is
 * synchronized), on its own {@link WriterConnection} with its statements kept prepared.
 */
final class SqliteAppender implements EventAppender {
  private static final String INSERT_EVENT =
      "INSERT INTO events (event_id, project_id, kind, ts, day, version, language,"
          + " language_version, user_id, session_id, user_type, platform, container, is_ci,"
          + " status, status_desc, error_type, error_desc, attributes, user_ordinal)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String STORED_ID = "SELECT 1 FROM events WHERE event_id = ?";

  private final WriterConnection writer;
  private final UserOrdinals ordinals = new UserOrdinals();
  private final RollupWriter rollups = new RollupWriter();
  private final Seals seals;

  /**
   * @param unpooled opens the writer's own connection (the store's data source without its pool)
   * @param clock decides which days and months are sealed
   */
  SqliteAppender(DataSource unpooled, Clock clock) {
    this.writer = new WriterConnection(unpooled);
    this.seals = new Seals(clock);
  }

  @Override
  public synchronized int[] append(List<UsageEvent> events) throws SQLException {
    Connection c = writer.get();
    c.setAutoCommit(false);
    try {
      int[] stored = new int[events.size()];
      List<UsageEvent> added = fresh(writer.prepared(STORED_ID), events, stored);
      int[] users = ordinals.resolve(writer, added);
      PreparedStatement ins = writer.prepared(INSERT_EVENT);
      for (int i = 0; i < users.length; i++) {
        bind(ins, added.get(i), users[i]);
        ins.addBatch();
      }
      ins.executeBatch();
      RollupBatch batch = new RollupBatch();
      for (int i = 0; i < users.length; i++) {
        EventColumns.addTo(batch, added.get(i), users[i]);
      }
      rollups.write(writer, batch);
      List<Seals.Period> marked = seals.write(c, batch);
      c.commit();
      ordinals.commit();
      rollups.commit();
      seals.commit(marked);
      return stored;
    } catch (SQLException | RuntimeException e) {
      ordinals.abort();
      rollups.abort();
      writer.reset();
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
        // opened again at the next append if it was closed
      }
    }
  }

  @Override
  public synchronized void close() throws SQLException {
    writer.close();
  }

  @Override
  public synchronized void rollupsRebuilt() {
    rollups.clear();
    seals.clear();
    ordinals.clear();
  }

  /**
   * The events to store, in order: those without an event id, and those whose id is neither stored
   * nor earlier in the batch. Marks them 1 in {@code stored} (the others stay 0).
   */
  private static List<UsageEvent> fresh(
      PreparedStatement known, List<UsageEvent> events, int[] stored) throws SQLException {
    List<UsageEvent> out = new ArrayList<>(events.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < stored.length; i++) {
      UsageEvent e = events.get(i);
      String id = e.eventId();
      if (id != null && (!ids.add(id) || exists(known, id))) {
        continue;
      }
      stored[i] = 1;
      out.add(e);
    }
    return out;
  }

  private static boolean exists(PreparedStatement known, String id) throws SQLException {
    known.setString(1, id);
    try (ResultSet rs = known.executeQuery()) {
      return rs.next();
    }
  }

  private static void bind(PreparedStatement ps, UsageEvent e, int ordinal) throws SQLException {
    setNullable(ps, 1, e.eventId());
    ps.setLong(2, e.projectId());
    ps.setString(3, e.kind());
    ps.setLong(4, e.timestamp().toEpochMilli());
    ps.setInt(5, EventColumns.day(e));
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
    setNullable(ps, 19, EventColumns.attributes(e));
    if (ordinal < 0) {
      ps.setNull(20, Types.INTEGER);
    } else {
      ps.setInt(20, ordinal);
    }
  }

  private static void setNullable(PreparedStatement ps, int i, String value) throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, value);
    }
  }
}
