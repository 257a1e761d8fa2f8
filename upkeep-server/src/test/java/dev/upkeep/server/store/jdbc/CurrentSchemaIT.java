package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * The check that lets a start skip Flyway ({@link CurrentSchema}) on real SQLite files: true right
 * after Flyway migrated a new store (so its checksums are Flyway's, for every script of both
 * dialects' directories), false for every history Flyway would act on or refuse — and a store whose
 * history Flyway would refuse is still refused at start.
 */
class CurrentSchemaIT {
  @TempDir Path dir;

  SQLiteDataSource migrated() {
    JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL).close();
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + dir.resolve(JdbcStores.SQLITE_FILE));
    return ds;
  }

  void execute(SQLiteDataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  void aStoreFlywayJustMigratedIsCurrent() {
    assertThat(CurrentSchema.current(migrated(), Dialect.SQLITE)).isTrue();
  }

  @Test
  void bothDialectsScriptsAreReadable() throws Exception {
    assertThat(CurrentSchema.scripts(Dialect.SQLITE)).isNotEmpty();
    assertThat(CurrentSchema.scripts(Dialect.POSTGRES)).isNotEmpty();
  }

  @Test
  void aNewDatabaseIsNotCurrent() {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + dir.resolve("empty.db"));

    assertThat(CurrentSchema.current(ds, Dialect.SQLITE)).isFalse();
  }

  @Test
  void aMigrationNotAppliedYetMakesItNotCurrent() throws Exception {
    SQLiteDataSource ds = migrated();
    execute(
        ds,
        "DELETE FROM flyway_schema_history WHERE installed_rank ="
            + " (SELECT max(installed_rank) FROM flyway_schema_history)");

    assertThat(CurrentSchema.current(ds, Dialect.SQLITE)).isFalse();
  }

  @Test
  void aFailedAFutureOrAChangedMigrationMakesItNotCurrent() throws Exception {
    SQLiteDataSource ds = migrated();
    execute(ds, "UPDATE flyway_schema_history SET success = 0 WHERE version = '1'");
    assertThat(CurrentSchema.current(ds, Dialect.SQLITE)).isFalse();

    execute(ds, "UPDATE flyway_schema_history SET success = 1 WHERE version = '1'");
    assertThat(CurrentSchema.current(ds, Dialect.SQLITE)).isTrue();
    execute(
        ds,
        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
            + " checksum, installed_by, execution_time, success) VALUES (999, '999', 'future',"
            + " 'SQL', 'V999__future.sql', 1, 'test', 0, 1)");
    assertThat(CurrentSchema.current(ds, Dialect.SQLITE)).isFalse();

    execute(ds, "DELETE FROM flyway_schema_history WHERE version = '999'");
    execute(ds, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'");
    assertThat(CurrentSchema.current(ds, Dialect.SQLITE)).isFalse();
  }

  @Test
  void aChangedMigrationIsStillRefusedByFlywayAtStart() throws Exception {
    SQLiteDataSource ds = migrated();
    execute(ds, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'");

    assertThatThrownBy(() -> JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot migrate the schema")
        .hasMessageContaining("checksum");
  }
}
