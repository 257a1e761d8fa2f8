package dev.upkeep.server.store.jdbc;

import dev.upkeep.protocol.Json;
import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.ingest.UserType;
import dev.upkeep.server.store.ChangeTopic;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

  /** Users asked for in one statement at most: {@value}. */
  private static final int USERS_PER_STATEMENT = 500;

  private static final String QUEUE =
      "INSERT INTO forget_requests (project_id, user_id, requested_at) SELECT ?, ?, ?"
          + " WHERE (SELECT COUNT(*) FROM forget_requests) < "
          + MAX_FORGET_REQUESTS
          + " ON CONFLICT (project_id, user_id) DO NOTHING";
  private static final String QUEUED =
      "SELECT 1 FROM forget_requests WHERE project_id = ? AND user_id = ?";
  private static final String REQUESTING_PROJECTS =
      "SELECT DISTINCT project_id FROM forget_requests ORDER BY project_id";
  private static final String REQUESTS =
      "SELECT user_id, requested_at FROM forget_requests WHERE project_id = ?"
          + " ORDER BY requested_at, user_id";

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
    return erasing("forgetting a user", c -> forget(c, List.of(userId), projectId));
  }

  @Override
  public Queued requestForget(ForgetRequest r) {
    try (Connection c = ds.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(QUEUE)) {
        ps.setLong(1, r.projectId());
        ps.setString(2, r.userId());
        ps.setLong(3, r.requestedAt().toEpochMilli());
        if (ps.executeUpdate() == 1) {
          return Queued.NEW;
        }
      }
      try (PreparedStatement ps = c.prepareStatement(QUEUED)) {
        ps.setLong(1, r.projectId());
        ps.setString(2, r.userId());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Queued.ALREADY : Queued.FULL;
        }
      }
    } catch (SQLException e) {
      throw new StoreException("queueing a request to forget a user failed: " + e.getMessage(), e);
    }
  }

  @Override
  public RequestsDone forgetRequested() {
    List<Long> projects = new ArrayList<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(REQUESTING_PROJECTS)) {
      while (rs.next()) {
        projects.add(rs.getLong(1));
      }
    } catch (SQLException e) {
      throw new StoreException("reading the requests to forget users failed: " + e.getMessage(), e);
    }
    List<ForgetRequest> done = new ArrayList<>();
    Forgotten removed = new Forgotten(0, 0, 0);
    for (long project : projects) {
      List<ForgetRequest> requests = new ArrayList<>();
      Forgotten f =
          erasing(
              "forgetting the users who asked",
              c -> {
                requests.clear(); // read in the transaction: a request is carried out once
                requests.addAll(requests(c, project));
                Forgotten gone =
                    forget(c, requests.stream().map(ForgetRequest::userId).toList(), project);
                deleteRequests(c, project, requests);
                return gone;
              });
      done.addAll(requests);
      removed =
          new Forgotten(
              removed.events() + f.events(),
              removed.users() + f.users(),
              removed.days() + f.days());
    }
    return new RequestsDone(done, removed);
  }

  private static List<ForgetRequest> requests(Connection c, long project) throws SQLException {
    List<ForgetRequest> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(REQUESTS)) {
      ps.setLong(1, project);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new ForgetRequest(project, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))));
        }
      }
    }
    return out;
  }

  private static void deleteRequests(Connection c, long project, List<ForgetRequest> requests)
      throws SQLException {
    List<String> users = requests.stream().map(ForgetRequest::userId).toList();
    for (List<String> chunk : chunks(users)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "DELETE FROM forget_requests WHERE project_id = ? AND user_id IN ("
                  + marks(chunk.size())
                  + ")")) {
        ps.setLong(1, project);
        bindUsers(ps, 2, chunk);
        ps.executeUpdate();
      }
    }
  }

  /**
   * Removes the events and users rows of {@code userIds} (of one project, or of all for null) and
   * their part of the rollups, in {@code c}'s transaction: the days they had events on are found in
   * one pass per {@value #USERS_PER_STATEMENT} users, then summed again from the events left.
   */
  private Forgotten forget(Connection c, List<String> userIds, Long projectId) throws SQLException {
    Set<DayRecompute.Day> days = new LinkedHashSet<>();
    long events = 0;
    long users = 0;
    for (List<String> chunk : chunks(userIds)) {
      String in = "user_id IN (" + marks(chunk.size()) + ") AND (? IS NULL OR project_id = ?)";
      try (PreparedStatement ps =
          c.prepareStatement("SELECT DISTINCT project_id, kind, day FROM events WHERE " + in)) {
        bind(ps, chunk, projectId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            days.add(new DayRecompute.Day(rs.getLong(1), rs.getString(2), rs.getInt(3)));
          }
        }
      }
      events += update(c, "DELETE FROM events WHERE " + in, chunk, projectId);
    }
    DayRecompute.run(c, days);
    Set<Long> projects = new TreeSet<>();
    days.forEach(d -> projects.add(d.projectId()));
    for (List<String> chunk : chunks(userIds)) {
      users +=
          update(
              c,
              "DELETE FROM users WHERE user_id IN ("
                  + marks(chunk.size())
                  + ") AND (? IS NULL OR project_id = ?)",
              chunk,
              projectId);
    }
    reindexUsers(c, users);
    for (long project : projects) {
      JdbcChanges.record(c, ChangeTopic.USERS, project); // other collectors drop their caches
    }
    return new Forgotten(events, users, days.size());
  }

  private static List<List<String>> chunks(List<String> userIds) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < userIds.size(); i += USERS_PER_STATEMENT) {
      out.add(userIds.subList(i, Math.min(userIds.size(), i + USERS_PER_STATEMENT)));
    }
    return out;
  }

  /** {@code ?, ?, ...}: {@code n} parameter marks. */
  private static String marks(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
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
          if (pruned.events() > 0) {
            JdbcChanges.record(c, ChangeTopic.USERS, projectId); // other collectors drop caches
          }
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

  private static long update(Connection c, String sql, List<String> userIds, Long projectId)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, userIds, projectId);
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
    bind(ps, List.of(userId), projectId);
  }

  /** Binds the user ids, then the project id twice (for {@code ? IS NULL OR project_id = ?}). */
  private static void bind(PreparedStatement ps, List<String> userIds, Long projectId)
      throws SQLException {
    int next = bindUsers(ps, 1, userIds);
    if (projectId == null) {
      ps.setNull(next, java.sql.Types.BIGINT);
      ps.setNull(next + 1, java.sql.Types.BIGINT);
    } else {
      ps.setLong(next, projectId);
      ps.setLong(next + 1, projectId);
    }
  }

  /** Binds the user ids from parameter {@code first}; returns the next parameter's index. */
  private static int bindUsers(PreparedStatement ps, int first, List<String> userIds)
      throws SQLException {
    int i = first;
    for (String id : userIds) {
      ps.setString(i++, id);
    }
    return i;
  }

  private static UsageEvent event(ResultSet rs) throws SQLException {
    return UsageEvent.builder(rs.getLong(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)))
        .eventId(rs.getString(1))
        .version(rs.getString(5))
        .language(rs.getString(6))
        .languageVersion(rs.getString(7))
        .userId(rs.getString(8))
        .sessionId(rs.getString(9))
        .userType(UserType.fromWire(rs.getString(10)))
        .platform(rs.getString(11))
        .container(rs.getString(12))
        .ci(rs.getInt(13) != 0)
        .status(RunStatus.valueOf(rs.getString(14)))
        .statusDesc(rs.getString(15))
        .errorType(rs.getString(16))
        .errorDesc(rs.getString(17))
        .attributes(attributes(rs.getString(18)))
        .build();
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
