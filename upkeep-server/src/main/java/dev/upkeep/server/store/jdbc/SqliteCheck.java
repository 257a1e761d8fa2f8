package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Refuses a damaged {@code upkeep.db} before anything else touches it: opens it on a plain
 * connection (no pool, no pragmas, so nothing logs a stack trace) and runs SQLite's {@code PRAGMA
 * quick_check}, which reads every page but skips the index-content comparison of {@code
 * integrity_check} (about a second per GB on an SSD).
 *
 * <p>The message names the file, what SQLite said and the way out, in one line, e.g. {@code
 * upkeep.db at /srv/upkeep/upkeep.db is not a valid SQLite database (file is not a database):
 * restore it from a backup, or move it aside to start empty}.
 */
final class SqliteCheck {
  private static final String WAY_OUT = "restore it from a backup, or move it aside to start empty";

  private SqliteCheck() {}

  /**
   * @throws StoreException when the file is not a database or {@code quick_check} finds damage
   */
  static void requireIntact(Path file) {
    String problem;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA quick_check(1)")) {
      String first = rs.next() ? rs.getString(1) : "no answer";
      if ("ok".equals(first)) {
        return;
      }
      problem = "is damaged (quick_check: " + first.replace('\n', ' ') + ")";
    } catch (SQLException e) {
      String why = sqliteMessage(e);
      problem =
          why.contains("not a database")
              ? "is not a valid SQLite database (" + why + ")"
              : "cannot be read (" + why + ")";
      throw damaged(file, problem, e);
    }
    throw damaged(file, problem, null);
  }

  private static StoreException damaged(Path file, String problem, Exception cause) {
    return new StoreException(
        JdbcStores.SQLITE_FILE + " at " + file + " " + problem + ": " + WAY_OUT, cause);
  }

  /**
   * SQLite's own words: sqlite-jdbc writes {@code [SQLITE_NOTADB] File opened that is not a
   * database file (file is not a database)}; this keeps what is in the last parentheses.
   */
  static String sqliteMessage(SQLException e) {
    String m = String.valueOf(e.getMessage()).trim();
    int open = m.lastIndexOf(" (");
    if (m.endsWith(")") && open > 0) {
      return m.substring(open + 2, m.length() - 1);
    }
    int close = m.indexOf("] ");
    return m.startsWith("[") && close > 0 ? m.substring(close + 2) : m;
  }
}
