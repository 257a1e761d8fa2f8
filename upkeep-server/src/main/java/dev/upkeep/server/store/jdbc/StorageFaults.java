package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.fault.StorageUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.sqlite.SQLiteException;

/**
 * Tells a store that cannot work for a reason outside the request from other failures, by the codes
 * the databases and the pool give. The exception and its causes are searched, outermost first; the
 * first that shows a fault decides.
 *
 * <ul>
 *   <li>{@link Fault#DISK_FULL}, {@link Fault#READ_ONLY}, {@link Fault#IO_ERROR}: SQLite's primary
 *       result codes {@code SQLITE_FULL} (13), {@code SQLITE_READONLY} (8) and {@code SQLITE_IOERR}
 *       (10) with any extended code; PostgreSQL's SQLSTATE {@code 53100} (disk_full) and {@code
 *       25006} (read_only_sql_transaction, a standby).
 *   <li>{@link Fault#UNREACHABLE}: SQLSTATE class {@code 08} (connection exceptions: refused,
 *       broken mid-transaction, closed, a socket timeout), {@code 57P01} admin_shutdown, {@code
 *       57P02} crash_shutdown, {@code 57P03} cannot_connect_now (starting up or shutting down),
 *       {@code 57P04} database_dropped, {@code 57P05} idle_session_timeout.
 *   <li>{@link Fault#TOO_MANY_CONNECTIONS}: SQLSTATE {@code 53300}.
 *   <li>{@link Fault#TIMED_OUT}: SQLSTATE {@code 57014} query_canceled (the statement timeout).
 *   <li>{@link Fault#NO_CONNECTION}: HikariCP's {@link SQLTransientConnectionException} without a
 *       cause of its own: every pooled connection stayed busy for the connect timeout. With a cause
 *       the pool could not open a connection: the cause's SQLSTATE decides (usually {@code 08001}),
 *       {@link Fault#UNREACHABLE} when it has none.
 * </ul>
 *
 * <p>Stateless, thread-safe.
 */
final class StorageFaults {
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_FULL = 13;

  /** A fault, with the condition {@link StorageUnavailableException#condition()} names. */
  enum Fault {
    DISK_FULL("disk full"),
    READ_ONLY("read-only"),
    IO_ERROR("I/O error"),
    UNREACHABLE("unreachable"),
    TOO_MANY_CONNECTIONS("too many connections"),
    TIMED_OUT("timed out"),
    NO_CONNECTION("no free connection");

    final String condition;

    Fault(String condition) {
      this.condition = condition;
    }

    /**
     * Whether it shows the database cannot be connected to at all, so that the next calls would
     * fail the same way (see {@link StoreOutage}); a disk fault still lets reads through, a timeout
     * or a busy pool concerns one call.
     */
    boolean connection() {
      return this == UNREACHABLE || this == TOO_MANY_CONNECTIONS;
    }
  }

  private StorageFaults() {}

  /** The condition {@code e} shows, e.g. {@code disk full}, or empty for any other failure. */
  static Optional<String> condition(Throwable e) {
    return fault(e).map(f -> f.condition);
  }

  /** The fault {@code e} shows, or empty when it is some other failure. */
  static Optional<Fault> fault(Throwable e) {
    Fault pool = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StorageUnavailableException u) {
        return Optional.of(ofCondition(u.condition()));
      }
      Fault f = sqlite(t);
      if (f == null && t instanceof SQLException s) {
        f = sqlState(s.getSQLState());
      }
      if (f != null) {
        return Optional.of(f);
      }
      if (pool == null && t instanceof SQLTransientConnectionException) {
        // the pool's timeout: its cause, if any, is why it could not open a connection
        pool = t.getCause() == null ? Fault.NO_CONNECTION : Fault.UNREACHABLE;
      }
    }
    return Optional.ofNullable(pool);
  }

  /**
   * {@code e} as a {@link StorageUnavailableException} naming {@code store} when it shows a fault,
   * else {@code e} itself.
   */
  static <E extends Exception> Exception translate(E e, String store) {
    if (e instanceof StorageUnavailableException) {
      return e;
    }
    Optional<Fault> f = fault(e);
    if (f.isEmpty()) {
      return e;
    }
    return unavailable(f.get(), store, e.getMessage(), e);
  }

  /**
   * The innermost cause of {@code e}, as {@code class: message}: what went wrong in the fewest
   * words (e.g. {@code java.net.ConnectException: Connection refused} under pgjdbc's and the pool's
   * wrappers, or the server's {@code FATAL: terminating connection due to administrator command}),
   * without the SQL text the outer exceptions of a batch carry.
   */
  static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.toString();
  }

  /** The exception telling that {@code store} has {@code fault}, with the failure's message. */
  static StorageUnavailableException unavailable(
      Fault fault, String store, String detail, Throwable cause) {
    String what =
        switch (fault) {
          case DISK_FULL, READ_ONLY, IO_ERROR -> "cannot write";
          case UNREACHABLE -> "is unreachable";
          case TOO_MANY_CONNECTIONS -> "refuses new connections";
          case TIMED_OUT -> "did not answer within the statement timeout";
          case NO_CONNECTION -> "had no free connection within the connect timeout";
        };
    boolean disk = fault == Fault.DISK_FULL || fault == Fault.READ_ONLY || fault == Fault.IO_ERROR;
    String message =
        disk
            ? what
                + " ("
                + fault.condition
                + ": "
                + detail
                + "); nothing of the failed write was kept"
            : what + " (" + (cause == null ? detail : rootCause(cause)) + ")";
    return new StorageUnavailableException(
        fault.condition, "the store " + store + " " + message, cause);
  }

  private static Fault sqlite(Throwable t) {
    if (t instanceof SQLiteException s) {
      return switch (s.getResultCode().code & 0xff) {
        case SQLITE_FULL -> Fault.DISK_FULL;
        case SQLITE_READONLY -> Fault.READ_ONLY;
        case SQLITE_IOERR -> Fault.IO_ERROR;
        default -> null;
      };
    }
    if (t instanceof SQLException s && s.getMessage() != null) {
      // sqlite-jdbc's BatchUpdateException carries the code only in its message
      String m = s.getMessage();
      if (m.contains("[SQLITE_FULL]")) {
        return Fault.DISK_FULL;
      }
      if (m.contains("[SQLITE_READONLY")) {
        return Fault.READ_ONLY;
      }
      if (m.contains("[SQLITE_IOERR")) {
        return Fault.IO_ERROR;
      }
    }
    return null;
  }

  private static Fault sqlState(String state) {
    if (state == null) {
      return null;
    }
    if (state.startsWith("08")) {
      return Fault.UNREACHABLE;
    }
    return switch (state) {
      case "53100" -> Fault.DISK_FULL;
      case "25006" -> Fault.READ_ONLY;
      case "53300" -> Fault.TOO_MANY_CONNECTIONS;
      case "57014" -> Fault.TIMED_OUT;
      case "57P01", "57P02", "57P03", "57P04", "57P05" -> Fault.UNREACHABLE;
      default -> null;
    };
  }

  private static Fault ofCondition(String condition) {
    for (Fault f : Fault.values()) {
      if (f.condition.equals(condition)) {
        return f;
      }
    }
    return Fault.IO_ERROR;
  }
}
