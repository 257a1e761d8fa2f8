package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.store.Bucket;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.TokenRecord;
import dev.upkeep.server.store.TokenRecord.TokenKind;
import dev.upkeep.server.store.UsageFilter;
import dev.upkeep.server.store.VersionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The storage contract against the embedded SQLite store: a real file in a temp directory. */
class SqliteStoreIT extends StoreContract {
  @Override
  Store newStore(Path tempDir) {
    return JdbcStores.sqlite(tempDir, SqliteSynchronous.NORMAL);
  }

  @Override
  Store reopen() {
    return JdbcStores.sqlite(tempDir, SqliteSynchronous.NORMAL);
  }

  @Override
  Connection openSql() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + tempDir.resolve(JdbcStores.SQLITE_FILE));
  }

  @Test
  void aForgottenUserIdIsInNeitherTheDatabaseFileNorItsWriteAheadLog() throws Exception {
    long p = store.projects().register("nipreps/fmriprep").orElseThrow().id();
    String id = "3571e622-beaf-3c5e-b094-65f5809f8c1f";
    List<UsageEvent> events = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      events.add(
          new TestEvent(
                  null,
                  p,
                  UsageEvent.BREADCRUMB,
                  T0.plusSeconds(i * 600L),
                  "1.0.0",
                  i % 2 == 0 ? id : "other-" + i,
                  "linux",
                  RunStatus.C)
              .build());
    }
    store.events().append(events);
    store.events().rollUpPast(RollupProperty.NOW);
    byte[] needle = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Path db = tempDir.resolve(JdbcStores.SQLITE_FILE);
    Path wal = tempDir.resolve(JdbcStores.SQLITE_FILE + "-wal");
    assertThat(holds(db, needle) || holds(wal, needle)).as("stored before").isTrue();

    assertThat(store.privacy().forget(id, null).events()).isEqualTo(100);

    assertThat(holds(db, needle)).as("in the database file").isFalse();
    assertThat(holds(wal, needle)).as("in the write-ahead log").isFalse();
    assertThat(
            store
                .events()
                .count(
                    new UsageFilter(
                        p, T0, T0.plusSeconds(200 * 600L), Metric.USERS, UsageEvent.BREADCRUMB)))
        .isEqualTo(100);
  }

  private static boolean holds(Path file, byte[] needle) throws IOException {
    if (!Files.exists(file)) {
      return false;
    }
    byte[] bytes = Files.readAllBytes(file);
    outer:
    for (int i = 0; i + needle.length <= bytes.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Test
  void databaseIsInWriteAheadLogMode() throws SQLException {
    assertThat(pragma("journal_mode")).isEqualToIgnoringCase("wal");
  }

  @Test
  void reopeningAnExistingFileKeepsItsData() throws Exception {
    Project p = store.projects().register("nipreps/fmriprep").orElseThrow();
    store.projects().addVersion(p.id(), "1.0.0");
    store.projects().flag(p.id(), "1.0.0", "broken");
    TokenRecord token = new TokenRecord("abc", "m_abc", TokenKind.MASTER, null, null, T0, null);
    store.tokens().insert(token);
    store.events().append(List.of(event(p.id(), "e1"), event(p.id(), "e2")));
    store.close();

    store = JdbcStores.sqlite(tempDir, SqliteSynchronous.FULL);

    assertThat(store.projects().find("nipreps/fmriprep")).contains(p);
    assertThat(store.projects().versions(p.id()))
        .extracting(VersionRecord::version, VersionRecord::flagged, VersionRecord::flagReason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("1.0.0", true, "broken"));
    assertThat(store.tokens().findByHash("abc")).contains(token);
    assertThat(store.events().total()).isEqualTo(2);
    assertThat(
            store
                .events()
                .count(
                    new UsageFilter(p.id(), T0, T0.plusSeconds(1), false, UsageEvent.BREADCRUMB)))
        .isEqualTo(2);
    assertThat(store.events().append(List.of(event(p.id(), "e2"), event(p.id(), "e3"))))
        .containsExactly(0, 1);
  }

  @Test
  void upgradeFromBeforeRollupsComputesThemFromTheStoredEvents() throws Exception {
    store.close();
    Path old = tempDir.resolve("v3");
    Files.createDirectories(old);
    String url = "jdbc:sqlite:" + old.resolve(JdbcStores.SQLITE_FILE);
    Flyway.configure()
        .dataSource(url, null, null)
        .locations(Dialect.SQLITE.migrations())
        .target("3")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO projects (id, name, registered_at) VALUES (7, 'nipreps/fmriprep', 0)");
      s.execute(
          "INSERT INTO users (project_id, user_id, first_seen, platform, container) VALUES"
              + " (7, 'u2', 5, 'linux', 'docker'), (7, 'u1', 9, 'linux', 'docker')");
      long t = T0.toEpochMilli();
      long day = Math.floorDiv(t, 86_400_000L);
      for (String[] e : new String[][] {{"u1", "R"}, {"u1", "C"}, {"u2", "F"}, {null, "C"}}) {
        s.execute(
            "INSERT INTO events (project_id, kind, ts, day, version, user_id, user_type,"
                + " platform, container, is_ci, status) VALUES (7, 'breadcrumb', "
                + t
                + ", "
                + day
                + ", '1.0.0', "
                + (e[0] == null ? "NULL" : "'" + e[0] + "'")
                + ", 'general', 'linux', 'docker', 0, '"
                + e[1]
                + "')");
      }
    }

    store = JdbcStores.sqlite(old, SqliteSynchronous.NORMAL);

    UsageFilter day =
        new UsageFilter(7, T0, T0.plusSeconds(86_399), Metric.USERS, UsageEvent.BREADCRUMB);
    assertThat(store.events().count(day)).isEqualTo(2);
    assertThat(store.events().count(new UsageFilter(7, T0, day.to(), Metric.RUNS, "breadcrumb")))
        .isEqualTo(3);
    assertThat(store.events().breakdown(day, Dimension.STATUS))
        .containsExactly(new Bucket("C", 1), new Bucket("F", 1), new Bucket("R", 1));
    store.events().append(List.of(event(7, "e-new")));
    assertThat(store.events().count(new UsageFilter(7, T0, day.to(), Metric.HITS, "breadcrumb")))
        .isEqualTo(5);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT user_id, ordinal FROM users ORDER BY ordinal")) {
      List<String> users = new java.util.ArrayList<>();
      while (rs.next()) {
        users.add(rs.getString(1) + "=" + rs.getInt(2));
      }
      assertThat(users).containsExactly("u2=0", "u1=1", "u=2");
    }
  }

  @Test
  void describeNamesTheFile() {
    assertThat(store.describe())
        .isEqualTo("sqlite:" + tempDir.resolve(JdbcStores.SQLITE_FILE).toAbsolutePath());
  }

  @Test
  void createsAMissingDataDirectory() throws Exception {
    Path nested = tempDir.resolve("srv/upkeep/data");

    try (Store other = JdbcStores.sqlite(nested, SqliteSynchronous.FULL)) {
      other.check();
    }

    assertThat(nested.resolve(JdbcStores.SQLITE_FILE)).isRegularFile();
  }

  @Test
  void dataDirectoryThatIsAFileIsAStoreExceptionNamingIt() throws IOException {
    Path file = Files.writeString(tempDir.resolve("not-a-dir"), "x");

    assertThatThrownBy(() -> JdbcStores.sqlite(file, SqliteSynchronous.FULL))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void opensWithEverySynchronousModeTheConfigAccepts() throws Exception {
    for (String mode : List.of("FULL", "NORMAL")) {
      try (Store other = JdbcStores.sqlite(tempDir.resolve(mode), SqliteSynchronous.parse(mode))) {
        other.check();
      }
    }
  }

  private String pragma(String name) throws SQLException {
    Path file = tempDir.resolve(JdbcStores.SQLITE_FILE);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private static UsageEvent event(long project, String id) {
    return new TestEvent(id, project, UsageEvent.BREADCRUMB, T0, "1.0.0", "u", "linux", RunStatus.R)
        .build();
  }
}
