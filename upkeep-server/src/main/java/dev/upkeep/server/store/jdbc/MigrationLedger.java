package dev.upkeep.server.store.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The record a migration keeps in its target, so that it can be resumed and is known when done:
 *
 * <pre>{@code
 * store_migration         one row: the source (file, fingerprint), when the migration began,
 *                         when the copy completed and when it was last verified to match
 * store_migration_tables  per source table: the primary key of the last row copied (as text),
 *                         the rows copied, whether the table is done, and the statements that
 *                         make the indexes dropped for its copy again (until they are made)
 * }</pre>
 *
 * <p>A chunk of rows and its {@link #advance} commit in one transaction, so a process killed at any
 * moment leaves the ledger naming exactly the rows the target holds. The tables stay after the
 * migration as its record (and so that a second run knows it is complete); dropping them afterwards
 * is harmless. Not thread-safe; used on the target's one connection.
 */
final class MigrationLedger {
  /** The migration's row: {@value}. */
  static final String MIGRATION = "store_migration";

  /** The per-table rows: {@value}. */
  static final String TABLES = "store_migration_tables";

  /** What the ledger says of the migration. */
  record State(
      String source,
      Map<String, String> fingerprint,
      Instant startedAt,
      Optional<Instant> copiedAt,
      Optional<Instant> verifiedAt) {}

  /**
   * What was copied of one table.
   *
   * @param lastKey the primary key of the last row copied, one text per key column; null before the
   *     first chunk
   * @param rows rows copied
   * @param done whether every row was copied
   * @param deferred the statements that make the indexes dropped for this table's copy again
   *     ({@link DeferredIndexes}): null when none were dropped, empty once they are made again
   */
  record Progress(String[] lastKey, long rows, boolean done, List<String> deferred) {}

  private final MigrationTarget target;
  private final Connection c;

  MigrationLedger(MigrationTarget target) {
    this.target = target;
    this.c = target.connection();
  }

  /** The migration recorded in the target, if one was begun there. */
  Optional<State> read() throws SQLException {
    if (!target.exists(MIGRATION)) {
      return Optional.empty();
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT source, fingerprint, started_at, copied_at, verified_at FROM "
                    + MIGRATION)) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(
          new State(
              rs.getString(1),
              parse(rs.getString(2)),
              Instant.ofEpochMilli(rs.getLong(3)),
              instant(rs, 4),
              instant(rs, 5)));
    }
  }

  /** Records a new migration of {@code tables}, none copied yet, in one transaction. */
  void begin(String source, Map<String, String> fingerprint, List<String> tables, Instant at)
      throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + MIGRATION
              + " (id SMALLINT PRIMARY KEY CHECK (id = 1), source TEXT NOT NULL,"
              + " fingerprint TEXT NOT NULL, started_at BIGINT NOT NULL, copied_at BIGINT,"
              + " verified_at BIGINT)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + TABLES
              + " (table_name TEXT PRIMARY KEY, last_key TEXT[], rows_copied BIGINT NOT NULL,"
              + " done SMALLINT NOT NULL, deferred TEXT[])");
      s.execute("DELETE FROM " + MIGRATION);
      s.execute("DELETE FROM " + TABLES);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO "
                  + MIGRATION
                  + " (id, source, fingerprint, started_at) VALUES (1, ?, ?, ?)")) {
        ps.setString(1, source);
        ps.setString(2, format(fingerprint));
        ps.setLong(3, at.toEpochMilli());
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO " + TABLES + " (table_name, rows_copied, done) VALUES (?, 0, 0)")) {
        for (String t : tables) {
          ps.setString(1, t);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** What was copied of each table, by name. */
  Map<String, Progress> progress() throws SQLException {
    Map<String, Progress> progress = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name, last_key, rows_copied, done, deferred FROM " + TABLES)) {
      while (rs.next()) {
        Array key = rs.getArray(2);
        Array deferred = rs.getArray(5);
        progress.put(
            rs.getString(1),
            new Progress(
                key == null ? null : (String[]) key.getArray(),
                rs.getLong(3),
                rs.getInt(4) != 0,
                deferred == null ? null : List.of((String[]) deferred.getArray())));
      }
    }
    return progress;
  }

  /**
   * In the caller's transaction: {@code rows} more rows of {@code table} copied, up to {@code key}.
   */
  void advance(String table, String[] key, long rows) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + TABLES
                + " SET last_key = ?, rows_copied = rows_copied + ? WHERE table_name = ?")) {
      ps.setArray(1, key == null ? null : c.createArrayOf("text", key));
      ps.setLong(2, rows);
      ps.setString(3, table);
      ps.executeUpdate();
    }
  }

  /**
   * In the caller's transaction: the statements that make the indexes dropped for {@code table}'s
   * copy again; empty once they are made.
   */
  void deferred(String table, List<String> statements) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE " + TABLES + " SET deferred = ? WHERE table_name = ?")) {
      ps.setArray(1, c.createArrayOf("text", statements.toArray(new String[0])));
      ps.setString(2, table);
      ps.executeUpdate();
    }
  }

  /** In the caller's transaction: every row of {@code table} copied. */
  void tableDone(String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE " + TABLES + " SET done = 1 WHERE table_name = ?")) {
      ps.setString(1, table);
      ps.executeUpdate();
    }
  }

  /** Every table copied, at {@code at}. */
  void copied(Instant at) throws SQLException {
    set("copied_at", at);
  }

  /** The last verification matched at {@code at}, or (null) found a difference. */
  void verified(Instant at) throws SQLException {
    set("verified_at", at);
  }

  private void set(String column, Instant at) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE " + MIGRATION + " SET " + column + " = ?")) {
      if (at == null) {
        ps.setNull(1, java.sql.Types.BIGINT);
      } else {
        ps.setLong(1, at.toEpochMilli());
      }
      ps.executeUpdate();
    }
  }

  private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
  }

  /** One {@code name: value} line per item. */
  static String format(Map<String, String> fingerprint) {
    StringBuilder b = new StringBuilder();
    fingerprint.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
    return b.toString();
  }

  static Map<String, String> parse(String text) {
    Map<String, String> items = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        items.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    return items;
  }
}
