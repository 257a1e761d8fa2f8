package dev.upkeep.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The connection SQLite's single writer ({@link SqliteAppender}) keeps for itself, outside the
 * pool, with its prepared statements kept open from one transaction to the next: compiling a group
 * commit's statements anew took about 8 % of the writer thread's time under single breadcrumbs
 * (docs/benchmarks.md, "Ingest beside bare Jetty"). Opened at first use from the store's unpooled
 * data source (the same pragmas as the pool's connections), opened again if it was closed; after a
 * failed transaction its statements are closed ({@link #reset()}) and prepared again when next
 * asked for.
 *
 * <p>Not thread-safe: its appender is synchronized.
 */
final class WriterConnection implements AutoCloseable {
  private final DataSource source;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private Connection connection;

  /** {@code source} opens a new physical connection per call (not a pool). */
  WriterConnection(DataSource source) {
    this.source = source;
  }

  /** The connection, opened now if it is not open. */
  Connection get() throws SQLException {
    if (connection == null || connection.isClosed()) {
      statements.clear();
      connection = source.getConnection();
    }
    return connection;
  }

  /**
   * {@code sql} prepared on the connection, once: the caller binds, runs and reads it, and closes
   * its result sets, never the statement.
   */
  PreparedStatement prepared(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = get().prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /** Closes the prepared statements (after a failed transaction: no batch or binding is left). */
  void reset() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // a statement that cannot be closed is dropped all the same
      }
    }
    statements.clear();
  }

  /** Closes the statements and the connection. */
  @Override
  public void close() throws SQLException {
    reset();
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}
