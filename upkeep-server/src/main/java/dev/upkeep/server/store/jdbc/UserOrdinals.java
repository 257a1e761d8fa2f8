package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.ingest.UsageEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQLite's user ordinals (PostgreSQL's are {@link SharedOrdinals}): the dense per-project ordinal
 * (0, 1, 2, ...) of each user id, the members of the rollups' user bitmaps. A user stored for the
 * first time gets the project's next ordinal ({@code projects.user_ordinals}, bumped with a row
 * lock) and its {@code users} row (first seen, platform, container of its first stored event).
 * Ordinals already looked up are cached, at most {@link #DEFAULT_CACHE_SIZE} of them; what a
 * transaction learnt reaches the cache only at {@link #commit()}, so a rolled back transaction
 * leaves nothing behind.
 *
 * <p>Used by {@link SqliteAppender}, SQLite's single writer; not thread-safe. The cache assumes no
 * other process hands out ordinals of the same database (SQLite takes one collector per file).
 */
final class UserOrdinals {
  /** Ordinals kept in memory between transactions: {@value}. */
  static final int DEFAULT_CACHE_SIZE = 100_000;

  private static final String SELECT =
      "SELECT ordinal FROM users WHERE project_id = ? AND user_id = ?";
  private static final String BUMP =
      "UPDATE projects SET user_ordinals = user_ordinals + ? WHERE id = ? RETURNING user_ordinals";
  private static final String INSERT =
      "INSERT INTO users (project_id, user_id, first_seen, platform, container, ordinal)"
          + " VALUES (?, ?, ?, ?, ?, ?)";

  private record UserKey(long projectId, String userId) {}

  private final Map<UserKey, Integer> cache = Lru.map(DEFAULT_CACHE_SIZE);
  private final Map<UserKey, Integer> staged = new HashMap<>();

  /**
   * The ordinal of each event's user, -1 for an event without a user id; creates the users seen for
   * the first time, in {@code c}'s transaction.
   */
  int[] resolve(WriterConnection c, List<UsageEvent> events) throws SQLException {
    Map<UserKey, UsageEvent> fresh = new LinkedHashMap<>();
    for (UsageEvent e : events) {
      if (e.userId() == null) {
        continue;
      }
      UserKey key = new UserKey(e.projectId(), e.userId());
      if (staged.containsKey(key) || fresh.containsKey(key)) {
        continue;
      }
      Integer ordinal = cache.get(key);
      if (ordinal == null) {
        ordinal = stored(c.prepared(SELECT), key);
      }
      if (ordinal == null) {
        fresh.put(key, e);
      } else {
        staged.put(key, ordinal);
      }
    }
    if (!fresh.isEmpty()) {
      create(c, fresh);
    }
    int[] out = new int[events.size()];
    for (int i = 0; i < out.length; i++) {
      UsageEvent e = events.get(i);
      out[i] = e.userId() == null ? -1 : staged.get(new UserKey(e.projectId(), e.userId()));
    }
    return out;
  }

  private static Integer stored(PreparedStatement select, UserKey key) throws SQLException {
    select.setLong(1, key.projectId());
    select.setString(2, key.userId());
    try (ResultSet rs = select.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      int ordinal = rs.getInt(1);
      if (rs.wasNull()) {
        throw new SQLException(
            "user " + key.userId() + " of project " + key.projectId() + " has no ordinal");
      }
      return ordinal;
    }
  }

  private void create(WriterConnection c, Map<UserKey, UsageEvent> fresh) throws SQLException {
    Map<Long, List<UserKey>> byProject = new LinkedHashMap<>();
    fresh
        .keySet()
        .forEach(k -> byProject.computeIfAbsent(k.projectId(), p -> new ArrayList<>()).add(k));
    PreparedStatement bump = c.prepared(BUMP);
    PreparedStatement insert = c.prepared(INSERT);
    for (Map.Entry<Long, List<UserKey>> p : byProject.entrySet()) {
      List<UserKey> keys = p.getValue();
      long next = bumped(bump, p.getKey(), keys.size()) - keys.size();
      for (UserKey key : keys) {
        if (next > Integer.MAX_VALUE) {
          throw new SQLException("project " + key.projectId() + " has more than 2^31 users");
        }
        int ordinal = (int) next++;
        UsageEvent first = fresh.get(key);
        insert.setLong(1, key.projectId());
        insert.setString(2, key.userId());
        insert.setLong(3, first.timestamp().toEpochMilli());
        insert.setString(4, first.platform());
        insert.setString(5, first.container());
        insert.setInt(6, ordinal);
        insert.addBatch();
        staged.put(key, ordinal);
      }
    }
    insert.executeBatch();
  }

  /** Hands out {@code n} ordinals of a project; returns the new count. */
  private static long bumped(PreparedStatement bump, long projectId, int n) throws SQLException {
    bump.setInt(1, n);
    bump.setLong(2, projectId);
    try (ResultSet rs = bump.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("no project with id " + projectId);
      }
      return rs.getLong(1);
    }
  }

  /** The transaction committed: what it learnt is cached. */
  void commit() {
    cache.putAll(staged);
    staged.clear();
  }

  /** The transaction rolled back: forget what it learnt. */
  void abort() {
    staged.clear();
  }

  /** Users rows were deleted (a user forgotten): forget every cached ordinal. */
  void clear() {
    cache.clear();
    staged.clear();
  }
}
