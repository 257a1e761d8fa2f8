package dev.upkeep.server.store.jdbc;

import java.time.Clock;

/**
 * The clock of a store opened without one: the system's, in UTC. The store's one place that reads
 * the system clock; everything in the store that dates or seals something gets its clock from the
 * {@link JdbcStore} (or {@link SqliteLock}, {@link StoreMigrationBuilder}) it belongs to, which
 * take this one when their opener gives none.
 */
final class StoreClock {
  /** The system clock in UTC. */
  static final Clock SYSTEM = Clock.systemUTC();

  private StoreClock() {}
}
