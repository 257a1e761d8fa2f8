package dev.upkeep.server.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * SQLite's rollup writer (PostgreSQL's is {@link SharedRollups}): adds a {@link RollupBatch} to the
 * rollup tables in the caller's transaction. Counts are added with one upsert per key ({@code hits
 * = hits + ?}); a user bitmap is read, unioned with the batch's users and written back only when
 * the batch brings a user it did not have (or the key is new). The stored bitmaps of the keys
 * written lately are cached (at most {@link #DEFAULT_CACHE_SIZE}), so that the busy keys of the day
 * are not read back at every batch; like {@link UserOrdinals}, a transaction's bitmaps reach the
 * cache only at {@link #commit()}.
 *
 * <p>Used by {@link SqliteAppender}, SQLite's single writer; not thread-safe. The cache assumes
 * nothing else writes the rollups of the database while the collector runs (SQLite takes one
 * collector per file; a rebuild in the collector clears the cache).
 */
final class RollupWriter {
  /** Bitmaps kept in memory between transactions: {@value}. */
  static final int DEFAULT_CACHE_SIZE = 4096;

  static final String UPSERT_COUNTS =
      "INSERT INTO rollup_counts (project_id, kind, dim, day, bucket, hits, runs, failures)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, kind, dim, day, bucket)"
          + " DO UPDATE SET hits = rollup_counts.hits + excluded.hits,"
          + " runs = rollup_counts.runs + excluded.runs,"
          + " failures = rollup_counts.failures + excluded.failures";
  static final String UPSERT_USERS =
      "INSERT INTO rollup_users (project_id, kind, dim, day, bucket, users, bitmap)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, kind, dim, day, bucket)"
          + " DO UPDATE SET users = excluded.users, bitmap = excluded.bitmap";
  private static final String SELECT_USERS =
      "SELECT bitmap FROM rollup_users"
          + " WHERE project_id = ? AND kind = ? AND dim = ? AND day = ? AND bucket = ?";

  private final Map<RollupKey, RoaringBitmap> cache = Lru.map(DEFAULT_CACHE_SIZE);
  private final Map<RollupKey, RoaringBitmap> staged = new HashMap<>();

  /** Adds the batch's counts and users to the rollups, in {@code c}'s transaction. */
  void write(WriterConnection c, RollupBatch batch) throws SQLException {
    if (batch.isEmpty()) {
      return;
    }
    addCounts(c.prepared(UPSERT_COUNTS), batch);
    PreparedStatement upsert = null;
    for (Map.Entry<RollupKey, RoaringBitmap> e : batch.users().entrySet()) {
      RollupKey key = e.getKey();
      RoaringBitmap stored = staged.get(key);
      if (stored == null) {
        stored = cache.get(key);
      }
      if (stored == null) {
        stored = stored(c.prepared(SELECT_USERS), key);
      }
      RoaringBitmap added = e.getValue();
      if (stored != null && stored.contains(added)) {
        continue;
      }
      RoaringBitmap merged = stored == null ? added : RoaringBitmap.or(stored, added);
      if (upsert == null) {
        upsert = c.prepared(UPSERT_USERS);
      }
      bindKey(upsert, key);
      upsert.setLong(6, merged.getLongCardinality());
      upsert.setBytes(7, Bitmaps.toBytes(merged));
      upsert.addBatch();
      staged.put(key, merged);
    }
    if (upsert != null) {
      upsert.executeBatch();
    }
  }

  /** Adds the batch's counts to {@link #UPSERT_COUNTS}, and runs it. */
  static void addCounts(PreparedStatement upsert, RollupBatch batch) throws SQLException {
    for (Map.Entry<RollupKey, long[]> e : batch.counts().entrySet()) {
      bindKey(upsert, e.getKey());
      long[] v = e.getValue();
      upsert.setLong(6, v[0]);
      upsert.setLong(7, v[1]);
      upsert.setLong(8, v[2]);
      upsert.addBatch();
    }
    upsert.executeBatch();
  }

  static void bindKey(PreparedStatement ps, RollupKey key) throws SQLException {
    ps.setLong(1, key.projectId());
    ps.setString(2, key.kind());
    ps.setString(3, key.dim());
    ps.setInt(4, key.day());
    ps.setString(5, key.bucket());
  }

  private static RoaringBitmap stored(PreparedStatement select, RollupKey key) throws SQLException {
    bindKey(select, key);
    try (ResultSet rs = select.executeQuery()) {
      return rs.next() ? Bitmaps.fromBytes(rs.getBytes(1)) : null;
    }
  }

  /** The transaction committed: its bitmaps are cached. */
  void commit() {
    cache.putAll(staged);
    staged.clear();
  }

  /** The transaction rolled back: forget its bitmaps. */
  void abort() {
    staged.clear();
  }

  /** Forgets every cached bitmap (after the rollups were rebuilt). */
  void clear() {
    cache.clear();
    staged.clear();
  }
}
