package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.ingest.UsageEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * User ordinals on PostgreSQL, handed out once whatever the number of writers. An ordinal never
 * changes once its {@code users} row committed, so every committed ordinal may be cached.
 *
 * <p>A new user's ordinal is reserved before the transaction that stores it ({@link #prepare}): the
 * projects' counters {@code projects.user_ordinals} are bumped in one short statement of their own
 * (in project order, so two writers lock them in the same order), so no writer holds the project's
 * row for the length of a transaction. The transaction then inserts the user ({@link #resolve})
 * with {@code ON CONFLICT DO NOTHING}; when another writer created the same user first, that
 * writer's ordinal is read and the reserved one is left unused (ordinals may have gaps; the bitmaps
 * do not mind). Thread-safe.
 */
final class SharedOrdinals {
  /** Ordinals kept in memory: {@value}. */
  static final int DEFAULT_CACHE_SIZE = 200_000;

  /**
   * One primary-key lookup per key, whatever the plan cache holds: a subquery with a {@code LIMIT}
   * is not flattened into a join, so PostgreSQL cannot choose (and keep, once the statement is
   * prepared) a scan of the whole table that it found cheaper while the table was small.
   */
  static final String SELECT =
      "SELECT k.project_id, k.user_id, u.ordinal"
          + " FROM unnest(?::bigint[], ?::text[]) AS k (project_id, user_id)"
          + " JOIN LATERAL (SELECT ordinal FROM users"
          + " WHERE users.project_id = k.project_id AND users.user_id = k.user_id LIMIT 1) u"
          + " ON true";

  private static final String RESERVE =
      "UPDATE projects p SET user_ordinals = p.user_ordinals + r.n"
          + " FROM unnest(?::bigint[], ?::int[]) AS r (id, n) WHERE p.id = r.id"
          + " RETURNING p.id, p.user_ordinals";
  private static final String INSERT =
      "INSERT INTO users (project_id, user_id, first_seen, platform, container, ordinal)"
          + " SELECT * FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[],"
          + " ?::int[]) ON CONFLICT (project_id, user_id) DO NOTHING RETURNING user_id, project_id";

  private static final Comparator<UserKey> ORDER =
      Comparator.comparingLong(UserKey::projectId).thenComparing(UserKey::userId);

  record UserKey(long projectId, String userId) {}

  /** The ordinals of one append: known (committed by anyone) and reserved (for new users). */
  static final class Reservation {
    final Map<UserKey, Integer> known = new HashMap<>();
    final Map<UserKey, Integer> reserved = new HashMap<>();
  }

  private final Map<UserKey, Integer> cache =
      Collections.synchronizedMap(Lru.map(DEFAULT_CACHE_SIZE));

  /**
   * Outside a transaction: finds the ordinals of the events' users, from the cache or the store,
   * and reserves one for each user the store does not have yet.
   */
  Reservation prepare(Connection c, List<UsageEvent> events) throws SQLException {
    Reservation r = new Reservation();
    List<UserKey> unknown = new ArrayList<>();
    for (UsageEvent e : events) {
      if (e.userId() == null) {
        continue;
      }
      UserKey key = new UserKey(e.projectId(), e.userId());
      if (r.known.containsKey(key) || r.reserved.containsKey(key)) {
        continue;
      }
      Integer ordinal = cache.get(key);
      if (ordinal != null) {
        r.known.put(key, ordinal);
      } else {
        r.reserved.put(key, -1);
        unknown.add(key);
      }
    }
    if (unknown.isEmpty()) {
      return r;
    }
    stored(c, unknown, r.known);
    r.reserved.keySet().removeAll(r.known.keySet());
    Map<Long, List<UserKey>> byProject = new TreeMap<>();
    for (UserKey key : r.reserved.keySet()) {
      byProject.computeIfAbsent(key.projectId(), p -> new ArrayList<>()).add(key);
    }
    long[] ids = new long[byProject.size()];
    int[] counts = new int[byProject.size()];
    int i = 0;
    for (Map.Entry<Long, List<UserKey>> p : byProject.entrySet()) {
      p.getValue().sort(ORDER);
      ids[i] = p.getKey();
      counts[i++] = p.getValue().size();
    }
    Map<Long, Long> ends = new HashMap<>();
    try (PreparedStatement reserve = c.prepareStatement(RESERVE)) {
      reserve.setObject(1, ids);
      reserve.setObject(2, counts);
      try (ResultSet rs = reserve.executeQuery()) {
        while (rs.next()) {
          ends.put(rs.getLong(1), rs.getLong(2));
        }
      }
    }
    for (Map.Entry<Long, List<UserKey>> p : byProject.entrySet()) {
      Long end = ends.get(p.getKey());
      if (end == null) {
        throw new SQLException("no project with id " + p.getKey());
      }
      List<UserKey> keys = p.getValue();
      long next = end - keys.size();
      for (UserKey key : keys) {
        if (next > Integer.MAX_VALUE) {
          throw new SQLException("project " + key.projectId() + " has more than 2^31 users");
        }
        r.reserved.put(key, (int) next++);
      }
    }
    return r;
  }

  /**
   * In the transaction that stores {@code stored}: creates the users first seen in them and returns
   * the ordinal of each event's user (-1 for an event without a user id).
   */
  int[] resolve(Connection c, Reservation r, List<UsageEvent> stored) throws SQLException {
    Map<UserKey, UsageEvent> fresh = new TreeMap<>(ORDER);
    for (UsageEvent e : stored) {
      if (e.userId() != null) {
        UserKey key = new UserKey(e.projectId(), e.userId());
        if (r.reserved.containsKey(key)) {
          fresh.putIfAbsent(key, e);
        }
      }
    }
    if (!fresh.isEmpty()) {
      create(c, r, fresh);
    }
    int[] out = new int[stored.size()];
    for (int i = 0; i < out.length; i++) {
      UsageEvent e = stored.get(i);
      out[i] = e.userId() == null ? -1 : r.known.get(new UserKey(e.projectId(), e.userId()));
    }
    return out;
  }

  private static void create(Connection c, Reservation r, Map<UserKey, UsageEvent> fresh)
      throws SQLException {
    int n = fresh.size();
    long[] project = new long[n];
    String[] user = new String[n];
    long[] firstSeen = new long[n];
    String[] platform = new String[n];
    String[] container = new String[n];
    int[] ordinal = new int[n];
    int i = 0;
    for (Map.Entry<UserKey, UsageEvent> f : fresh.entrySet()) {
      project[i] = f.getKey().projectId();
      user[i] = f.getKey().userId();
      firstSeen[i] = f.getValue().timestamp().toEpochMilli();
      platform[i] = f.getValue().platform();
      container[i] = f.getValue().container();
      ordinal[i] = r.reserved.get(f.getKey());
      i++;
    }
    List<UserKey> lost = new ArrayList<>(fresh.keySet());
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setObject(1, project);
      ps.setObject(2, user);
      ps.setObject(3, firstSeen);
      ps.setObject(4, platform);
      ps.setObject(5, container);
      ps.setObject(6, ordinal);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UserKey key = new UserKey(rs.getLong(2), rs.getString(1));
          r.known.put(key, r.reserved.get(key));
        }
      }
    }
    lost.removeIf(r.known::containsKey);
    if (!lost.isEmpty()) {
      // created meanwhile by another writer, which committed before our insert could go on
      stored(c, lost, r.known);
      for (UserKey key : lost) {
        if (!r.known.containsKey(key)) {
          throw new SQLException("user " + key.userId() + " was neither created nor found");
        }
      }
    }
  }

  /** Adds to {@code into} the ordinals the store holds for {@code keys}. */
  private static void stored(Connection c, List<UserKey> keys, Map<UserKey, Integer> into)
      throws SQLException {
    long[] project = new long[keys.size()];
    String[] user = new String[keys.size()];
    for (int i = 0; i < project.length; i++) {
      project[i] = keys.get(i).projectId();
      user[i] = keys.get(i).userId();
    }
    try (PreparedStatement ps = c.prepareStatement(SELECT)) {
      ps.setObject(1, project);
      ps.setObject(2, user);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int ordinal = rs.getInt(3);
          if (rs.wasNull()) {
            throw new SQLException(
                "user " + rs.getString(2) + " of project " + rs.getLong(1) + " has no ordinal");
          }
          into.put(new UserKey(rs.getLong(1), rs.getString(2)), ordinal);
        }
      }
    }
  }

  /** The transaction committed: every ordinal it used is cached. */
  void commit(Reservation r) {
    cache.putAll(r.known);
  }

  /** Users rows were deleted (a user forgotten): forget every cached ordinal. */
  void clear() {
    cache.clear();
  }
}
