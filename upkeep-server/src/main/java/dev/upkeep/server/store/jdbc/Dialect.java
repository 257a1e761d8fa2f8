package dev.upkeep.server.store.jdbc;

/** The SQL databases the store runs on; they share every statement but the schema scripts. */
enum Dialect {
  SQLITE("classpath:db/migration/sqlite"),
  POSTGRES("classpath:db/migration/postgres");

  private final String migrations;

  Dialect(String migrations) {
    this.migrations = migrations;
  }

  /** Flyway location of this dialect's migrations. */
  String migrations() {
    return migrations;
  }
}
