package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.UsageFilter;
import dev.upkeep.server.store.jdbc.JdbcStores;
import dev.upkeep.server.store.jdbc.SqliteSynchronous;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code upkeep store rebuild-rollups --data DIR} on a real SQLite store, rollups wiped first. */
class StoreRebuildIT {
  static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

  @TempDir Path data;

  @Test
  void rebuildRollupsRecomputesThemFromTheEvents() throws Exception {
    long project;
    try (Store store = JdbcStores.sqlite(data, SqliteSynchronous.NORMAL)) {
      project = store.projects().register("nipreps/fmriprep").orElseThrow().id();
      store
          .events()
          .append(
              List.of(
                  event(project, "u1", RunStatus.R),
                  event(project, "u1", RunStatus.C),
                  event(project, "u2", RunStatus.F)));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("upkeep.db"));
        Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM rollup_counts");
      s.executeUpdate("DELETE FROM rollup_users");
    }

    CliIT.Run run = CliIT.raw("store", "rebuild-rollups", "--data", data.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("rebuilt the rollups of sqlite:")
        .contains(" from 3 events in ");
    try (Store store = JdbcStores.sqlite(data, SqliteSynchronous.NORMAL)) {
      UsageFilter users =
          new UsageFilter(
              project, T0.minusSeconds(60), T0.plusSeconds(60), Metric.USERS, "breadcrumb");
      assertThat(store.events().count(users)).isEqualTo(2);
      assertThat(
              store
                  .events()
                  .count(
                      new UsageFilter(
                          project, users.from(), users.to(), Metric.RUNS, "breadcrumb")))
          .isEqualTo(2);
      assertThat(store.events().breakdown(users, Dimension.DAY)).hasSize(1);
    }
  }

  @Test
  void anUnreachableDatabaseIsOneClearLine() {
    CliIT.Run run =
        CliIT.raw(
            "store",
            "rebuild-rollups",
            "--database-url",
            "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("upkeep: cannot connect to PostgreSQL at ");
  }

  private static UsageEvent event(long project, String user, RunStatus status) {
    return UsageEvent.builder(project, UsageEvent.BREADCRUMB, T0)
        .version("1.0.0")
        .language("python")
        .languageVersion("3.12.1")
        .userId(user)
        .platform("linux")
        .status(status)
        .build();
  }
}
