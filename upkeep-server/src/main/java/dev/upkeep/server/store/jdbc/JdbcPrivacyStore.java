package dev.upkeep.server.store.jdbc;

import dev.upkeep.protocol.Json;
import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.ingest.UserType;
import dev.upkeep.server.store.PrivacyStore;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.StoredUser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** {@link PrivacyStore} on SQLite and PostgreSQL. Thread-safe. */
final class JdbcPrivacyStore implements PrivacyStore {
  private static final String USERS =
      "SELECT u.project_id, p.name, u.user_id, u.first_seen, u.platform, u.container"
          + " FROM users u JOIN projects p ON p.id = u.project_id"
          + " WHERE u.user_id = ? AND (? IS NULL OR u.project_id = ?) ORDER BY p.name";
  private static final String EVENTS =
      "SELECT e.event_id, e.project_id, e.kind, e.ts, e.version, e.language, e.language_version,"
          + " e.user_id, e.session_id, e.user_type, e.platform, e.container, e.is_ci, e.status,"
          + " e.status_desc, e.error_type, e.error_desc, e.attributes"
          + " FROM events e JOIN projects p ON p.id = e.project_id"
          + " WHERE e.user_id = ? AND (? IS NULL OR e.project_id = ?) ORDER BY p.name, e.ts, e.id";

  private static final String DAYS =
      "SELECT DISTINCT project_id, kind, day FROM events"
          + " WHERE user_id = ? AND (? IS NULL OR project_id = ?)";
  private static final String DELETE_EVENTS =
      "DELETE FROM events WHERE user_id = ? AND (? IS NULL OR project_id = ?)";
  private static final String DELETE_USERS =
      "DELETE FROM users WHERE user_id = ? AND (? IS NULL OR project_id = ?)";

  private final DataSource ds;
  private final Dialect dialect;
  private final JdbcEventStore events;

  JdbcPrivacyStore(DataSource ds, Dialect dialect, JdbcEventStore events) {
    this.ds = ds;
    this.dialect = dialect;
    this.events = events;
  }

  @Override
  public Forgotten forget(String userId, Long projectId) {
    return erasing(
        "forgetting a user",
        c -> {
          List<DayRecompute.Day> days = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(DAYS)) {
            bind(ps, userId, projectId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                days.add(new DayRecompute.Day(rs.getLong(1), rs.getString(2), rs.getInt(3)));
              }
            }
          }
          long deleted = update(c, DELETE_EVENTS, userId, projectId);
          DayRecompute.run(c, days);
          long users = update(c, DELETE_USERS, userId, projectId);
          reindexUsers(c, users);
          return new Forgotten(deleted, users, days.size());
        });
  }

  @Override
  public Pruned prune(long projectId, int beforeDay) {
    if (!RetentionPrune.due(ds, projectId, beforeDay)) {
      return new Pruned(0, 0);
    }
    return erasing(
        "pruning a project's old events",
        c -> {
          Pruned pruned = RetentionPrune.run(c, projectId, beforeDay);
          reindexUsers(c, pruned.users());
          return pruned;
        });
  }

  /**
   * Runs work that deletes personal data in one rewriting transaction ({@link
   * JdbcEventStore#rewriting}); on SQLite with {@code secure_delete} on for it, and the write-ahead
   * log truncated after it, so that what it deleted is in neither file.
   */
  private <T> T erasing(String what, JdbcEventStore.Rewrite<T> work) {
    boolean sqlite = dialect == Dialect.SQLITE;
    T result =
        events.rewriting(
            what,
            c -> {
              if (sqlite) {
                secureDelete(c, true);
              }
              try {
                return work.run(c);
              } finally {
                if (sqlite) {
                  secureDelete(c, false);
                }
              }
            });
    if (sqlite) {
      truncateWal();
    }
    return result;
  }

  /**
   * SQLite, after users rows were deleted: an interior page of the users index may still hold a
   * deleted id as a divider key; rebuilt, its old pages are freed and zeroed.
   */
  private void reindexUsers(Connection c, long deleted) throws SQLException {
    if (dialect == Dialect.SQLITE && deleted > 0) {
      try (Statement s = c.createStatement()) {
        s.execute("REINDEX users");
      }
    }
  }

  private static long update(Connection c, String sql, String userId, Long projectId)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, userId, projectId);
      return ps.executeUpdate();
    }
  }

  /**
   * SQLite: on, deleted content and freed pages are overwritten with zeros on this connection; off,
   * back to the pool's {@code FAST} ({@link JdbcStores}).
   */
  private static void secureDelete(Connection c, boolean on) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA secure_delete = " + (on ? "ON" : "FAST"));
    }
  }

  /**
   * SQLite: copies the write-ahead log into the database and truncates it to nothing, so that the
   * pages written before the forgetting (which held the user id) are gone from it too.
   *
   * @throws StoreException when a reader kept the checkpoint from finishing
   */
  private void truncateWal() {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      for (int attempt = 1; ; attempt++) {
        try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
          if (!rs.next() || rs.getInt(1) == 0) {
            return;
          }
        }
        if (attempt == 5) {
          throw new SQLException("wal_checkpoint(TRUNCATE) was kept busy 5 times by readers");
        }
        Thread.sleep(100L * attempt);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("truncating the write-ahead log was interrupted", e);
    } catch (SQLException e) {
      throw new StoreException(
          "the user was forgotten, but truncating the write-ahead log failed (it keeps the user's"
              + " old pages until the next checkpoint): "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public long export(String userId, Long projectId, UserData out) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false); // one snapshot; PostgreSQL streams rows only inside a transaction
      try {
        try (PreparedStatement ps = c.prepareStatement(USERS)) {
          bind(ps, userId, projectId);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.user(
                  new StoredUser(
                      rs.getLong(1),
                      rs.getString(2),
                      rs.getString(3),
                      Instant.ofEpochMilli(rs.getLong(4)),
                      rs.getString(5),
                      rs.getString(6)));
            }
          }
        }
        long events = 0;
        try (PreparedStatement ps = c.prepareStatement(EVENTS)) {
          bind(ps, userId, projectId);
          ps.setFetchSize(1000);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.event(event(rs));
              events++;
            }
          }
        }
        c.commit();
        return events;
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("reading a user's data failed: " + e.getMessage(), e);
    }
  }

  private static void bind(PreparedStatement ps, String userId, Long projectId)
      throws SQLException {
    ps.setString(1, userId);
    if (projectId == null) {
      ps.setNull(2, java.sql.Types.BIGINT);
      ps.setNull(3, java.sql.Types.BIGINT);
    } else {
      ps.setLong(2, projectId);
      ps.setLong(3, projectId);
    }
  }

  private static UsageEvent event(ResultSet rs) throws SQLException {
    return new UsageEvent(
        rs.getString(1),
        rs.getLong(2),
        rs.getString(3),
        Instant.ofEpochMilli(rs.getLong(4)),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        UserType.fromWire(rs.getString(10)),
        rs.getString(11),
        rs.getString(12),
        rs.getInt(13) != 0,
        RunStatus.valueOf(rs.getString(14)),
        rs.getString(15),
        rs.getString(16),
        rs.getString(17),
        attributes(rs.getString(18)));
  }

  /** The pairs of the attributes column ({@link EventColumns#attributes}); none for null. */
  private static List<Map.Entry<String, String>> attributes(String column) {
    if (column == null) {
      return List.of();
    }
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (Object pair : (List<?>) Json.parse(column)) {
      List<?> kv = (List<?>) pair;
      out.add(new AbstractMap.SimpleImmutableEntry<>((String) kv.get(0), (String) kv.get(1)));
    }
    return out;
  }
}
