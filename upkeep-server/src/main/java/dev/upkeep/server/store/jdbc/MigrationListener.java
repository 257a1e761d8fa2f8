package dev.upkeep.server.store.jdbc;

import java.time.Instant;

/**
 * Told how a {@link StoreMigration} advances, on the thread that runs it: a progress bar, log
 * lines. Every method has a default that does nothing.
 */
public interface MigrationListener {
  /** What a migration is doing. */
  enum Phase {
    /** Copying rows into the target. */
    COPY,
    /** Reading both sides to compare them. */
    VERIFY
  }

  /** A listener that ignores everything. */
  MigrationListener NONE = new MigrationListener() {};

  /**
   * The copy is about to begin: a new migration begun at {@code begunAt}, or ({@code resumed}) one
   * an earlier run began then and did not complete.
   */
  default void begun(Instant begunAt, boolean resumed) {}

  /**
   * A phase begins.
   *
   * @param totalRows the rows of the source the phase goes through
   * @param doneRows those of them done already (rows a resumed copy finds copied), else 0
   */
  default void started(Phase phase, long totalRows, long doneRows) {}

  /** {@code rows} more rows of {@code table} are done (committed, or compared). */
  default void advanced(String table, long rows) {}

  /** The phase ended. */
  default void finished(Phase phase) {}

  /**
   * The rows of a chunk are written into the target and the chunk is about to commit; {@code chunk}
   * counts the chunks of this run from 1. What the listener does here delays the commit (tests hold
   * a chunk open here to kill the process mid-copy).
   */
  default void chunkWritten(String table, long chunk) {}
}
