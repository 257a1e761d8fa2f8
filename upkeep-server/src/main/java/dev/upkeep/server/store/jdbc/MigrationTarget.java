package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The PostgreSQL database (its current schema) a migration copies into, on one plain connection (no
 * pool): what its tables look like, whether they hold rows, its identity sequences. Holds a session
 * advisory lock for the run, so two migrations into the same schema cannot interleave; the lock
 * goes with the connection, also when the process is killed. Not thread-safe.
 */
final class MigrationTarget implements AutoCloseable {
  /** A column of a target table, as {@code information_schema.columns} describes it. */
  record Column(String name, String type, boolean nullable, boolean hasDefault) {}

  private final String url;
  private final Connection connection;

  private MigrationTarget(String url, Connection connection) {
    this.url = url;
    this.connection = connection;
  }

  /**
   * Connects and takes the migration lock of the URL's schema.
   *
   * @throws StoreException when the database cannot be reached, or another migration into the same
   *     schema is running
   */
  static MigrationTarget connect(String url) {
    Connection c = open(url);
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pg_try_advisory_lock(hashtext('upkeep store migrate ' || current_schema()))")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        close(c);
        throw new StoreException(
            "another upkeep store migrate is writing to "
                + describe(url)
                + ": wait for it to finish (or stop it) and run this again",
            null);
      }
    } catch (SQLException e) {
      close(c);
      throw new StoreException("cannot lock " + describe(url) + ": " + e.getMessage(), e);
    }
    return new MigrationTarget(url, c);
  }

  /**
   * A new connection to {@code url}, auto-commit.
   *
   * @throws StoreException when the database cannot be reached (the message hides the query string)
   */
  static Connection open(String url) {
    Properties p = new Properties();
    p.setProperty("ApplicationName", "upkeep store migrate");
    try {
      return DriverManager.getConnection(url, p);
    } catch (SQLException e) {
      throw new StoreException(
          "cannot connect to PostgreSQL at " + describe(url) + ": " + e.getMessage(), e);
    }
  }

  /** {@code postgres:} and the URL without its query string (which may hold a password). */
  static String describe(String url) {
    int q = url.indexOf('?');
    return "postgres:" + (q < 0 ? url : url.substring(0, q));
  }

  String describe() {
    return describe(url);
  }

  Connection connection() {
    return connection;
  }

  /** The columns of {@code table} in the current schema, by name; empty when there is no table. */
  Map<String, Column> columns(String table) throws SQLException {
    Map<String, Column> columns = new LinkedHashMap<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT column_name, data_type, is_nullable, column_default, is_identity"
                + " FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ?"
                + " ORDER BY ordinal_position")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.put(
              rs.getString(1),
              new Column(
                  rs.getString(1),
                  rs.getString(2),
                  "YES".equals(rs.getString(3)),
                  rs.getString(4) != null || "YES".equals(rs.getString(5))));
        }
      }
    }
    return columns;
  }

  /** Whether {@code table} exists in the current schema. */
  boolean exists(String table) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT to_regclass(quote_ident(current_schema()) || '.' || ?)")) {
      ps.setString(1, SqlNames.quote(table));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1) != null;
      }
    }
  }

  /** Those of {@code tables} that exist and hold at least one row, in the same order. */
  List<String> withRows(List<String> tables) throws SQLException {
    List<String> full = new ArrayList<>();
    for (String t : tables) {
      if (exists(t)) {
        try (Statement s = connection.createStatement();
            ResultSet rs =
                s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + SqlNames.quote(t) + ")")) {
          rs.next();
          if (rs.getBoolean(1)) {
            full.add(t);
          }
        }
      }
    }
    return full;
  }

  /**
   * Moves the sequence behind each of {@code columns} of {@code table} that has one (an identity
   * column, or a column whose sequence it owns) past the column's largest value, so that rows the
   * collector inserts later get new ids. Columns without a sequence, and empty tables, are left.
   */
  void advanceSequences(String table, List<String> columns) throws SQLException {
    for (String column : columns) {
      String sequence = serialSequence(table, column);
      if (sequence != null) {
        try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT setval(?::regclass, m) FROM (SELECT MAX("
                    + SqlNames.quote(column)
                    + ") AS m FROM "
                    + SqlNames.quote(table)
                    + ") x WHERE m IS NOT NULL")) {
          ps.setString(1, sequence);
          ps.executeQuery().close();
        }
      }
    }
  }

  /**
   * Those of {@code table}'s {@code columns} whose sequence would hand out a value the column
   * already holds, as {@code table.column}.
   */
  List<String> sequencesBehind(String table, List<String> columns) throws SQLException {
    List<String> behind = new ArrayList<>();
    for (String column : columns) {
      String sequence = serialSequence(table, column);
      if (sequence == null) {
        continue;
      }
      try (Statement s = connection.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT (SELECT MAX("
                      + SqlNames.quote(column)
                      + ") FROM "
                      + SqlNames.quote(table)
                      + "), last_value, is_called FROM "
                      + sequence)) {
        rs.next();
        long max = rs.getLong(1);
        boolean empty = rs.wasNull();
        long next = rs.getBoolean(3) ? rs.getLong(2) + 1 : rs.getLong(2);
        if (!empty && next <= max) {
          behind.add(table + "." + column);
        }
      }
    }
    return behind;
  }

  /** The sequence of an identity or serial column, qualified and quoted; null when none. */
  private String serialSequence(String table, String column) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
      ps.setString(1, SqlNames.quote(table));
      ps.setString(2, column);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  @Override
  public void close() {
    close(connection);
  }

  private static void close(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // closing: the session's lock goes with it
    }
  }
}
