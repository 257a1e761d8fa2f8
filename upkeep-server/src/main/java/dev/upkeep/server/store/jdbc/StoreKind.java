package dev.upkeep.server.store.jdbc;

/** Which database a {@link StoreSettings} opens. */
public enum StoreKind {
  /** The embedded SQLite file {@code upkeep.db} in a data directory. */
  SQLITE,
  /** A PostgreSQL database named by a JDBC URL. */
  POSTGRES
}
