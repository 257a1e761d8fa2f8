package dev.upkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.UsageFilter;
import dev.upkeep.server.store.jdbc.JdbcStores;
import dev.upkeep.server.store.jdbc.SqliteSynchronous;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upkeep store migrate} from a real SQLite store filled by {@code upkeep demo} (plus rows in
 * every other table, with text that needs escaping) into the real PostgreSQL, a new schema per
 * test: every usage query answers alike before and after, every table holds the same rows, a copy
 * killed mid-chunk resumes without duplicates, a non-empty target and an unknown source table are
 * refused, and a tampered row is found. Skipped when PostgreSQL is unreachable, except under {@code
 * CI=true}.
 */
class StoreMigrateIT {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  static final String URL = postgresUrl();

  /** Text every escaping rule of COPY applies to, and then some. */
  static final String ODD =
      "tab\there, newline\nthere, cr\r, back\\slash, \\N, \\x41, bs\b ff\f vt\u000b bell\u0007,"
          + " é ü 日本 🎉, 'quoted' \"double\"";

  static final List<Instant[]> RANGES =
      List.of(
          range("2025-12-01T00:00:00Z", "2026-03-02T00:00:00Z"),
          range("2026-01-10T13:17:00Z", "2026-02-03T07:45:12.345Z"),
          range("2026-02-14T08:00:00Z", "2026-02-14T20:30:00Z"),
          range("2026-01-31T18:00:00Z", "2026-02-01T06:00:00Z"));

  @TempDir static Path dir;
  static Path data;
  static Map<String, Object> sqliteAnswers;
  static Map<String, Long> sqliteCounts;
  static String unreachable;

  String schema;
  String target;

  @BeforeAll
  static void demoStore() throws Exception {
    try (Connection c = connect(URL)) {
      assertThat(c.isValid(5)).isTrue();
    } catch (SQLException e) {
      unreachable =
          "PostgreSQL is not reachable at "
              + URL.replaceAll("password=[^&]*", "password=***")
              + " ("
              + e.getMessage()
              + "); start it or point UPKEEP_TEST_POSTGRES_URL at one";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + unreachable, e);
      }
      return;
    }
    data = dir.resolve("data");
    Run demo =
        upkeep(
            "demo",
            "--data",
            data.toString(),
            "--events",
            "20000",
            "--projects",
            "3",
            "--days",
            "60",
            "--seed",
            "7",
            "--end",
            "2026-03-01");
    assertThat(demo.exit()).as(demo.err()).isZero();
    try (Store store = JdbcStores.sqlite(data, SqliteSynchronous.NORMAL)) {
      long project = store.projects().list().get(0).id();
      store
          .events()
          .append(
              List.of(
                  event(project, "ev-1", "2026-01-31T23:59:59.999Z", List.of()),
                  event(project, "ev-2", "2026-02-01T00:00:00Z", List.of(Map.entry("k", ODD))),
                  event(project, "ev-3", "2026-02-20T12:00:00Z", List.of()),
                  event(project, null, "2026-02-21T12:00:00Z", List.of())));
      sqliteAnswers = answers(store);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("upkeep.db"));
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO tokens VALUES ('h1', 'm_', 'master', NULL, NULL, 1, NULL),"
              + " ('h2', 'r_', 'read', 1, 'CI dashboards', 2, 3)");
      s.executeUpdate(
          "INSERT INTO installs VALUES ('i1', 1, 'otumat', 'c1', NULL, '1.0', '{\"os\":\"linux\"}',"
              + " 1, NULL), ('i2', 2, 'upkeep', 'c2', 'secret', NULL, '{}', 2, 5)");
      s.executeUpdate(
          "INSERT INTO install_tokens VALUES ('t1', 'i1', 'access', 1, 2, NULL, NULL, NULL),"
              + " ('t2', 'i1', 'refresh', 1, NULL, 5, 'sealed', NULL)");
      s.executeUpdate(
          "INSERT INTO authorization_codes VALUES ('a1', 1, 'http://127.0.0.1:1/cb', 'ch',"
              + " 'usage', 1, 2, NULL)");
      s.executeUpdate(
          "INSERT INTO version_sources (id, project_id, kind, reference, repository_url,"
              + " added_at, fetched_at, fetch_claimed_until) VALUES"
              + " (7, 1, 'maven', 'g:a', NULL, 1, 2, NULL),"
              + " (9, 2, 'github', 'o/r', 'https://example.org', 1, NULL, 1767225600000)");
      s.executeUpdate(
          "INSERT INTO version_source_entries VALUES (7, '1.0.0', 1, 0, NULL, NULL),"
              + " (9, '2.0.0-rc.1', 0, 1, NULL, NULL)");
      s.executeUpdate("INSERT INTO server_secrets VALUES ('csrf', 'abc', 1)");
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO version_source_entries VALUES (7, '1.1.0', 1, 0, ?, '1.2.0')")) {
        ps.setString(1, ODD);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE tokens SET description = ?")) {
        ps.setString(1, ODD);
        ps.executeUpdate();
      }
      sqliteCounts = counts(c, TABLES);
      try (ResultSet rs =
          s.executeQuery("SELECT COUNT(*) FROM events WHERE event_id IS NOT NULL")) {
        rs.next();
        sqliteCounts.put("event_ids", rs.getLong(1));
      }
    }
  }

  /** Every table of the store that holds data (flyway_schema_history aside). */
  static final List<String> TABLES =
      List.of(
          "projects",
          "versions",
          "tokens",
          "users",
          "installs",
          "install_tokens",
          "authorization_codes",
          "version_sources",
          "version_source_entries",
          "changes",
          "change_clock",
          "server_secrets",
          "events",
          "rollup_counts",
          "rollup_users",
          "rollup_state");

  @BeforeEach
  void newSchema() throws SQLException {
    Assumptions.assumeTrue(unreachable == null, () -> unreachable);
    schema = "upkeep_mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = connect(URL);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    target = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (schema != null) {
      try (Connection c = connect(URL);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  @Test
  void everyUsageQueryAnswersAlikeAfterTheMigration() throws Exception {
    Path db = data.resolve("upkeep.db");
    long size = Files.size(db);
    FileTime modified = Files.getLastModifiedTime(db);

    Run run = upkeep("store", "migrate", "--from", "sqlite:" + data, "--to", target);

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .startsWith("Migrating sqlite:" + db + " to postgres:jdbc:postgresql://")
        .doesNotContain("user=")
        .containsPattern("events +20,004 +20,004 +ok")
        .containsPattern("event_ids +3 +3 +ok")
        .containsPattern("Copied [0-9,]+ rows of 27 tables in [0-9.]+ s \\([0-9,]+ rows/s\\)")
        .contains("Every table matches");
    assertThat(run.err()).as("plain progress lines without a terminal").contains("upkeep: copy:");
    assertThat(Files.size(db)).as("the source is not written").isEqualTo(size);
    assertThat(Files.getLastModifiedTime(db)).isEqualTo(modified);
    try (Connection c = connect(target)) {
      Map<String, Long> counts = counts(c, TABLES);
      counts.put("event_ids", counts(c, List.of("event_ids")).get("event_ids"));
      assertThat(counts).isEqualTo(sqliteCounts);
    }
    try (Store pg = JdbcStores.postgres(target)) {
      assertThat(answers(pg)).isEqualTo(sqliteAnswers);

      // ids go on after the copied ones: the sequences were moved past them
      Project added = pg.projects().register("after/migration").orElseThrow();
      assertThat(added.id()).isEqualTo(4);
      pg.events().append(List.of(event(added.id(), "ev-4", "2026-03-01T10:00:00Z", List.of())));
      try (Connection c = connect(target);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "INSERT INTO version_sources (project_id, kind, reference, added_at)"
                      + " VALUES (3, 'maven', 'x:y', 1) RETURNING id")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(10);
      }
      assertThat(maxEventId(target)).isGreaterThan(20_004);
    }

    Run again = upkeep("store", "migrate", "--from", "sqlite:" + db, "--to", target);
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("This migration was completed at ", "nothing to copy");
  }

  @Test
  void aCopyKilledMidChunkResumesWithoutDuplicates() throws Exception {
    Path out = dir.resolve(schema + ".out");
    Path err = dir.resolve(schema + ".err");
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "store",
            "migrate",
            "--from",
            "sqlite:" + data,
            "--to",
            target,
            "--chunk-rows",
            "1000",
            "--hold-chunk",
            "20");
    Process child =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> Files.readString(err).contains("holding chunk 20 of events"));
    } finally {
      child.destroyForcibly(); // SIGKILL: the open transaction of chunk 20 dies with it
      child.waitFor(30, TimeUnit.SECONDS);
    }
    long copied;
    try (Connection c = connect(target);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT rows_copied, done FROM store_migration_tables WHERE table_name = 'events'")) {
      rs.next();
      copied = rs.getLong(1);
      assertThat(rs.getInt(2)).isZero();
      assertThat(counts(c, List.of("events")).get("events"))
          .as("only committed chunks, and the ledger says which")
          .isEqualTo(copied)
          .isBetween(1_000L, 19_000L);
    }

    Run resumed =
        upkeep(
            "store", "migrate", "--from", "sqlite:" + data, "--to", target, "--chunk-rows", "1000");

    assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
    assertThat(resumed.out())
        .contains("Resuming the migration begun at ")
        .contains("Copied the remaining")
        .contains("Every table matches");
    try (Connection c = connect(target);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT id) FROM events")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(rs.getLong(2)).isEqualTo(sqliteCounts.get("events"));
    }
    try (Connection c = connect(target);
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema()"
                  + " AND indexname IN ('events_project_kind_ts', 'event_ids_pkey')")) {
        rs.next();
        assertThat(rs.getLong(1)).as("the indexes dropped for the copy are back").isEqualTo(2);
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                  + " WHERE i.inhparent = 'events'::regclass"
                  + " AND NOT EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = c.oid)")) {
        assertThat(rs.next()).as("every partition of events has its index").isFalse();
      }
    }
    try (Store pg = JdbcStores.postgres(target)) {
      assertThat(answers(pg)).isEqualTo(sqliteAnswers);
    }
  }

  @Test
  void aTargetThatHoldsDataIsRefused() throws Exception {
    try (Store pg = JdbcStores.postgres(target)) {
      pg.projects().register("already/here"); // as a collector started on it first would
    }

    Run run = upkeep("store", "migrate", "--from", "sqlite:" + data, "--to", target);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("upkeep: postgres:jdbc:postgresql://")
        .contains("already holds data (projects) and no migration was begun there");
    try (Connection c = connect(target)) {
      assertThat(counts(c, List.of("projects", "events")))
          .isEqualTo(Map.of("projects", 1L, "events", 0L));
    }
  }

  @Test
  void verifyOnlyNamesATableWithATamperedRow() throws Exception {
    assertThat(upkeep("store", "migrate", "--from", "sqlite:" + data, "--to", target).exit())
        .isZero();
    try (Connection c = connect(target);
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE users SET platform = 'tampered'"
              + " WHERE (project_id, user_id) = (SELECT project_id, user_id FROM users LIMIT 1)");
    }

    Run run =
        upkeep("store", "migrate", "--from", "sqlite:" + data, "--to", target, "--verify-only");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .startsWith("Verifying postgres:")
        .containsPattern("users +[0-9,]+ +[0-9,]+ +DIFFERS")
        .containsPattern("events +20,004 +20,004 +ok");
    assertThat(run.err())
        .contains("upkeep: the target differs from the source in users;")
        .doesNotContain("events");
  }

  @Test
  void aSourceTableTheMigrationDoesNotKnowIsRefused() throws Exception {
    Path copy = dir.resolve(schema + ".db");
    Files.copy(data.resolve("upkeep.db"), copy);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE changes_of_tomorrow (id INTEGER PRIMARY KEY)");
    }

    Run run = upkeep("store", "migrate", "--from", "sqlite:" + copy, "--to", target);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains("the source has a table that this upkeep does not know how to migrate:")
        .contains("changes_of_tomorrow");
    try (Connection c = connect(target);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
                    + schema
                    + "'")) {
      rs.next();
      assertThat(rs.getLong(1)).as("nothing was created in the target").isZero();
    }
  }

  @Test
  void usageErrorsNameTheOption() {
    Run from = upkeep("store", "migrate", "--from", "/srv/data", "--to", target);
    assertThat(from.exit()).isEqualTo(2);
    assertThat(from.err()).contains("--from must be sqlite:PATH");

    Run to = upkeep("store", "migrate", "--from", "sqlite:" + data, "--to", "postgres://db");
    assertThat(to.exit()).isEqualTo(2);
    assertThat(to.err()).contains("the target must be a PostgreSQL JDBC URL");

    Run missing =
        upkeep("store", "migrate", "--from", "sqlite:" + dir.resolve("none"), "--to", target);
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no SQLite store at ");
  }

  /** Every answer the store gives about usage, by a readable key. */
  static Map<String, Object> answers(Store store) {
    Map<String, Object> a = new TreeMap<>();
    List<Project> projects = store.projects().list();
    a.put("projects", projects);
    a.put("events", store.events().total());
    for (Project p : projects) {
      a.put(p.name() + " versions", store.projects().versions(p.id()));
      for (String kind : List.of(UsageEvent.BREADCRUMB, "report")) {
        for (Instant[] r : RANGES) {
          for (Metric m : Metric.values()) {
            UsageFilter f = new UsageFilter(p.id(), r[0], r[1], m, kind);
            String key = p.name() + " " + kind + " " + r[0] + ".." + r[1] + " " + m;
            a.put(key, store.events().count(f));
            for (Dimension d : Dimension.values()) {
              a.put(key + " by " + d, store.events().breakdown(f, d));
            }
            a.put(
                key + " by version per day", store.events().breakdown(f, Dimension.VERSION, true));
          }
        }
      }
    }
    return a;
  }

  static Map<String, Long> counts(Connection c, List<String> tables) throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    try (Statement s = c.createStatement()) {
      for (String t : tables) {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
          rs.next();
          counts.put(t, rs.getLong(1));
        }
      }
    }
    return counts;
  }

  static long maxEventId(String url) throws SQLException {
    try (Connection c = connect(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(id) FROM events")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static UsageEvent event(
      long project, String id, String at, List<Map.Entry<String, String>> attributes) {
    return UsageEvent.builder(project, UsageEvent.BREADCRUMB, Instant.parse(at))
        .eventId(id)
        .version("9.9.9")
        .language("python")
        .languageVersion("3.12.1")
        .userId("migrated-user")
        .platform("linux")
        .container("docker")
        .status(RunStatus.F)
        .statusDesc("failed")
        .errorType("ValueError")
        .errorDesc(ODD)
        .attributes(attributes)
        .build();
  }

  static Instant[] range(String from, String to) {
    return new Instant[] {Instant.parse(from), Instant.parse(to)};
  }

  /** Output, error output and exit code of one command run in this JVM. */
  record Run(int exit, String out, String err) {}

  static Run upkeep(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Connection connect(String url) throws SQLException {
    Properties p = new Properties();
    p.setProperty("connectTimeout", "5");
    p.setProperty("loginTimeout", "5");
    return DriverManager.getConnection(url, p);
  }

  private static String postgresUrl() {
    String url = System.getenv("UPKEEP_TEST_POSTGRES_URL");
    return url == null || url.isBlank() ? DEFAULT_URL : url;
  }
}
