package dev.upkeep.server.store;

/**
 * The store cannot write for a reason outside the request: its disk is full, read-only, or fails
 * with an I/O error (SQLite's {@code SQLITE_FULL}, {@code SQLITE_READONLY}, {@code SQLITE_IOERR},
 * PostgreSQL's SQLSTATE {@code 53100} disk_full and {@code 25006} read_only_sql_transaction).
 *
 * <p>The failed transaction was rolled back whole; the same write can succeed once the operator
 * frees space or makes the disk writable again. The collector answers such a write with 503 and
 * {@code Retry-After}.
 */
public final class StorageUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String condition;

  /**
   * @param condition what is wrong, in a few words: {@code disk full}, {@code read-only}, {@code
   *     I/O error}
   * @param message names the store and the condition
   */
  public StorageUnavailableException(String condition, String message, Throwable cause) {
    super(message, cause);
    this.condition = condition;
  }

  /** What is wrong: {@code disk full}, {@code read-only} or {@code I/O error}. */
  public String condition() {
    return condition;
  }
}
