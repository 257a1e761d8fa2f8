package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.store.StoreException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationTablesTest {
  @Test
  void copiesKnownTablesReferencedFirstAndSkipsTheSchemaHistory() {
    List<MigrationTables.Table> plan =
        MigrationTables.plan(
            List.of(
                "rollup_state",
                "events",
                "flyway_schema_history",
                "sqlite_stat1",
                "users",
                "projects"));

    assertThat(plan)
        .containsExactly(
            new MigrationTables.Table("projects", MigrationTables.Policy.COPY),
            new MigrationTables.Table("users", MigrationTables.Policy.COPY),
            new MigrationTables.Table("events", MigrationTables.Policy.COPY),
            new MigrationTables.Table("rollup_state", MigrationTables.Policy.REPLACE));
  }

  @Test
  void aTableItDoesNotKnowStopsTheMigrationByName() {
    assertThatThrownBy(() -> MigrationTables.plan(List.of("projects", "aa_new", "zz_new")))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "the source has tables that this upkeep does not know how to migrate: aa_new, zz_new;");
  }
}
