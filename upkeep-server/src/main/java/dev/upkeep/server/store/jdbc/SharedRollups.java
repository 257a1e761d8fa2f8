package dev.upkeep.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * Adds a {@link RollupBatch} to the rollups on PostgreSQL, exact whatever the number of writers.
 *
 * <p>Counts are added by one set-based upsert ({@code hits = hits + excluded.hits}), atomic per
 * row. A user bitmap is a read-modify-write, made safe by a row lock and a revision: every write of
 * a {@code rollup_users} row sets {@code rev} to a value never used before (sequence {@code
 * rollup_revs}). For the keys whose users are not all in the cached bitmap already:
 *
 * <ol>
 *   <li>one upsert inserts the keys that have no row (their bitmap is the batch's) and locks the
 *       rows of the others ({@code ON CONFLICT DO UPDATE … WHERE false} locks without writing);
 *   <li>one select reads, for the locked rows, the revision, and the bitmap only where the cached
 *       copy's revision is not the row's (another writer changed it since);
 *   <li>one upsert of the locked rows (an update: each has a row) writes the unions that differ
 *       from what is stored, with new revisions.
 * </ol>
 *
 * Keys are handled in one order ({@link #ORDER}) so that writers lock rows in the same order. A
 * cached bitmap is never more than the stored one (rollups only grow), so it can tell that nothing
 * is to be written without asking the store. What a transaction wrote is cached at {@link #commit}.
 * Thread-safe.
 */
final class SharedRollups {
  /** Bitmaps kept in memory: {@value}. */
  static final int DEFAULT_CACHE_SIZE = 4096;

  static final Comparator<RollupKey> ORDER =
      Comparator.comparingLong(RollupKey::projectId)
          .thenComparing(RollupKey::kind)
          .thenComparing(RollupKey::dim)
          .thenComparingInt(RollupKey::day)
          .thenComparing(RollupKey::bucket);

  private static final String KEYS =
      "unnest(?::bigint[], ?::text[], ?::text[], ?::int[], ?::text[]";
  private static final String ADD_COUNTS =
      "INSERT INTO rollup_counts (project_id, kind, dim, day, bucket, hits, runs, failures)"
          + " SELECT * FROM "
          + KEYS
          + ", ?::bigint[], ?::bigint[], ?::bigint[])"
          + " ON CONFLICT (project_id, kind, dim, day, bucket) DO UPDATE"
          + " SET hits = rollup_counts.hits + excluded.hits,"
          + " runs = rollup_counts.runs + excluded.runs,"
          + " failures = rollup_counts.failures + excluded.failures";
  private static final String INSERT_OR_LOCK =
      "INSERT INTO rollup_users AS r (project_id, kind, dim, day, bucket, users, bitmap)"
          + " SELECT * FROM "
          + KEYS
          + ", ?::bigint[], ?::bytea[])"
          + " ON CONFLICT (project_id, kind, dim, day, bucket) DO UPDATE SET rev = r.rev"
          + " WHERE false RETURNING project_id, kind, dim, day, bucket, rev";

  /**
   * The revision of each locked row, and its bitmap where the cached copy's revision is not the
   * row's. One primary-key lookup per key (a {@code LATERAL} subquery with a {@code LIMIT} is not
   * flattened into a join), so that a plan cached while the table was small never scans it whole.
   */
  static final String READ_LOCKED =
      "SELECT k.project_id, k.kind, k.dim, k.day, k.bucket, r.rev,"
          + " CASE WHEN r.rev = k.rev THEN NULL ELSE r.bitmap END"
          + " FROM "
          + KEYS
          + ", ?::bigint[]) AS k (project_id, kind, dim, day, bucket, rev)"
          + " JOIN LATERAL (SELECT rev, bitmap FROM rollup_users"
          + " WHERE project_id = k.project_id AND kind = k.kind AND dim = k.dim AND day = k.day"
          + " AND bucket = k.bucket LIMIT 1) r ON true";

  /**
   * Writes the unions into rows this transaction locked. An upsert rather than an {@code UPDATE …
   * FROM}: its conflict check is a primary-key lookup, which no cached plan can turn into a scan.
   */
  static final String UPDATE =
      "INSERT INTO rollup_users AS r (project_id, kind, dim, day, bucket, users, bitmap)"
          + " SELECT * FROM "
          + KEYS
          + ", ?::bigint[], ?::bytea[])"
          + " ON CONFLICT (project_id, kind, dim, day, bucket) DO UPDATE"
          + " SET users = excluded.users, bitmap = excluded.bitmap, rev = nextval('rollup_revs')"
          + " RETURNING r.project_id, r.kind, r.dim, r.day, r.bucket, r.rev";

  /** A stored bitmap and the revision of the row it was read from or written to. */
  record Versioned(long rev, RoaringBitmap bitmap) {}

  private final Map<RollupKey, Versioned> cache =
      Collections.synchronizedMap(Lru.map(DEFAULT_CACHE_SIZE));

  /**
   * Adds the batch to the rollups in {@code c}'s transaction.
   *
   * @return the bitmaps written or read, to hand to {@link #commit} once the transaction committed
   */
  Map<RollupKey, Versioned> write(Connection c, RollupBatch batch) throws SQLException {
    Map<RollupKey, Versioned> seen = new HashMap<>();
    if (batch.isEmpty()) {
      return seen;
    }
    addCounts(c, batch.counts());
    TreeMap<RollupKey, RoaringBitmap> todo = new TreeMap<>(ORDER);
    Map<RollupKey, Versioned> cached = new HashMap<>();
    for (Map.Entry<RollupKey, RoaringBitmap> e : batch.users().entrySet()) {
      Versioned v = cache.get(e.getKey());
      if (v == null || !v.bitmap().contains(e.getValue())) {
        todo.put(e.getKey(), e.getValue());
        if (v != null) {
          cached.put(e.getKey(), v);
        }
      }
    }
    if (todo.isEmpty()) {
      return seen;
    }
    insertOrLock(c, todo, seen);
    List<RollupKey> locked = new ArrayList<>(todo.keySet());
    locked.removeAll(seen.keySet());
    if (locked.isEmpty()) {
      return seen;
    }
    Map<RollupKey, Versioned> current = readLocked(c, locked, cached);
    TreeMap<RollupKey, RoaringBitmap> changed = new TreeMap<>(ORDER);
    for (RollupKey key : locked) {
      Versioned stored = current.get(key);
      if (stored == null) {
        throw new SQLException("rollup row " + key + " was locked but cannot be read");
      }
      RoaringBitmap added = todo.get(key);
      if (stored.bitmap().contains(added)) {
        seen.put(key, stored);
      } else {
        changed.put(key, RoaringBitmap.or(stored.bitmap(), added));
      }
    }
    if (!changed.isEmpty()) {
      update(c, changed, seen);
    }
    return seen;
  }

  private static void addCounts(Connection c, Map<RollupKey, long[]> counts) throws SQLException {
    TreeMap<RollupKey, long[]> sorted = new TreeMap<>(ORDER);
    sorted.putAll(counts);
    try (PreparedStatement ps = c.prepareStatement(ADD_COUNTS)) {
      int next = bindKeys(ps, sorted.keySet());
      long[] hits = new long[sorted.size()];
      long[] runs = new long[sorted.size()];
      long[] failures = new long[sorted.size()];
      int i = 0;
      for (long[] v : sorted.values()) {
        hits[i] = v[0];
        runs[i] = v[1];
        failures[i++] = v[2];
      }
      ps.setObject(next, hits);
      ps.setObject(next + 1, runs);
      ps.setObject(next + 2, failures);
      ps.executeUpdate();
    }
  }

  private static void insertOrLock(
      Connection c, TreeMap<RollupKey, RoaringBitmap> todo, Map<RollupKey, Versioned> seen)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_OR_LOCK)) {
      bindBitmaps(ps, bindKeys(ps, todo.keySet()), todo.values());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          RollupKey key = key(rs);
          seen.put(key, new Versioned(rs.getLong(6), todo.get(key)));
        }
      }
    }
  }

  private static Map<RollupKey, Versioned> readLocked(
      Connection c, List<RollupKey> keys, Map<RollupKey, Versioned> cached) throws SQLException {
    Map<RollupKey, Versioned> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(READ_LOCKED)) {
      int next = bindKeys(ps, keys);
      long[] revs = new long[keys.size()];
      for (int i = 0; i < revs.length; i++) {
        Versioned v = cached.get(keys.get(i));
        revs[i] = v == null ? -1 : v.rev();
      }
      ps.setObject(next, revs);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          RollupKey key = key(rs);
          byte[] bytes = rs.getBytes(7);
          RoaringBitmap bitmap =
              bytes == null ? cached.get(key).bitmap() : Bitmaps.fromBytes(bytes);
          out.put(key, new Versioned(rs.getLong(6), bitmap));
        }
      }
    }
    return out;
  }

  private static void update(
      Connection c, TreeMap<RollupKey, RoaringBitmap> changed, Map<RollupKey, Versioned> seen)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
      bindBitmaps(ps, bindKeys(ps, changed.keySet()), changed.values());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          RollupKey key = key(rs);
          seen.put(key, new Versioned(rs.getLong(6), changed.get(key)));
        }
      }
    }
  }

  /** Binds the five key columns as arrays at parameters 1 to 5; returns the next parameter. */
  private static int bindKeys(PreparedStatement ps, Collection<RollupKey> keys)
      throws SQLException {
    int n = keys.size();
    long[] project = new long[n];
    String[] kind = new String[n];
    String[] dim = new String[n];
    int[] day = new int[n];
    String[] bucket = new String[n];
    int i = 0;
    for (RollupKey k : keys) {
      project[i] = k.projectId();
      kind[i] = k.kind();
      dim[i] = k.dim();
      day[i] = k.day();
      bucket[i++] = k.bucket();
    }
    ps.setObject(1, project);
    ps.setObject(2, kind);
    ps.setObject(3, dim);
    ps.setObject(4, day);
    ps.setObject(5, bucket);
    return 6;
  }

  /** Binds the bitmaps' cardinalities and serialisations as arrays at {@code next} and after. */
  private static void bindBitmaps(PreparedStatement ps, int next, Collection<RoaringBitmap> bitmaps)
      throws SQLException {
    long[] users = new long[bitmaps.size()];
    byte[][] bytes = new byte[bitmaps.size()][];
    int i = 0;
    for (RoaringBitmap b : bitmaps) {
      users[i] = b.getLongCardinality();
      bytes[i++] = Bitmaps.toBytes(b);
    }
    ps.setObject(next, users);
    ps.setObject(next + 1, bytes);
  }

  private static RollupKey key(ResultSet rs) throws SQLException {
    return new RollupKey(
        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5));
  }

  /** The transaction committed: what it wrote or read is cached. */
  void commit(Map<RollupKey, Versioned> seen) {
    cache.putAll(seen);
  }

  /** Forgets every cached bitmap (after the rollups were rebuilt). */
  void clear() {
    cache.clear();
  }
}
