package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.testing.PostgresSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StoreMigration} from a small SQLite store into a new PostgreSQL schema: a run stopped by
 * an error mid-chunk resumes, a source written to in between is refused, a second run at once is
 * refused. (upkeep-cli's StoreMigrateIT runs the command on a demo store, killed for real.)
 */
class StoreMigrationIT {
  static final int EVENTS = 250;

  @TempDir Path dir;
  Path data;
  PostgresSchema schema;
  String url;

  @BeforeEach
  void stores() throws Exception {
    schema = PostgresSchema.create();
    url = schema.url;
    data = dir.resolve("data");
    try (Store store = JdbcStores.sqlite(data, SqliteSynchronous.NORMAL)) {
      long a = store.projects().register("nipreps/fmriprep").orElseThrow().id();
      long b = store.projects().register("nipreps/mriqc").orElseThrow().id();
      List<UsageEvent> events = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        events.add(
            event(
                i % 3 == 0 ? b : a,
                i % 5 == 0 ? null : "e" + i,
                Instant.parse("2026-01-20T00:00:00Z").plusSeconds(i * 20_000L),
                "u" + (i % 17)));
      }
      store.events().append(events);
    }
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void aRunStoppedMidChunkResumesWhereItsLastChunkCommitted() throws SQLException {
    assertThatThrownBy(() -> migration(failingAtEvents(2)).run())
        .hasMessage("stopped at chunk 2 of events");
    assertThat(count("events")).isEqualTo(100);
    assertThat(count("event_ids")).isEqualTo(80);

    MigrationResult resumed = migration(MigrationListener.NONE).run();

    assertThat(resumed.outcome()).isEqualTo(MigrationResult.Outcome.COPIED);
    assertThat(resumed.resumed()).isTrue();
    assertThat(resumed.ok()).as("%s", resumed.verification()).isTrue();
    assertThat(count("events")).isEqualTo(EVENTS);
    assertThat(count("event_ids")).isEqualTo(EVENTS - EVENTS / 5);
    assertThat(resumed.verification().orElseThrow().tables())
        .extracting(TableCheck::table)
        .startsWith("projects", "versions", "tokens", "users")
        .contains("events", "event_ids", "rollup_users", "rollup_state");

    MigrationResult again = migration(MigrationListener.NONE).run();
    assertThat(again.outcome()).isEqualTo(MigrationResult.Outcome.ALREADY_COMPLETE);
    assertThat(again.copiedAt()).isEqualTo(resumed.copiedAt());
    assertThat(migration(MigrationListener.NONE).verify().ok()).isTrue();
  }

  @Test
  void aSourceWrittenToSinceTheMigrationBeganIsRefused() {
    assertThatThrownBy(() -> migration(failingAtEvents(1)).run())
        .hasMessage("stopped at chunk 1 of events");
    try (Store store = JdbcStores.sqlite(data, SqliteSynchronous.NORMAL)) {
      store.projects().register("nipreps/smriprep");
    }

    assertThatThrownBy(() -> migration(MigrationListener.NONE).run())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("holds an incomplete migration begun at ")
        .hasMessageContaining("the source is not the same any more (")
        .hasMessageContaining("projects: 2 rows then, 3 rows now")
        .hasMessageContaining("start over");
  }

  @Test
  void aSourceItsCollectorHoldsIsRefusedAndNoCollectorOpensItDuringTheMigration() {
    try (Store collector = JdbcStores.sqlite(data, SqliteSynchronous.NORMAL)) {
      assertThatThrownBy(() -> migration(MigrationListener.NONE).run())
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("is in use by another collector or upkeep command")
          .hasMessageContaining("Stop it first");
    }
    MigrationListener startsACollector =
        new MigrationListener() {
          @Override
          public void chunkWritten(String table, long chunk) {
            if (chunk == 1) {
              assertThatThrownBy(() -> JdbcStores.sqlite(data, SqliteSynchronous.NORMAL))
                  .isInstanceOf(StoreException.class)
                  .hasMessageContaining("is in use by another collector or upkeep command");
            }
          }
        };
    assertThat(migration(startsACollector).run().ok()).isTrue();
    JdbcStores.sqlite(data, SqliteSynchronous.NORMAL).close(); // released when the migration ends
  }

  @Test
  void aSecondMigrationIntoTheSameSchemaAtOnceIsRefused() {
    try (MigrationTarget first = MigrationTarget.connect(url)) {
      assertThatThrownBy(() -> migration(MigrationListener.NONE).run())
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("another upkeep store migrate is writing to postgres:");
    }
  }

  private StoreMigration migration(MigrationListener listener) {
    return StoreMigration.builder(data, url).chunkRows(100).listener(listener).build();
  }

  /** Throws before the {@code n}-th chunk of events commits. */
  private static MigrationListener failingAtEvents(int n) {
    return new MigrationListener() {
      int seen;

      @Override
      public void chunkWritten(String table, long chunk) {
        if (table.equals("events") && ++seen == n) {
          throw new IllegalStateException("stopped at chunk " + n + " of events");
        }
      }
    };
  }

  private long count(String table) throws SQLException {
    try (Connection c = schema.open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static UsageEvent event(long project, String id, Instant at, String user) {
    return UsageEvent.builder(project, UsageEvent.BREADCRUMB, at)
        .eventId(id)
        .version("1.0.0")
        .language("python")
        .languageVersion("3.12.1")
        .userId(user)
        .platform("linux")
        .status(RunStatus.C)
        .build();
  }
}
