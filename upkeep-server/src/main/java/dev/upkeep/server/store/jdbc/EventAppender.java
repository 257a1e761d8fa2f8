package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.ingest.UsageEvent;
import java.sql.SQLException;
import java.util.List;

/**
 * How a dialect stores a group of events and their rollups in one transaction: {@link
 * SqliteAppender} for SQLite's single writer, {@link PostgresAppender} for any number of writers
 * (threads and collectors) on one PostgreSQL database.
 */
interface EventAppender {
  /**
   * Stores the events, their users and their rollups, and commits.
   *
   * @return per event, in order: 1 stored, 0 a duplicate of an event id already stored
   * @throws SQLException when the transaction failed; nothing of it was committed
   */
  int[] append(List<UsageEvent> events) throws SQLException;

  /**
   * Forgets what the appender cached of the rollups, the seals and the users' ordinals: the rollups
   * were rebuilt, or rewritten and users rows deleted (a user forgotten).
   */
  void rollupsRebuilt();

  /** Closes what the appender holds open of the database (default: nothing). */
  default void close() throws SQLException {}
}
