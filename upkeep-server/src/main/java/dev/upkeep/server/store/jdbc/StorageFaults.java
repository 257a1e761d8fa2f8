package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.StorageUnavailableException;
import java.sql.SQLException;
import java.util.Optional;
import org.sqlite.SQLiteException;

/**
 * Tells a full, read-only or failing disk from other failures of a write, by the codes the
 * databases give: SQLite's primary result codes {@code SQLITE_FULL} (13), {@code SQLITE_READONLY}
 * (8) and {@code SQLITE_IOERR} (10) with any extended code, and PostgreSQL's SQLSTATE {@code 53100}
 * (disk_full) and {@code 25006} (read_only_sql_transaction, a standby). The exception and its
 * causes are searched.
 */
final class StorageFaults {
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_FULL = 13;

  private StorageFaults() {}

  /** The condition {@code e} shows, or empty when it is some other failure. */
  static Optional<String> condition(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLiteException s) {
        switch (s.getResultCode().code & 0xff) {
          case SQLITE_FULL:
            return Optional.of("disk full");
          case SQLITE_READONLY:
            return Optional.of("read-only");
          case SQLITE_IOERR:
            return Optional.of("I/O error");
          default:
            break;
        }
      } else if (t instanceof SQLException s && s.getMessage() != null) {
        // sqlite-jdbc's BatchUpdateException carries the code only in its message
        String m = s.getMessage();
        if (m.contains("[SQLITE_FULL]")) {
          return Optional.of("disk full");
        }
        if (m.contains("[SQLITE_READONLY")) {
          return Optional.of("read-only");
        }
        if (m.contains("[SQLITE_IOERR")) {
          return Optional.of("I/O error");
        }
      }
      if (t instanceof SQLException s && s.getSQLState() != null) {
        if (s.getSQLState().equals("53100")) {
          return Optional.of("disk full");
        }
        if (s.getSQLState().equals("25006")) {
          return Optional.of("read-only");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * {@code e} as a {@link StorageUnavailableException} naming {@code store} when it shows a disk
   * condition, else {@code e} itself.
   */
  static <E extends Exception> Exception translate(E e, String store) {
    Optional<String> c = condition(e);
    if (c.isEmpty()) {
      return e;
    }
    return new StorageUnavailableException(
        c.get(),
        "the store "
            + store
            + " cannot write ("
            + c.get()
            + ": "
            + e.getMessage()
            + "); nothing of the failed write was kept",
        e);
  }
}
