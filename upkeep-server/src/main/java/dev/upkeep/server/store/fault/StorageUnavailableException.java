package dev.upkeep.server.store.fault;

/**
 * The store cannot do its work for a reason outside the request: its disk is full, read-only, or
 * fails with an I/O error (SQLite's {@code SQLITE_FULL}, {@code SQLITE_READONLY}, {@code
 * SQLITE_IOERR}, PostgreSQL's SQLSTATE {@code 53100} disk_full and {@code 25006}
 * read_only_sql_transaction), or its database cannot be reached or does not answer in time
 * (refused, broken or shut-down connections, too many connections, the statement timeout, no free
 * pooled connection within the connect timeout). Every call of a store opened by {@code
 * dev.upkeep.server.store.jdbc.JdbcStores} throws it for those, whatever the call.
 *
 * <p>A failed transaction was rolled back (or, when the connection broke during its commit, may
 * have committed: an event resent with its id is stored once); the same call can succeed once the
 * operator frees space, makes the disk writable, or the database answers again. The collector
 * answers it with 503 and {@code Retry-After}.
 */
public final class StorageUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String condition;

  /**
   * @param condition what is wrong, in a few words: {@code disk full}, {@code read-only}, {@code
   *     I/O error}, {@code unreachable}, {@code too many connections}, {@code timed out}, {@code no
   *     free connection}
   * @param message names the store and the condition
   */
  public StorageUnavailableException(String condition, String message, Throwable cause) {
    super(message, cause);
    this.condition = condition;
  }

  /**
   * What is wrong: {@code disk full}, {@code read-only}, {@code I/O error}, {@code unreachable},
   * {@code too many connections}, {@code timed out} or {@code no free connection}.
   */
  public String condition() {
    return condition;
  }
}
