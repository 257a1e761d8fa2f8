package dev.upkeep.server.store.jdbc;

import static dev.upkeep.server.store.ReleaseStore.Published.EXISTS;
import static dev.upkeep.server.store.ReleaseStore.Published.PUBLISHED;
import static dev.upkeep.server.store.ReleaseStore.Published.TITLE_TAKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.store.AuthorizationCode;
import dev.upkeep.server.store.Bucket;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.HostedRelease;
import dev.upkeep.server.store.Install;
import dev.upkeep.server.store.InstallStore;
import dev.upkeep.server.store.InstallToken;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.NewRelease;
import dev.upkeep.server.store.PrivacyStore;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ProjectStore;
import dev.upkeep.server.store.ReleaseDownloads;
import dev.upkeep.server.store.ReleaseStore;
import dev.upkeep.server.store.SourceFlag;
import dev.upkeep.server.store.SourceRelease;
import dev.upkeep.server.store.SourceSnapshot;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.StoredUser;
import dev.upkeep.server.store.TokenRecord;
import dev.upkeep.server.store.TokenRecord.TokenKind;
import dev.upkeep.server.store.TokenStore;
import dev.upkeep.server.store.UsageAnswer;
import dev.upkeep.server.store.UsageFilter;
import dev.upkeep.server.store.UsageQuestion;
import dev.upkeep.server.store.VersionErrorType;
import dev.upkeep.server.store.VersionRecord;
import dev.upkeep.server.store.VersionSourceRecord;
import dev.upkeep.server.store.VersionSourceStore;
import dev.upkeep.server.store.Visibility;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract (ARCHITECTURE.md section 5), written once and run against every backend by a
 * subclass per backend ({@link SqliteStoreIT}, {@link PostgresStoreIT}). Every test gets a new,
 * empty store from {@link #newStore}.
 */
abstract class StoreContract {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  static final String OTHER_KIND = "report";

  @TempDir Path tempDir;

  Store store;

  /** A new, empty, migrated store; closed by the contract after each test. */
  abstract Store newStore(Path tempDir) throws Exception;

  /**
   * A plain JDBC connection to the database of the current {@link #store} (closed by the caller).
   */
  abstract Connection openSql() throws SQLException;

  /** The store of the current test opened again (after the test closed it). */
  abstract Store reopen() throws Exception;

  /** Called after the store of a test is closed, to remove what {@link #newStore} created. */
  void afterStoreClosed() throws Exception {}

  /**
   * Events a day needs for hour rollups in these tests (the store's default is 4096): the busy days
   * of the rollup property get them, its quiet days do not.
   */
  static final int HOURLY_MIN_EVENTS = 3;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore(tempDir);
    try (Connection c = openSql();
        Statement s = c.createStatement()) {
      s.execute("UPDATE rollup_state SET hourly_min_events = " + HOURLY_MIN_EVENTS);
    }
  }

  @AfterEach
  void closeStore() throws Exception {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      afterStoreClosed();
    }
  }

  @Test
  void answersTheHealthCheck() {
    store.check();
  }

  @Test
  void closeIsIdempotent() {
    store.close();
    store.close();
  }

  @Nested
  class Events {
    EventStore events;
    long project;
    long otherProject;

    @BeforeEach
    void registerProjects() {
      events = store.events();
      project = store.projects().register("nipreps/fmriprep").orElseThrow().id();
      otherProject = store.projects().register("nipreps/mriqc").orElseThrow().id();
    }

    @Test
    void appendReturnsOnePerStoredEvent() throws Exception {
      int[] stored = events.append(List.of(event("a"), event("b"), event("c")));

      assertThat(stored).containsExactly(1, 1, 1);
      assertThat(events.total()).isEqualTo(3);
    }

    @Test
    void awkwardTextIsStoredAsSentButNul() throws Exception {
      String awkward =
          "tab\there\nnew line\r\\N back\\slash \\t \u00e9\u2603 \"quoted\" {a,b} nul\u0000";
      String stored = awkward.replace('\u0000', '\uFFFD');
      UsageEvent e =
          UsageEvent.builder(project, UsageEvent.BREADCRUMB, T0)
              .eventId("id-" + awkward.hashCode())
              .version("1.0\t0")
              .language("py\\thon")
              .userId("user\nname")
              .sessionId("\\N")
              .platform("linux")
              .container("docker")
              .ci(true)
              .status(RunStatus.F)
              .statusDesc(awkward)
              .errorType("Value\tError")
              .errorDesc(awkward + awkward)
              .attributes(List.of(Map.entry("k\t", "v\n\\"), Map.entry("k\t", "again")))
              .build();

      assertThat(events.append(List.of(e))).containsExactly(1);

      try (Connection c = openSql();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT version, language, language_version, user_id, session_id, status_desc,"
                      + " error_type, error_desc, attributes, is_ci FROM events")) {
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("1.0\t0");
          assertThat(rs.getString(2)).isEqualTo("py\\thon");
          assertThat(rs.getString(3)).isNull();
          assertThat(rs.getString(4)).isEqualTo("user\nname");
          assertThat(rs.getString(5)).isEqualTo("\\N");
          assertThat(rs.getString(6)).isEqualTo(stored);
          assertThat(rs.getString(7)).isEqualTo("Value\tError");
          assertThat(rs.getString(8)).isEqualTo(stored + stored);
          assertThat(rs.getString(9)).isEqualTo("[[\"k\\t\",\"v\\n\\\\\"],[\"k\\t\",\"again\"]]");
          assertThat(rs.getInt(10)).isEqualTo(1);
        }
      }
    }

    @Test
    void eventIdSentTwiceInOneBatchIsStoredOnce() throws Exception {
      int[] stored = events.append(List.of(event("a"), event("a"), event("b")));

      assertThat(stored).containsExactly(1, 0, 1);
      assertThat(events.total()).isEqualTo(2);
    }

    @Test
    void eventIdSentAgainInALaterBatchIsStoredOnce() throws Exception {
      assertThat(events.append(List.of(event("a")))).containsExactly(1);

      assertThat(events.append(List.of(event("b"), event("a")))).containsExactly(1, 0);
      assertThat(events.append(List.of(event("a"), event("b")))).containsExactly(0, 0);
      assertThat(events.total()).isEqualTo(2);
    }

    @Test
    void eventsWithoutAnIdAreNeverDeduplicated() throws Exception {
      assertThat(events.append(List.of(event(null), event(null)))).containsExactly(1, 1);
      assertThat(events.append(List.of(event(null)))).containsExactly(1);
      assertThat(events.total()).isEqualTo(3);
    }

    @Test
    void failedBatchCommitsNothing() throws Exception {
      long unregistered = 987_654;
      UsageEvent orphan = spec("orphan").withProject(unregistered).build();

      assertThatThrownBy(() -> events.append(List.of(event("a"), orphan)))
          .isInstanceOf(Exception.class);

      assertThat(events.total()).isZero();
      assertThat(events.append(List.of(event("a")))).containsExactly(1);
    }

    @Test
    void emptyBatchStoresNothing() throws Exception {
      assertThat(events.append(List.of())).isEmpty();
      assertThat(events.total()).isZero();
    }

    @Test
    void countIncludesBothBounds() throws Exception {
      Instant to = T0.plusSeconds(3600);
      events.append(
          List.of(
              at(T0.minusMillis(1)),
              at(T0),
              at(T0.plusMillis(1)),
              at(to.minusMillis(1)),
              at(to),
              at(to.plusMillis(1))));

      assertThat(events.count(filter(T0, to, false))).isEqualTo(4);
      assertThat(events.count(filter(T0.plusMillis(1), to, false))).isEqualTo(3);
      assertThat(events.count(filter(T0, to.minusMillis(1), false))).isEqualTo(3);
      assertThat(events.count(filter(T0, T0, false))).isEqualTo(1);
      assertThat(events.count(filter(to.plusMillis(2), to.plusSeconds(60), false))).isZero();
    }

    @Test
    void uniqueCountsDistinctNonNullUsers() throws Exception {
      events.append(
          List.of(user("u1", T0), user("u1", T0.plusSeconds(1)), user("u2", T0), user(null, T0)));

      assertThat(events.count(filter(T0, T0.plusSeconds(10), false))).isEqualTo(4);
      assertThat(events.count(filter(T0, T0.plusSeconds(10), true))).isEqualTo(2);
      assertThat(events.count(filter(T0.plusSeconds(1), T0.plusSeconds(10), true))).isEqualTo(1);
    }

    @Test
    void countFiltersByKind() throws Exception {
      events.append(
          List.of(event("a"), event("b"), spec("c").withKind(OTHER_KIND).build(), event("d")));
      Instant to = T0.plusSeconds(1);

      assertThat(events.count(filter(T0, to, false))).isEqualTo(3);
      assertThat(events.count(new UsageFilter(project, T0, to, false, OTHER_KIND))).isEqualTo(1);
      assertThat(events.count(new UsageFilter(project, T0, to, false, "nothing"))).isZero();
    }

    @Test
    void countFiltersByProject() throws Exception {
      events.append(List.of(event("a"), spec("b").withProject(otherProject).build()));
      Instant to = T0.plusSeconds(1);

      assertThat(events.count(filter(T0, to, false))).isEqualTo(1);
      assertThat(events.count(new UsageFilter(otherProject, T0, to, false, "breadcrumb")))
          .isEqualTo(1);
      assertThat(events.total()).isEqualTo(2);
    }

    @Test
    void breakdownByUtcDay() throws Exception {
      Instant jan2 = Instant.parse("2024-01-02T00:00:00Z");
      events.append(
          List.of(
              user("u1", T0),
              user("u1", jan2.minusMillis(1)),
              user("u2", jan2),
              user("u3", Instant.parse("2024-01-04T13:00:00Z")),
              user("u4", Instant.parse("2024-01-09T00:00:00Z"))));
      Instant to = Instant.parse("2024-01-05T00:00:00Z");

      assertThat(events.breakdown(filter(T0, to, false), Dimension.DAY))
          .containsExactly(
              new Bucket("2024-01-01", 2),
              new Bucket("2024-01-02", 1),
              new Bucket("2024-01-03", 0),
              new Bucket("2024-01-04", 1),
              new Bucket("2024-01-05", 0));
      assertThat(events.breakdown(filter(T0, to, true), Dimension.DAY))
          .containsExactly(
              new Bucket("2024-01-01", 1),
              new Bucket("2024-01-02", 1),
              new Bucket("2024-01-03", 0),
              new Bucket("2024-01-04", 1),
              new Bucket("2024-01-05", 0));
    }

    @Test
    void breakdownByVersionPlatformAndStatus() throws Exception {
      events.append(
          List.of(
              crumb("u1", "1.0.0", "linux", RunStatus.R),
              crumb("u1", "1.0.0", "linux", RunStatus.C),
              crumb("u2", "1.1.0", "darwin", RunStatus.R),
              crumb("u2", "1.1.0", "darwin", RunStatus.F),
              crumb("u3", "2.0.0", "linux", RunStatus.S),
              crumb(null, "2.0.0", "windows", RunStatus.R)));
      UsageFilter all = filter(T0, T0.plusSeconds(1), false);
      UsageFilter unique = filter(T0, T0.plusSeconds(1), true);

      assertThat(events.breakdown(all, Dimension.VERSION))
          .containsExactly(new Bucket("1.0.0", 2), new Bucket("1.1.0", 2), new Bucket("2.0.0", 2));
      assertThat(events.breakdown(unique, Dimension.VERSION))
          .containsExactly(new Bucket("1.0.0", 1), new Bucket("1.1.0", 1), new Bucket("2.0.0", 1));
      assertThat(events.breakdown(all, Dimension.PLATFORM))
          .containsExactly(
              new Bucket("darwin", 2), new Bucket("linux", 3), new Bucket("windows", 1));
      assertThat(events.breakdown(unique, Dimension.PLATFORM))
          .containsExactly(
              new Bucket("darwin", 1), new Bucket("linux", 2), new Bucket("windows", 0));
      assertThat(events.breakdown(all, Dimension.STATUS))
          .containsExactly(
              new Bucket("C", 1), new Bucket("F", 1), new Bucket("R", 3), new Bucket("S", 1));
    }

    @Test
    void breakdownKeepsTheBoundsKindAndProject() throws Exception {
      events.append(
          List.of(
              at(T0.minusMillis(1)),
              at(T0),
              at(T0.plusSeconds(10)),
              at(T0.plusSeconds(11)),
              spec("k").withKind(OTHER_KIND).build(),
              spec("p").withProject(otherProject).build()));

      assertThat(events.breakdown(filter(T0, T0.plusSeconds(10), false), Dimension.STATUS))
          .containsExactly(new Bucket("R", 2));
      assertThat(
              events.breakdown(
                  filter(T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2)), false),
                  Dimension.DAY))
          .containsExactly(new Bucket("2024-01-02", 0), new Bucket("2024-01-03", 0));
    }

    private UsageFilter filter(Instant from, Instant to, boolean unique) {
      return new UsageFilter(project, from, to, unique, UsageEvent.BREADCRUMB);
    }

    private TestEvent spec(String id) {
      return new TestEvent(
          id, project, UsageEvent.BREADCRUMB, T0, "1.0.0", null, "linux", RunStatus.R);
    }

    private UsageEvent event(String id) {
      return spec(id).build();
    }

    private UsageEvent at(Instant ts) {
      return spec(null).at(ts).build();
    }

    private UsageEvent user(String userId, Instant ts) {
      return spec(null).at(ts).by(userId).build();
    }

    private UsageEvent crumb(String userId, String version, String platform, RunStatus status) {
      return new TestEvent(
              null, project, UsageEvent.BREADCRUMB, T0, version, userId, platform, status)
          .build();
    }
  }

  @Nested
  class Rollups {
    @Test
    void everyAnswerEqualsPlainSqlOverTheRawEvents() throws Exception {
      try (Connection sql = openSql()) {
        for (int stream = 0; stream < 40; stream++) {
          long seed = 6_000 + stream;
          RollupProperty p = new RollupProperty(store, sql, seed);
          long project = p.stream("random/stream-" + stream);
          p.check(project, 30);
        }
      }
    }

    @Test
    void rebuildEqualsIncrementalMaintenance() throws Exception {
      try (Connection sql = openSql()) {
        List<Long> projects = new ArrayList<>();
        for (int stream = 0; stream < 8; stream++) {
          RollupProperty p = new RollupProperty(store, sql, 7_000 + stream);
          projects.add(p.stream("random/rebuilt-" + stream));
        }
        List<String> incremental = RollupProperty.rollups(sql);

        long summarised = store.events().rebuildRollups();

        assertThat(summarised).isEqualTo(store.events().total());
        assertThat(RollupProperty.rollups(sql)).isEqualTo(incremental);
        RollupProperty after = new RollupProperty(store, sql, 7_100);
        for (long project : projects) {
          after.check(project, 10);
        }
      }
    }

    @Test
    void duplicateEventsAreCountedOnce() throws Exception {
      long p = store.projects().register("nipreps/fmriprep").orElseThrow().id();
      UsageEvent done =
          new TestEvent("a", p, UsageEvent.BREADCRUMB, T0, "1.0.0", "u1", "linux", RunStatus.C)
              .build();
      store.events().append(List.of(done, done));
      store.events().append(List.of(done));
      UsageFilter runs =
          new UsageFilter(p, T0, T0.plusSeconds(60), Metric.RUNS, UsageEvent.BREADCRUMB);

      assertThat(store.events().count(runs)).isEqualTo(1);
      assertThat(store.events().breakdown(runs, Dimension.STATUS))
          .containsExactly(new Bucket("C", 1));
    }

    @Test
    void aLateEventUnsealsItsMonthUntilItIsSummedAgain() throws Exception {
      long p = store.projects().register("nipreps/late").orElseThrow().id();
      Instant jan = Instant.parse("2024-01-10T08:00:00Z");
      store
          .events()
          .append(
              List.of(
                  crumbAt(p, jan, "u1", "1.0.0", "linux", RunStatus.C),
                  crumbAt(p, jan.plus(Duration.ofDays(30)), "u2", "1.0.0", "linux", RunStatus.C)));
      Instant now = Instant.parse("2024-03-15T00:00:00Z");
      UsageFilter users =
          new UsageFilter(
              p,
              Instant.parse("2024-01-01T00:00:00Z"),
              Instant.parse("2024-02-29T23:59:59.999Z"),
              Metric.USERS,
              UsageEvent.BREADCRUMB);

      assertThat(store.events().rollUpPast(now))
          .as("January, February and the two days with events summed")
          .isEqualTo(4);
      assertThat(store.events().rollUpPast(now)).as("nothing left to sum").isZero();
      assertThat(store.events().count(users)).isEqualTo(2);
      store
          .events()
          .append(
              List.of(
                  crumbAt(p, jan.plus(Duration.ofDays(5)), "u3", "1.1.0", "darwin", RunStatus.F)));

      assertThat(store.events().count(users)).as("the late event counts at once").isEqualTo(3);
      assertThat(store.events().breakdown(users, Dimension.VERSION))
          .containsExactly(new Bucket("1.0.0", 2), new Bucket("1.1.0", 1));
      assertThat(store.events().rollUpPast(now))
          .as("January summed again, and the late event's day")
          .isEqualTo(2);
      assertThat(store.events().count(users)).isEqualTo(3);
      store
          .events()
          .append(
              List.of(
                  crumbAt(
                      p,
                      Instant.parse("2024-03-05T00:00:00Z"),
                      "u3",
                      "1.1.0",
                      "darwin",
                      RunStatus.C)));
      assertThat(store.events().rollUpPast(Instant.parse("2024-04-01T23:59:59Z")))
          .as("March 5 summed, March not: it has not been over for two days")
          .isEqualTo(1);
      assertThat(store.events().rollUpPast(Instant.parse("2024-04-02T00:00:00Z"))).isEqualTo(1);
    }

    @Test
    void theUpgradeToReleaseHealthRebuildsTheRollupsWithFailuresAndVersionErrorTypes()
        throws Exception {
      long p = store.projects().register("nipreps/health").orElseThrow().id();
      Instant jan = Instant.parse("2024-01-10T12:00:00Z");
      store
          .events()
          .append(
              List.of(
                  crumbAt(p, jan, "u1", "1.0.0", "linux", RunStatus.C),
                  crumbAt(p, jan, "u2", "1.0.0", "linux", RunStatus.F),
                  crumbAt(p, jan.plus(Duration.ofDays(40)), "u2", "1.1.0", "linux", RunStatus.F)));
      store.events().rollUpPast(Instant.parse("2024-04-01T00:00:00Z"));
      try (Connection c = openSql();
          Statement s = c.createStatement()) {
        // the store as the version before release health left it: no failures anywhere
        undoReleaseHealth(s);
      }
      store.close();
      store = reopen();

      UsageFilter q =
          new UsageFilter(
              p,
              Instant.parse("2024-01-01T00:00:00Z"),
              Instant.parse("2024-03-31T23:59:59.999Z"),
              Metric.FAILURES,
              UsageEvent.BREADCRUMB);
      assertThat(store.events().breakdown(q, Dimension.VERSION))
          .containsExactly(new Bucket("1.0.0", 1), new Bucket("1.1.0", 1));
      assertThat(store.events().breakdown(q, Dimension.VERSION_ERROR_TYPE))
          .containsExactly(
              new Bucket(new VersionErrorType("1.0.0", "ValueError").key(), 1),
              new Bucket(new VersionErrorType("1.1.0", "ValueError").key(), 1));
      try (Connection c = openSql();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT SUM(failures) FROM rollup_months WHERE dim = 'version'"
                      + " AND project_id = "
                      + p)) {
        rs.next();
        assertThat(rs.getLong(1))
            .as("January and February summed again, with failures")
            .isEqualTo(2);
      }
    }

    /** Takes migrations V18 and V17 back: no alerts, no failures, no version_error_type rows. */
    private void undoReleaseHealth(Statement s) throws SQLException {
      s.execute("DROP TABLE alert_deliveries");
      s.execute("DROP TABLE alerts");
      s.execute("DROP TABLE alert_rules");
      s.execute("DELETE FROM flyway_schema_history WHERE version = '18'");
      s.execute("DELETE FROM rollup_counts WHERE dim = 'version_error_type'");
      s.execute("DELETE FROM rollup_users WHERE dim = 'version_error_type'");
      s.execute("DELETE FROM rollup_months WHERE dim = 'version_error_type'");
      s.execute("DELETE FROM rollup_hours WHERE dim = 'version_error_type'");
      s.execute("ALTER TABLE rollup_counts DROP COLUMN failures");
      s.execute("ALTER TABLE rollup_months DROP COLUMN failures");
      s.execute("ALTER TABLE rollup_hours DROP COLUMN failures");
      s.execute("DELETE FROM flyway_schema_history WHERE version = '17'");
    }

    @Test
    void theUpgradeToMonthRollupsSumsTheMonthsStoredBeforeAndReadsTheirUsers() throws Exception {
      long p = store.projects().register("nipreps/upgraded").orElseThrow().id();
      store
          .events()
          .append(
              List.of(
                  crumbAt(
                      p,
                      Instant.parse("2024-01-31T23:59:59.999Z"),
                      "u1",
                      "1.0.0",
                      "linux",
                      RunStatus.C),
                  crumbAt(
                      p,
                      Instant.parse("2024-02-01T00:00:00Z"),
                      "u2",
                      "1.0.0",
                      "linux",
                      RunStatus.C)));
      try (Connection c = openSql();
          Statement s = c.createStatement()) {
        // the store as the version before month rollups left it (and before public pages)
        undoReleaseHealth(s);
        s.execute("DROP TABLE forget_requests");
        s.execute("DELETE FROM flyway_schema_history WHERE version = '16'");
        s.execute("ALTER TABLE projects DROP COLUMN retention_days");
        s.execute("DELETE FROM flyway_schema_history WHERE version = '15'");
        s.execute("ALTER TABLE projects DROP COLUMN public_page");
        s.execute("DELETE FROM flyway_schema_history WHERE version = '14'");
        s.execute("DROP TABLE rollup_months");
        s.execute("DROP TABLE rollup_seals");
        s.execute("DROP TABLE rollup_hours");
        s.execute("ALTER TABLE events DROP COLUMN user_ordinal");
        s.execute("ALTER TABLE rollup_state DROP COLUMN hourly_min_events");
        s.execute("DELETE FROM flyway_schema_history WHERE version = '13'");
      }
      store.close();
      store = reopen();

      assertThat(store.events().rollUpPast(Instant.parse("2024-03-15T00:00:00Z")))
          .as("January, February and their two days summed by the rebuild V17 asks for at open")
          .isZero();
      assertThat(
              store
                  .events()
                  .count(
                      new UsageFilter(
                          p,
                          Instant.parse("2024-01-01T00:00:00Z"),
                          Instant.parse("2024-02-29T23:59:59.999Z"),
                          Metric.USERS,
                          UsageEvent.BREADCRUMB)))
          .isEqualTo(2);
      assertThat(
              store
                  .events()
                  .count(
                      new UsageFilter(
                          p,
                          Instant.parse("2024-01-31T12:00:00Z"),
                          Instant.parse("2024-02-01T12:00:00Z"),
                          Metric.USERS,
                          UsageEvent.BREADCRUMB)))
          .as("partial days of events stored without their ordinal")
          .isEqualTo(2);
    }

    @Test
    void aViewAnswersEveryQuestionFromOneSnapshot() throws Exception {
      long p = store.projects().register("nipreps/view").orElseThrow().id();
      store
          .events()
          .append(
              List.of(
                  crumbAt(p, "u1", "1.0.0", RunStatus.C),
                  crumbAt(p, "u1", "1.1.0", RunStatus.F),
                  crumbAt(p, "u2", "1.1.0", RunStatus.R)));
      List<UsageQuestion> questions =
          List.of(
              new UsageQuestion(UsageEvent.BREADCRUMB, Metric.USERS, null, false),
              new UsageQuestion(UsageEvent.BREADCRUMB, Metric.USERS, Dimension.VERSION, false),
              new UsageQuestion(UsageEvent.BREADCRUMB, Metric.RUNS, Dimension.STATUS, true),
              new UsageQuestion("download", Metric.HITS, Dimension.VERSION, false));
      List<UsageQuestion> asked = new ArrayList<>();
      List<UsageAnswer> answers = new ArrayList<>();

      store
          .events()
          .view(
              p,
              T0,
              T0.plusSeconds(3600),
              questions,
              (q, a) -> {
                asked.add(q);
                answers.add(a);
              });

      assertThat(asked).isEqualTo(questions);
      assertThat(answers)
          .containsExactly(
              new UsageAnswer(2, List.of()),
              new UsageAnswer(2, List.of(new Bucket("1.0.0", 1), new Bucket("1.1.0", 2))),
              new UsageAnswer(
                  2,
                  List.of(
                      new Bucket("C", 1, List.of(new Bucket("2024-01-01", 1))),
                      new Bucket("F", 1, List.of(new Bucket("2024-01-01", 1))),
                      new Bucket("R", 0, List.of(new Bucket("2024-01-01", 0))))),
              new UsageAnswer(0, List.of()));
    }

    private UsageEvent crumbAt(long p, String user, String version, RunStatus status) {
      return crumbAt(p, T0, user, version, "linux", status);
    }

    private UsageEvent crumbAt(
        long p, Instant at, String user, String version, String platform, RunStatus status) {
      return new TestEvent(null, p, UsageEvent.BREADCRUMB, at, version, user, platform, status)
          .build();
    }

    @Test
    void overDaysNeedsADimensionOtherThanDay() {
      UsageFilter f = new UsageFilter(1, T0, T0, Metric.HITS, UsageEvent.BREADCRUMB);

      assertThatThrownBy(() -> store.events().breakdown(f, Dimension.DAY, true))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Projects {
    ProjectStore projects;

    @BeforeEach
    void projects() {
      projects = store.projects();
    }

    @Test
    void registerReturnsTheNewProject() {
      Instant before = Instant.now().minusMillis(1);

      Project p = projects.register("nipreps/fmriprep").orElseThrow();

      assertThat(p.name()).isEqualTo("nipreps/fmriprep");
      assertThat(p.id()).isPositive();
      assertThat(p.registeredAt()).isBetween(before, Instant.now().plusMillis(1));
    }

    @Test
    void registeringAnExistingNameReturnsEmpty() {
      Project first = projects.register("nipreps/fmriprep").orElseThrow();

      assertThat(projects.register("nipreps/fmriprep")).isEmpty();
      assertThat(projects.list()).containsExactly(first);
    }

    @Test
    void findByName() {
      Project p = projects.register("nipreps/fmriprep").orElseThrow();

      assertThat(projects.find("nipreps/fmriprep")).contains(p);
      assertThat(projects.find("nipreps/mriqc")).isEmpty();
      assertThat(projects.find("NIPREPS/FMRIPREP")).isEmpty();
    }

    @Test
    void listIsOrderedByName() {
      Project b = projects.register("b-owner/tool").orElseThrow();
      Project a = projects.register("a-owner/tool").orElseThrow();
      Project c = projects.register("c-owner/tool").orElseThrow();

      assertThat(projects.list()).containsExactly(a, b, c);
      assertThat(List.of(a.id(), b.id(), c.id())).doesNotHaveDuplicates();
    }

    @Test
    void badgeIsOffUntilEnabled() {
      Project p = projects.register("nipreps/fmriprep").orElseThrow();

      assertThat(p.badgeEnabled()).isFalse();
      assertThat(projects.setBadgeEnabled("nipreps/fmriprep", true)).isTrue();
      assertThat(projects.find("nipreps/fmriprep").orElseThrow().badgeEnabled()).isTrue();
      assertThat(projects.list()).extracting(Project::badgeEnabled).containsExactly(true);
      assertThat(projects.setBadgeEnabled("nipreps/fmriprep", false)).isTrue();
      assertThat(projects.find("nipreps/fmriprep").orElseThrow().badgeEnabled()).isFalse();
      assertThat(projects.setBadgeEnabled("nipreps/unknown", true)).isFalse();
    }

    @Test
    void listOfAnEmptyStoreIsEmpty() {
      assertThat(projects.list()).isEmpty();
    }

    @Test
    void addedVersionsAreListedInRegistrationOrder() {
      long p = projects.register("nipreps/fmriprep").orElseThrow().id();

      assertThat(projects.addVersion(p, "1.0.0")).isTrue();
      assertThat(projects.addVersion(p, "1.1.0")).isTrue();
      assertThat(projects.addVersion(p, "2.0.0-rc.1")).isTrue();

      List<VersionRecord> versions = projects.versions(p);
      assertThat(versions)
          .extracting(VersionRecord::version)
          .containsExactly("1.0.0", "1.1.0", "2.0.0-rc.1");
      assertThat(versions).noneMatch(VersionRecord::flagged);
      assertThat(versions).allMatch(v -> v.flagReason() == null && v.addedAt() != null);
    }

    @Test
    void addingAnExistingVersionReturnsFalse() {
      long p = projects.register("nipreps/fmriprep").orElseThrow().id();
      projects.addVersion(p, "1.0.0");

      assertThat(projects.addVersion(p, "1.0.0")).isFalse();
      assertThat(projects.versions(p)).hasSize(1);
    }

    @Test
    void versionsBelongToTheirProject() {
      long a = projects.register("nipreps/fmriprep").orElseThrow().id();
      long b = projects.register("nipreps/mriqc").orElseThrow().id();

      assertThat(projects.addVersion(a, "1.0.0")).isTrue();
      assertThat(projects.addVersion(b, "1.0.0")).isTrue();
      projects.flag(a, "1.0.0", "broken");

      assertThat(projects.versions(b))
          .singleElement()
          .satisfies(v -> assertThat(v.flagged()).isFalse());
      assertThat(projects.versions(987_654)).isEmpty();
    }

    @Test
    void flagAndUnflag() {
      long p = projects.register("nipreps/fmriprep").orElseThrow().id();
      projects.addVersion(p, "1.0.0");
      projects.addVersion(p, "1.1.0");

      assertThat(projects.flag(p, "1.0.0", "corrupts outputs")).isTrue();
      assertThat(projects.versions(p))
          .extracting(VersionRecord::version, VersionRecord::flagged, VersionRecord::flagReason)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("1.0.0", true, "corrupts outputs"),
              org.assertj.core.groups.Tuple.tuple("1.1.0", false, null));

      assertThat(projects.flag(p, "1.0.0", "corrupts outputs; fixed in 1.1.0")).isTrue();
      assertThat(projects.versions(p).get(0).flagReason())
          .isEqualTo("corrupts outputs; fixed in 1.1.0");

      assertThat(projects.unflag(p, "1.0.0")).isTrue();
      assertThat(projects.versions(p).get(0))
          .satisfies(
              v -> {
                assertThat(v.flagged()).isFalse();
                assertThat(v.flagReason()).isNull();
              });
    }

    @Test
    void flagKeepsItsReplacementAndUnflagMarksTheFlagLifted() {
      long p = projects.register("nipreps/fmriprep").orElseThrow().id();
      projects.addVersion(p, "1.0.0");
      assertThat(projects.versions(p).get(0).flagLifted()).isFalse();

      assertThat(projects.flag(p, "1.0.0", "corrupts outputs", "1.0.1")).isTrue();
      assertThat(projects.versions(p).get(0))
          .extracting(VersionRecord::flagged, VersionRecord::replacement, VersionRecord::flagLifted)
          .containsExactly(true, "1.0.1", false);

      assertThat(projects.unflag(p, "1.0.0")).isTrue();
      assertThat(projects.versions(p).get(0))
          .extracting(
              VersionRecord::flagged,
              VersionRecord::flagReason,
              VersionRecord::replacement,
              VersionRecord::flagLifted)
          .containsExactly(false, null, null, true);

      assertThat(projects.flag(p, "1.0.0", "again")).isTrue();
      assertThat(projects.versions(p).get(0))
          .extracting(VersionRecord::flagged, VersionRecord::replacement, VersionRecord::flagLifted)
          .containsExactly(true, null, false);
    }

    @Test
    void flagOrUnflagOfAnUnknownVersionReturnsFalse() {
      long p = projects.register("nipreps/fmriprep").orElseThrow().id();
      projects.addVersion(p, "1.0.0");

      assertThat(projects.flag(p, "9.9.9", "no such version")).isFalse();
      assertThat(projects.unflag(p, "9.9.9")).isFalse();
      assertThat(projects.flag(987_654, "1.0.0", "no such project")).isFalse();
      assertThat(projects.versions(p)).noneMatch(VersionRecord::flagged);
    }
  }

  @Nested
  class VersionSources {
    VersionSourceStore sources;
    long project;

    @BeforeEach
    void sources() {
      sources = store.versionSources();
      project = store.projects().register("acme/tool").orElseThrow().id();
    }

    @Test
    void addedSourcesAreListedInOrderOfAdding() {
      VersionSourceRecord github =
          sources.add(project, "github", "acme/tool", null, T0).orElseThrow();
      VersionSourceRecord maven =
          sources.add(project, "maven", "org.acme:tool", "http://127.0.0.1:1/m2", T0).orElseThrow();

      assertThat(github.id()).isPositive();
      assertThat(maven)
          .isEqualTo(
              new VersionSourceRecord(
                  maven.id(), project, "maven", "org.acme:tool", "http://127.0.0.1:1/m2", T0));
      assertThat(sources.list(project)).containsExactly(github, maven);
      assertThat(sources.list(987_654)).isEmpty();
    }

    @Test
    void oneSourceOfEachKindPerProject() {
      long other = store.projects().register("acme/other").orElseThrow().id();
      assertThat(sources.add(project, "github", "acme/tool", null, T0)).isPresent();

      assertThat(sources.add(project, "github", "acme/fork", null, T0)).isEmpty();
      assertThat(sources.add(other, "github", "acme/tool", null, T0)).isPresent();
      assertThat(sources.list(project))
          .singleElement()
          .extracting(VersionSourceRecord::reference)
          .isEqualTo("acme/tool");
    }

    @Test
    void sourceOfAnUnknownProjectIsRefused() {
      assertThatThrownBy(() -> sources.add(987_654, "github", "a/b", null, T0))
          .isInstanceOf(StoreException.class);
    }

    @Test
    void neverFetchedSourceHasNoSnapshot() {
      long id = sources.add(project, "github", "acme/tool", null, T0).orElseThrow().id();

      assertThat(sources.snapshot(id)).isEmpty();
      assertThat(sources.snapshot(987_654)).isEmpty();
    }

    @Test
    void snapshotRoundTripsReleasesFlagsAndPreReleaseMarks() {
      long id = sources.add(project, "github", "acme/tool", null, T0).orElseThrow().id();
      SourceSnapshot s =
          new SourceSnapshot(
              T0.plusSeconds(5),
              List.of(
                  new SourceRelease("2.0.0", false),
                  new SourceRelease("2.1.0-rc.1", true),
                  new SourceRelease("1.9.0", false)),
              List.of(
                  new SourceFlag("1.9.0", "Corrupt indexes.", "2.0.0"),
                  new SourceFlag("0.1.0", "Never released.", null)));

      assertThat(sources.saveSnapshot(id, s)).isTrue();

      SourceSnapshot read = sources.snapshot(id).orElseThrow();
      assertThat(read.fetchedAt()).isEqualTo(T0.plusSeconds(5));
      assertThat(read.releases()).containsExactlyInAnyOrderElementsOf(s.releases());
      assertThat(read.flags()).containsExactlyInAnyOrderElementsOf(s.flags());
    }

    @Test
    void aNewerSnapshotReplacesTheOldOne() {
      long id = sources.add(project, "maven", "org.acme:tool", null, T0).orElseThrow().id();
      sources.saveSnapshot(
          id, new SourceSnapshot(T0, List.of(new SourceRelease("1.0", false)), List.of()));

      sources.saveSnapshot(
          id,
          new SourceSnapshot(
              T0.plusSeconds(60), List.of(new SourceRelease("1.1", false)), List.of()));

      assertThat(sources.snapshot(id).orElseThrow())
          .isEqualTo(
              new SourceSnapshot(
                  T0.plusSeconds(60), List.of(new SourceRelease("1.1", false)), List.of()));
    }

    @Test
    void removeDeletesTheSourceAndItsSnapshot() {
      long id = sources.add(project, "github", "acme/tool", null, T0).orElseThrow().id();
      sources.saveSnapshot(
          id, new SourceSnapshot(T0, List.of(new SourceRelease("1.0.0", false)), List.of()));

      assertThat(sources.remove(project, "github")).isTrue();
      assertThat(sources.remove(project, "github")).isFalse();
      assertThat(sources.list(project)).isEmpty();
      assertThat(sources.snapshot(id)).isEmpty();
      assertThat(sources.add(project, "github", "acme/tool", null, T0)).isPresent();
    }

    @Test
    void snapshotOfARemovedSourceIsNotSaved() {
      long id = sources.add(project, "github", "acme/tool", null, T0).orElseThrow().id();
      sources.remove(project, "github");

      assertThat(
              sources.saveSnapshot(
                  id,
                  new SourceSnapshot(T0, List.of(new SourceRelease("1.0.0", false)), List.of())))
          .isFalse();
      assertThat(sources.snapshot(id)).isEmpty();
    }
  }

  @Nested
  class Tokens {
    TokenStore tokens;

    @BeforeEach
    void tokens() {
      tokens = store.tokens();
      store.projects().register("nipreps/fmriprep").orElseThrow();
    }

    @Test
    void insertedTokensAreFoundByHash() {
      TokenRecord master = master("aa", T0);
      TokenRecord project = projectToken("bb", T0.plusSeconds(1));
      tokens.insert(master);
      tokens.insert(project);

      assertThat(tokens.findByHash("aa")).contains(master);
      assertThat(tokens.findByHash("bb")).contains(project);
      assertThat(tokens.findByHash("cc")).isEmpty();
    }

    @Test
    void listIsNewestFirst() {
      TokenRecord middle = master("m", T0.plusSeconds(60));
      TokenRecord oldest = projectToken("o", T0);
      TokenRecord newest = projectToken("n", T0.plusSeconds(3600));
      tokens.insert(middle);
      tokens.insert(oldest);
      tokens.insert(newest);

      assertThat(tokens.list()).containsExactly(newest, middle, oldest);
    }

    @Test
    void revokeMarksTheTokenOnce() {
      tokens.insert(projectToken("bb", T0));
      Instant at = T0.plusSeconds(90);

      assertThat(tokens.revoke("bb", at)).isTrue();
      assertThat(tokens.findByHash("bb").orElseThrow().revokedAt()).isEqualTo(at);

      assertThat(tokens.revoke("bb", at.plusSeconds(1))).isFalse();
      assertThat(tokens.findByHash("bb").orElseThrow().revokedAt()).isEqualTo(at);
      assertThat(tokens.revoke("unknown", at)).isFalse();
    }

    @Test
    void hasMasterOnlyWithAnUnrevokedMasterToken() {
      assertThat(tokens.hasMaster()).isFalse();

      tokens.insert(projectToken("p", T0));
      assertThat(tokens.hasMaster()).isFalse();

      tokens.insert(master("m", T0));
      assertThat(tokens.hasMaster()).isTrue();

      tokens.revoke("m", T0.plusSeconds(1));
      assertThat(tokens.hasMaster()).isFalse();
    }

    private TokenRecord master(String hash, Instant createdAt) {
      return new TokenRecord(
          hash, "m_" + hash, TokenKind.MASTER, null, "first start", createdAt, null);
    }

    private TokenRecord projectToken(String hash, Instant createdAt) {
      return new TokenRecord(
          hash, "m_" + hash, TokenKind.PROJECT, "nipreps/fmriprep", null, createdAt, null);
    }
  }

  @Nested
  class Installs {
    InstallStore installs;
    long project;

    @BeforeEach
    void installs() {
      installs = store.installs();
      project = store.projects().register("datajoint/datajoint-python").orElseThrow().id();
    }

    @Test
    void createdInstallIsFoundByIdAndClientIdWithItsTokens() {
      Map<String, String> metadata = new LinkedHashMap<>();
      metadata.put("operatingSystem", "linux");
      metadata.put("platform", "Python");
      metadata.put("packageVersion", "0.14.1");
      Install install =
          new Install(
              "in_1",
              project,
              Install.Flow.OTUMAT,
              "ci_1",
              "secret-hash",
              "0.14.1",
              metadata,
              T0,
              null);
      InstallToken access = access("a1", "in_1", T0.plusSeconds(3600));
      InstallToken refresh = refresh("r1", "in_1");

      installs.create(install, List.of(access, refresh));

      assertThat(installs.find("in_1")).contains(install);
      assertThat(installs.findByClientId("ci_1")).contains(install);
      assertThat(installs.find("in_1").orElseThrow().metadata().keySet())
          .containsExactly("operatingSystem", "platform", "packageVersion");
      assertThat(installs.findToken("a1")).contains(access);
      assertThat(installs.findToken("r1")).contains(refresh);
      assertThat(installs.find("in_2")).isEmpty();
      assertThat(installs.findByClientId("ci_2")).isEmpty();
      assertThat(installs.findToken("zz")).isEmpty();
    }

    @Test
    void listsAProjectsInstallsOldestFirstRevokedOrNot() {
      long other = store.projects().register("other/project").orElseThrow().id();
      installs.create(
          new Install("in_b", project, Install.Flow.UPKEEP, "ci_b", null, null, Map.of(), T0, null),
          List.of());
      installs.create(
          new Install(
              "in_a",
              project,
              Install.Flow.OTUMAT,
              "ci_a",
              "h",
              "1.0",
              Map.of(),
              T0.plusSeconds(5),
              null),
          List.of());
      installs.create(
          new Install("in_c", project, Install.Flow.UPKEEP, "ci_c", null, null, Map.of(), T0, null),
          List.of());
      installs.create(
          new Install("in_x", other, Install.Flow.UPKEEP, "ci_x", null, null, Map.of(), T0, null),
          List.of());
      installs.revoke("in_c", T0.plusSeconds(9));

      assertThat(installs.list(project))
          .extracting(Install::id)
          .containsExactly("in_b", "in_c", "in_a");
      assertThat(installs.list(project).get(1).revokedAt()).isEqualTo(T0.plusSeconds(9));
      assertThat(installs.list(other)).extracting(Install::id).containsExactly("in_x");
      assertThat(installs.list(987_654)).isEmpty();
    }

    @Test
    void publicClientKeepsItsNulls() {
      Install install = upkeep("in_1", "ci_1");

      installs.create(install, List.of());

      Install found = installs.find("in_1").orElseThrow();
      assertThat(found).isEqualTo(install);
      assertThat(found.clientSecretHash()).isNull();
      assertThat(found.packageVersion()).isNull();
      assertThat(found.metadata()).isEmpty();
      assertThat(found.revokedAt()).isNull();
    }

    @Test
    void takenClientIdStoresNothingOfTheInstall() {
      installs.create(upkeep("in_1", "ci_same"), List.of(refresh("r1", "in_1")));

      assertThatThrownBy(
              () -> installs.create(upkeep("in_2", "ci_same"), List.of(refresh("r2", "in_2"))))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("in_2");

      assertThat(installs.find("in_2")).isEmpty();
      assertThat(installs.findToken("r2")).isEmpty();
    }

    @Test
    void installOfAnUnknownProjectIsRefused() {
      Install orphan =
          new Install("in_x", 987_654, Install.Flow.UPKEEP, "ci_x", null, null, Map.of(), T0, null);

      assertThatThrownBy(() -> installs.create(orphan, List.of()))
          .isInstanceOf(StoreException.class);
      assertThat(installs.find("in_x")).isEmpty();
    }

    @Test
    void rotateUsesTheRefreshTokenOnceAndStoresTheReplacements() {
      installs.create(upkeep("in_1", "ci_1"), List.of(refresh("r1", "in_1")));
      Instant at = T0.plusSeconds(60);

      assertThat(
              installs.rotate("r1", at, List.of(access("a2", "in_1", at), refresh("r2", "in_1"))))
          .isTrue();

      assertThat(installs.findToken("r1").orElseThrow().usedAt()).isEqualTo(at);
      assertThat(installs.findToken("a2")).isPresent();
      assertThat(installs.findToken("r2").orElseThrow().usedAt()).isNull();
      assertThat(installs.rotate("r1", at, List.of(refresh("r3", "in_1")))).isFalse();
      assertThat(installs.findToken("r3")).isEmpty();
      assertThat(installs.findToken("r1").orElseThrow().usedAt()).isEqualTo(at);
    }

    @Test
    void rotateRefusesAnAccessTokenAndAnUnknownHash() {
      installs.create(upkeep("in_1", "ci_1"), List.of(access("a1", "in_1", T0)));

      assertThat(installs.rotate("a1", T0, List.of(refresh("r9", "in_1")))).isFalse();
      assertThat(installs.rotate("nope", T0, List.of(refresh("r9", "in_1")))).isFalse();
      assertThat(installs.findToken("a1").orElseThrow().usedAt()).isNull();
      assertThat(installs.findToken("r9")).isEmpty();
    }

    @Test
    void rotateWhoseReplacementFailsLeavesTheRefreshTokenUnused() {
      installs.create(
          upkeep("in_1", "ci_1"), List.of(refresh("r1", "in_1"), access("taken", "in_1", T0)));

      assertThatThrownBy(
              () ->
                  installs.rotate(
                      "r1", T0, List.of(refresh("r2", "in_1"), refresh("taken", "in_1"))))
          .isInstanceOf(Exception.class);

      assertThat(installs.findToken("r1").orElseThrow().usedAt()).isNull();
      assertThat(installs.findToken("r2")).isEmpty();
    }

    @Test
    void concurrentRotationsOfOneRefreshTokenHaveOneWinner() throws Exception {
      installs.create(upkeep("in_1", "ci_1"), List.of(refresh("r1", "in_1")));

      List<Boolean> results =
          race(8, i -> installs.rotate("r1", T0, List.of(refresh("r1-" + i, "in_1"))));

      assertThat(results).containsOnlyOnce(true);
      for (int i = 0; i < results.size(); i++) {
        assertThat(installs.findToken("r1-" + i).isPresent()).isEqualTo(results.get(i));
      }
    }

    @Test
    void revokeMarksTheInstallOnce() {
      installs.create(upkeep("in_1", "ci_1"), List.of());
      Instant at = T0.plusSeconds(5);

      assertThat(installs.revoke("in_1", at)).isTrue();
      assertThat(installs.revoke("in_1", at.plusSeconds(1))).isFalse();
      assertThat(installs.revoke("in_unknown", at)).isFalse();
      assertThat(installs.find("in_1").orElseThrow().revokedAt()).isEqualTo(at);
    }

    @Test
    void insertedCodeIsFoundByHash() {
      AuthorizationCode code = code("c1");

      installs.insertCode(code);

      assertThat(installs.findCode("c1")).contains(code);
      assertThat(installs.findCode("c2")).isEmpty();
    }

    @Test
    void codeOfAnUnknownProjectIsRefused() {
      AuthorizationCode orphan =
          new AuthorizationCode(
              "c1", 987_654, "http://127.0.0.1:1/cb", "x", "usage", T0, T0.plusSeconds(60), null);

      assertThatThrownBy(() -> installs.insertCode(orphan)).isInstanceOf(StoreException.class);
    }

    @Test
    void redeemUsesTheCodeOnceAndCreatesTheInstall() {
      installs.insertCode(code("c1"));
      Instant at = T0.plusSeconds(10);

      assertThat(installs.redeem("c1", at, upkeep("in_1", "ci_1"), List.of(refresh("r1", "in_1"))))
          .isTrue();

      assertThat(installs.findCode("c1").orElseThrow().usedAt()).isEqualTo(at);
      assertThat(installs.find("in_1")).isPresent();
      assertThat(installs.findToken("r1")).isPresent();
      assertThat(installs.redeem("c1", at, upkeep("in_2", "ci_2"), List.of(refresh("r2", "in_2"))))
          .isFalse();
      assertThat(installs.find("in_2")).isEmpty();
      assertThat(installs.findToken("r2")).isEmpty();
      assertThat(installs.redeem("unknown", at, upkeep("in_3", "ci_3"), List.of())).isFalse();
      assertThat(installs.find("in_3")).isEmpty();
    }

    @Test
    void redeemWhoseInstallFailsLeavesTheCodeUnused() {
      installs.create(upkeep("in_1", "ci_taken"), List.of());
      installs.insertCode(code("c1"));

      assertThatThrownBy(() -> installs.redeem("c1", T0, upkeep("in_2", "ci_taken"), List.of()))
          .isInstanceOf(Exception.class);

      assertThat(installs.findCode("c1").orElseThrow().usedAt()).isNull();
      assertThat(installs.find("in_2")).isEmpty();
    }

    @Test
    void concurrentRedemptionsOfOneCodeCreateOneInstall() throws Exception {
      installs.insertCode(code("c1"));

      List<Boolean> results =
          race(8, i -> installs.redeem("c1", T0, upkeep("in_" + i, "ci_" + i), List.of()));

      assertThat(results).containsOnlyOnce(true);
      for (int i = 0; i < results.size(); i++) {
        assertThat(installs.find("in_" + i).isPresent()).isEqualTo(results.get(i));
      }
    }

    private Install upkeep(String id, String clientId) {
      return new Install(
          id, project, Install.Flow.UPKEEP, clientId, null, null, Map.of(), T0, null);
    }

    @Test
    void rotateStoresTheSuccessorAndRevokeTokensRevokesTheWholeFamily() {
      installs.create(
          new Install("in_1", project, Install.Flow.OTUMAT, "ci_1", "s", null, Map.of(), T0, null),
          List.of(access("a1", "in_1", T0.plusSeconds(3600)), refresh("r1", "in_1")));
      installs.create(
          new Install("in_2", project, Install.Flow.OTUMAT, "ci_2", "s", null, Map.of(), T0, null),
          List.of(refresh("q1", "in_2")));
      Instant at = T0.plusSeconds(5);

      assertThat(
              installs.rotate(
                  "r1",
                  at,
                  List.of(access("a2", "in_1", at.plusSeconds(60)), refresh("r2", "in_1")),
                  "sealed-pair"))
          .isTrue();
      assertThat(installs.findToken("r1").orElseThrow().successor()).isEqualTo("sealed-pair");
      assertThat(installs.findToken("r1").orElseThrow().usedAt()).isEqualTo(at);

      assertThat(installs.revokeTokens("in_1", at.plusSeconds(1))).isEqualTo(4);
      for (String hash : List.of("a1", "r1", "a2", "r2")) {
        InstallToken t = installs.findToken(hash).orElseThrow();
        assertThat(t.revokedAt()).isEqualTo(at.plusSeconds(1));
        assertThat(t.successor()).isNull();
      }
      assertThat(installs.findToken("q1").orElseThrow().revokedAt()).isNull();
      assertThat(installs.revokeTokens("in_1", at.plusSeconds(2))).isZero();
      // a revoked refresh token cannot be rotated
      assertThat(installs.rotate("r2", at, List.of(refresh("r3", "in_1")))).isFalse();
    }

    @Test
    void purgeRemovesWhatIsExpiredAndKeepsTheRest() {
      Instant now = T0.plus(Duration.ofDays(40));
      Instant sealedBefore = now.minusSeconds(60);
      Instant retainedSince = now.minus(Duration.ofDays(30));
      installs.create(
          new Install("in_1", project, Install.Flow.OTUMAT, "ci_1", "s", null, Map.of(), T0, null),
          List.of(
              access("a-expired", "in_1", now),
              access("a-live", "in_1", now.plusSeconds(1)),
              refresh("r-unused", "in_1"),
              refresh("r-used-long-ago", "in_1"),
              refresh("r-used-in-grace", "in_1"),
              refresh("r-used-after-grace", "in_1")));
      installs.rotate("r-used-long-ago", retainedSince, List.of(), "old");
      installs.rotate("r-used-in-grace", now.minusSeconds(30), List.of(), "fresh");
      installs.rotate("r-used-after-grace", now.minusSeconds(90), List.of(), "stale");
      installs.create(
          new Install("in_2", project, Install.Flow.OTUMAT, "ci_2", "s", null, Map.of(), T0, null),
          List.of(refresh("q-revoked", "in_2"), refresh("q-kept", "in_2")));
      installs.revokeTokens("in_2", T0);
      installs.create(
          new Install(
              "in_2b", project, Install.Flow.OTUMAT, "ci_2b", "s", null, Map.of(), T0, null),
          List.of(refresh("q-live", "in_2b")));
      installs.create(
          new Install("in_3", project, Install.Flow.UPKEEP, "ci_3", null, null, Map.of(), T0, null),
          List.of(refresh("z1", "in_3")));
      installs.revoke("in_3", retainedSince);
      installs.create(
          new Install("in_4", project, Install.Flow.UPKEEP, "ci_4", null, null, Map.of(), T0, null),
          List.of(refresh("y1", "in_4")));
      installs.revoke("in_4", retainedSince.plusSeconds(1));
      installs.insertCode(codeExpiring("c-expired", now));
      installs.insertCode(codeExpiring("c-live", now.plusSeconds(1)));

      InstallStore.Purged p = installs.purge(now, sealedBefore, retainedSince);

      assertThat(p).isEqualTo(new InstallStore.Purged(1, 5, 1));
      assertThat(installs.findCode("c-expired")).isEmpty();
      assertThat(installs.findCode("c-live")).isPresent();
      assertThat(installs.findToken("a-expired")).isEmpty();
      assertThat(installs.findToken("a-live")).isPresent();
      assertThat(installs.findToken("r-unused")).isPresent();
      assertThat(installs.findToken("r-used-long-ago")).isEmpty();
      assertThat(installs.findToken("r-used-in-grace").orElseThrow().successor())
          .isEqualTo("fresh");
      assertThat(installs.findToken("r-used-after-grace").orElseThrow().successor()).isNull();
      assertThat(installs.findToken("q-revoked")).isEmpty();
      assertThat(installs.findToken("q-kept")).isEmpty();
      assertThat(installs.findToken("q-live")).isPresent();
      assertThat(installs.find("in_3")).isEmpty();
      assertThat(installs.findToken("z1")).isEmpty();
      assertThat(installs.find("in_4")).isPresent();
      assertThat(installs.findToken("y1")).isPresent();
      assertThat(installs.find("in_2")).isPresent();
      assertThat(installs.purge(now, sealedBefore, retainedSince))
          .isEqualTo(new InstallStore.Purged(0, 0, 0));
    }

    @Test
    void aSecretIsStoredOnceAndTheSameForEveryCaller() throws Exception {
      assertThat(installs.secret("csrf", "first", T0)).isEqualTo("first");
      assertThat(installs.secret("csrf", "second", T0)).isEqualTo("first");
      assertThat(installs.secret("other", "x", T0)).isEqualTo("x");
      assertThat(
              race(
                  8,
                  i ->
                      installs
                          .secret("raced", "v" + i, T0)
                          .equals(installs.secret("raced", "w", T0))))
          .containsOnly(true);
    }

    private AuthorizationCode codeExpiring(String hash, Instant expiresAt) {
      return new AuthorizationCode(
          hash,
          project,
          "http://127.0.0.1:5000/callback",
          "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
          "usage",
          T0,
          expiresAt,
          null);
    }

    private AuthorizationCode code(String hash) {
      return new AuthorizationCode(
          hash,
          project,
          "http://127.0.0.1:5000/callback",
          "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
          "usage",
          T0,
          T0.plusSeconds(60),
          null);
    }

    private static InstallToken access(String hash, String install, Instant expiresAt) {
      return new InstallToken(hash, install, InstallToken.Kind.ACCESS, T0, expiresAt, null);
    }

    private static InstallToken refresh(String hash, String install) {
      return new InstallToken(hash, install, InstallToken.Kind.REFRESH, T0, null, null);
    }

    /** Runs {@code n} calls at once (released together) and returns their results in order. */
    private static List<Boolean> race(int n, IntFunction<Boolean> call) throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(n);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int id = i;
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    return call.apply(id);
                  }));
        }
        start.countDown();
        List<Boolean> results = new ArrayList<>();
        for (Future<Boolean> f : futures) {
          results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  class Releases {
    ReleaseStore releases;
    Project tools;
    Project other;

    @BeforeEach
    void projects() {
      releases = store.releases();
      tools = store.projects().register("lab/tools").orElseThrow();
      other = store.projects().register("lab/other").orElseThrow();
    }

    NewRelease release(Project p, String title, String version, String... blobs) {
      return new NewRelease(
          p.id(),
          "Global Public Workspace",
          title,
          version,
          "title: " + title + "-v" + version + "\n",
          blobs.length,
          10L * blobs.length,
          false,
          Set.of(blobs),
          T0);
    }

    @Test
    void aPublishedReleaseIsFoundListedAndReadBack() {
      assertThat(releases.publish(release(tools, "tool", "1.0.0", "aa"))).isEqualTo(PUBLISHED);
      assertThat(releases.publish(release(tools, "tool", "1.1.0+build.2"))).isEqualTo(PUBLISHED);

      HostedRelease found = releases.find("Global Public Workspace", "tool", "1.0.0").orElseThrow();
      assertThat(found.project()).isEqualTo("lab/tools");
      assertThat(found.projectId()).isEqualTo(tools.id());
      assertThat(found.files()).isEqualTo(1);
      assertThat(found.bytes()).isEqualTo(10);
      assertThat(found.publishedAt()).isEqualTo(T0);
      assertThat(found.yanked()).isFalse();
      assertThat(releases.record(found.id())).contains("title: tool-v1.0.0\n");
      assertThat(releases.list("Global Public Workspace", "tool"))
          .extracting(HostedRelease::version)
          .containsExactly("1.0.0", "1.1.0+build.2");
      assertThat(releases.list("Lab Workspace", "tool")).isEmpty();
      assertThat(releases.find("Global Public Workspace", "tool", "1.1.0")).isEmpty();
      assertThat(releases.ofProject(tools.id())).hasSize(2);
      assertThat(releases.ofProject(other.id())).isEmpty();
      assertThat(releases.owner("Global Public Workspace", "tool")).contains(tools);
      assertThat(releases.owner("Lab Workspace", "tool")).isEmpty();
    }

    @Test
    void aVersionIsPublishedOnceAndATitleBelongsToOneProject() {
      assertThat(releases.publish(release(tools, "tool", "1.0.0"))).isEqualTo(PUBLISHED);

      assertThat(releases.publish(release(tools, "tool", "1.0.0", "bb"))).isEqualTo(EXISTS);
      assertThat(releases.publish(release(other, "tool", "2.0.0", "bb"))).isEqualTo(TITLE_TAKEN);

      assertThat(releases.list("Global Public Workspace", "tool")).hasSize(1);
      assertThat(releases.blobReaders("bb")).isEmpty();
    }

    @Test
    void ofConcurrentPublishesOfOneVersionExactlyOneWins() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ReleaseStore.Published>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    return releases.publish(release(tools, "tool", "3.0.0"));
                  }));
        }
        go.countDown();
        List<ReleaseStore.Published> outcomes = new ArrayList<>();
        for (Future<ReleaseStore.Published> f : results) {
          outcomes.add(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(outcomes).containsOnlyOnce(PUBLISHED).containsOnly(PUBLISHED, EXISTS);
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    void aYankReplacesTheRecordAndSaysWhy() {
      releases.publish(release(tools, "tool", "1.0.0"));
      HostedRelease r = releases.find("Global Public Workspace", "tool", "1.0.0").orElseThrow();

      assertThat(releases.yank(r.id(), "yanked record\n", "Broken.", T0.plusSeconds(60))).isTrue();

      HostedRelease yanked =
          releases.find("Global Public Workspace", "tool", "1.0.0").orElseThrow();
      assertThat(yanked.yankReason()).isEqualTo("Broken.");
      assertThat(yanked.yankedAt()).isEqualTo(T0.plusSeconds(60));
      assertThat(releases.record(r.id())).contains("yanked record\n");
      assertThat(releases.yank(r.id() + 1000, "x", "y", T0)).isFalse();
    }

    @Test
    void aReleasesProjectReadsItsBlobsAndUploadersAreAdded() {
      releases.publish(release(tools, "tool", "1.0.0", "aa", "bb"));
      releases.addBlobReader("bb", other.id());
      releases.addBlobReader("bb", other.id());

      assertThat(releases.blobReaders("aa")).containsExactly(tools);
      assertThat(releases.blobReaders("bb")).containsExactly(other, tools);
      assertThat(releases.blobReaders("cc")).isEmpty();
    }

    @Test
    void downloadsAreCountedPerReleaseAndDay() {
      releases.publish(release(tools, "tool", "1.0.0"));
      releases.publish(release(tools, "tool", "2.0.0"));
      long v1 = releases.find("Global Public Workspace", "tool", "1.0.0").orElseThrow().id();
      long v2 = releases.find("Global Public Workspace", "tool", "2.0.0").orElseThrow().id();
      LocalDate day = LocalDate.of(2026, 12, 1);
      for (int i = 0; i < 5; i++) {
        releases.countDownload(v1, day);
      }
      releases.countDownload(v2, day);
      releases.countDownload(v2, day.plusDays(1));

      assertThat(releases.downloads(tools.id(), day, day.plusDays(2)))
          .containsExactly(
              new ReleaseDownloads("Global Public Workspace", "tool", "1.0.0", day, 5),
              new ReleaseDownloads("Global Public Workspace", "tool", "2.0.0", day, 1),
              new ReleaseDownloads("Global Public Workspace", "tool", "2.0.0", day.plusDays(1), 1));
      assertThat(releases.downloads(tools.id(), day.plusDays(1), day.plusDays(2))).hasSize(1);
      assertThat(releases.downloads(other.id(), day, day.plusDays(2))).isEmpty();
    }

    @Test
    void aProjectsVisibilityIsKept() {
      assertThat(tools.visibility()).isEqualTo(Visibility.COUNTS_PUBLIC);

      assertThat(store.projects().setVisibility("lab/tools", Visibility.PRIVATE)).isTrue();
      assertThat(store.projects().setVisibility("lab/none", Visibility.PRIVATE)).isFalse();

      assertThat(store.projects().find("lab/tools").orElseThrow().visibility())
          .isEqualTo(Visibility.PRIVATE);
      assertThat(releases.blobReaders("x")).isEmpty();

      // registered private from its first row on; a second registration changes nothing
      assertThat(
              store
                  .projects()
                  .register("lab/closed", Visibility.PRIVATE)
                  .orElseThrow()
                  .visibility())
          .isEqualTo(Visibility.PRIVATE);
      assertThat(store.projects().register("lab/closed", Visibility.COUNTS_PUBLIC)).isEmpty();
      assertThat(store.projects().find("lab/closed").orElseThrow().visibility())
          .isEqualTo(Visibility.PRIVATE);
    }
  }

  @Nested
  class Alerts {
    @Test
    void anAlertIsOpenOncePerRuleAndVersionUntilItResolves() {
      AlertsContract.anAlertIsOpenOncePerRuleAndVersionUntilItResolves(store);
    }

    @Test
    void deliveriesAreLoggedAndGoWithTheirRule() {
      AlertsContract.deliveriesAreLoggedAndGoWithTheirRule(store);
    }

    @Test
    void ofSeveralFiringAtOnceExactlyOneGetsTheAlert() throws Exception {
      AlertsContract.ofSeveralFiringAtOnceExactlyOneGetsTheAlert(store);
    }
  }

  @Nested
  class Privacy {
    long tools;
    long lab;

    @BeforeEach
    void registerProjects() {
      tools = store.projects().register("lab/tools").orElseThrow().id();
      lab = store.projects().register("lab/lab").orElseThrow().id();
    }

    /** Collects an export. */
    private final class Collected implements PrivacyStore.UserData {
      final List<StoredUser> users = new ArrayList<>();
      final List<UsageEvent> events = new ArrayList<>();

      @Override
      public void user(StoredUser user) {
        users.add(user);
      }

      @Override
      public void event(UsageEvent event) {
        events.add(event);
      }
    }

    @Test
    void anExportHoldsEverythingStoredUnderTheUserIdAndNothingElse() throws Exception {
      UsageEvent first =
          new TestEvent(
                  "e1",
                  tools,
                  UsageEvent.BREADCRUMB,
                  T0.plusSeconds(60),
                  "1.0.0",
                  "ann",
                  "linux",
                  RunStatus.F)
              .build();
      UsageEvent second =
          new TestEvent(
                  null,
                  tools,
                  OTHER_KIND,
                  T0.plusSeconds(7200),
                  "1.1.0",
                  "ann",
                  "darwin",
                  RunStatus.C)
              .build();
      UsageEvent elsewhere =
          new TestEvent(null, lab, UsageEvent.BREADCRUMB, T0, "2.0.0", "ann", "win32", RunStatus.R)
              .build();
      UsageEvent someoneElse =
          new TestEvent(
                  null, tools, UsageEvent.BREADCRUMB, T0, "1.0.0", "bob", "linux", RunStatus.R)
              .build();
      UsageEvent anonymous =
          new TestEvent(null, tools, UsageEvent.BREADCRUMB, T0, "1.0.0", null, "linux", RunStatus.R)
              .build();
      store.events().append(List.of(first, someoneElse, second, elsewhere, anonymous));

      Collected all = new Collected();
      assertThat(store.privacy().export("ann", null, all)).isEqualTo(3);
      // users rows by project name, then events by project and time, every field as stored
      assertThat(all.users)
          .containsExactly(
              new StoredUser(lab, "lab/lab", "ann", T0, "win32", "docker"),
              new StoredUser(tools, "lab/tools", "ann", T0.plusSeconds(60), "linux", "docker"));
      // lab/lab before lab/tools by name, though registered after it
      assertThat(all.events).containsExactly(elsewhere, first, second);
      assertThat(all.events.get(1).attributes())
          .containsExactly(Map.entry("source", "test"), Map.entry("source", "again"));

      Collected one = new Collected();
      assertThat(store.privacy().export("ann", lab, one)).isEqualTo(1);
      assertThat(one.users).extracting(StoredUser::project).containsExactly("lab/lab");
      assertThat(one.events).containsExactly(elsewhere);

      Collected nobody = new Collected();
      assertThat(store.privacy().export("carol", null, nobody)).isZero();
      assertThat(nobody.users).isEmpty();
      assertThat(nobody.events).isEmpty();
    }

    @Test
    void forgettingAUserLeavesEveryAnswerEqualToTheEventsLeftAndNoTraceOfItsId() throws Exception {
      try (Connection sql = openSql()) {
        RollupProperty p = new RollupProperty(store, sql, 8_000);
        long a = p.stream("random/forget-a");
        long b = p.stream("random/forget-b");
        p.append(a, 60);
        p.append(b, 60);
        store.events().rollUpPast(RollupProperty.NOW); // months and busy days summed
        long events = rows(sql, "SELECT COUNT(*) FROM events WHERE user_id = 'user-3'");
        long projects =
            rows(sql, "SELECT COUNT(DISTINCT project_id) FROM events WHERE user_id = 'user-3'");
        assertThat(events).as("the random streams use user-3").isPositive();

        PrivacyStore.Forgotten forgotten = store.privacy().forget("user-3", null);

        assertThat(forgotten.events()).isEqualTo(events);
        assertThat(forgotten.users()).isEqualTo(projects);
        assertThat(forgotten.days()).isPositive();
        p.check(a, 40);
        p.check(b, 40);
        assertNoTrace(sql, "user-3");
        // the recomputed rollups are what a rebuild from the events left makes
        List<String> recomputed = RollupProperty.rollups(sql);
        store.events().rollUpPast(RollupProperty.NOW); // months and days summed again
        p.check(a, 20);
        store.events().rebuildRollups();
        assertThat(RollupProperty.rollups(sql)).isEqualTo(recomputed);
        // the user comes back: a new users row and ordinal, counted once
        p.append(a, 80);
        p.check(a, 40);
        assertThat(store.privacy().forget("user-3", b))
            .isEqualTo(new PrivacyStore.Forgotten(0, 0, 0));
        assertThat(store.privacy().forget("user-3", a).users()).isEqualTo(1);
        p.check(a, 20);
      }
    }

    @Test
    void requestsToBeForgottenAreCarriedOutTogetherOncePerProject() throws Exception {
      try (Connection sql = openSql()) {
        RollupProperty p = new RollupProperty(store, sql, 8_500);
        long a = p.stream("random/asked-a");
        long b = p.stream("random/asked-b");
        p.append(a, 60);
        p.append(b, 60);
        store.events().rollUpPast(RollupProperty.NOW);
        long user3 = rows(sql, "SELECT COUNT(*) FROM events WHERE user_id = 'user-3'");
        long user5InA =
            rows(sql, "SELECT COUNT(*) FROM events WHERE user_id = 'user-5' AND project_id = " + a);
        long user5InB =
            rows(sql, "SELECT COUNT(*) FROM events WHERE user_id = 'user-5' AND project_id = " + b);
        assertThat(user5InB).as("the random streams use user-5 in both").isPositive();
        Instant at = Instant.parse("2026-12-07T10:00:00Z");
        PrivacyStore privacy = store.privacy();
        assertThat(privacy.requestForget(new PrivacyStore.ForgetRequest(a, "user-3", at)))
            .isEqualTo(PrivacyStore.Queued.NEW);
        assertThat(privacy.requestForget(new PrivacyStore.ForgetRequest(b, "user-3", at)))
            .isEqualTo(PrivacyStore.Queued.NEW);
        assertThat(privacy.requestForget(new PrivacyStore.ForgetRequest(a, "user-5", at)))
            .isEqualTo(PrivacyStore.Queued.NEW);
        assertThat(
                privacy.requestForget(
                    new PrivacyStore.ForgetRequest(a, "user-3", at.plusSeconds(60))))
            .as("asked again before it was carried out")
            .isEqualTo(PrivacyStore.Queued.ALREADY);
        p.check(a, 10); // nothing is removed while the requests wait

        PrivacyStore.RequestsDone done = privacy.forgetRequested();

        assertThat(done.requests())
            .containsExactlyInAnyOrder(
                new PrivacyStore.ForgetRequest(a, "user-3", at),
                new PrivacyStore.ForgetRequest(b, "user-3", at),
                new PrivacyStore.ForgetRequest(a, "user-5", at));
        assertThat(done.removed().events()).isEqualTo(user3 + user5InA);
        assertThat(done.removed().users()).isEqualTo(3);
        assertNoTrace(sql, "user-3");
        assertThat(rows(sql, "SELECT COUNT(*) FROM events WHERE user_id = 'user-5'"))
            .as("user-5 asked only in the first project")
            .isEqualTo(user5InB);
        p.check(a, 40);
        p.check(b, 40);
        assertThat(privacy.forgetRequested().requests()).as("each carried out once").isEmpty();
      }
    }

    @Test
    void theQueueOfRequestsIsBounded() throws Exception {
      try (Connection sql = openSql()) {
        sql.setAutoCommit(false);
        try (PreparedStatement ps =
            sql.prepareStatement(
                "INSERT INTO forget_requests (project_id, user_id, requested_at) VALUES (?, ?, 0)")) {
          for (int i = 0; i < PrivacyStore.MAX_FORGET_REQUESTS; i++) {
            ps.setLong(1, tools);
            ps.setString(2, "waiting-" + i);
            ps.addBatch();
          }
          ps.executeBatch();
        }
        sql.commit();
        sql.setAutoCommit(true);
      }
      Instant at = Instant.parse("2026-12-07T10:00:00Z");
      assertThat(store.privacy().requestForget(new PrivacyStore.ForgetRequest(lab, "ann", at)))
          .isEqualTo(PrivacyStore.Queued.FULL);
      assertThat(
              store.privacy().requestForget(new PrivacyStore.ForgetRequest(tools, "waiting-7", at)))
          .isEqualTo(PrivacyStore.Queued.ALREADY);
      assertThat(store.privacy().forgetRequested().requests())
          .hasSize(PrivacyStore.MAX_FORGET_REQUESTS);
      assertThat(store.privacy().requestForget(new PrivacyStore.ForgetRequest(lab, "ann", at)))
          .isEqualTo(PrivacyStore.Queued.NEW);
    }
  }

  @Nested
  class Retention {
    @Test
    void pruningOldDaysLeavesEveryAnswerEqualToTheEventsLeft() throws Exception {
      try (Connection sql = openSql()) {
        RollupProperty p = new RollupProperty(store, sql, 9_000);
        long a = p.stream("random/prune-a");
        long b = p.stream("random/prune-b");
        p.append(a, 80);
        p.append(b, 40);
        store.events().rollUpPast(RollupProperty.NOW); // months and busy days summed
        // 2024-03-02: inside the busy days, in the middle of March (a cut month)
        int cut = (int) (RollupProperty.BASE.toEpochMilli() / RollupProperty.DAY) + 42;
        long before =
            rows(sql, "SELECT COUNT(*) FROM events WHERE project_id = " + a + " AND day < " + cut);
        long otherBefore = rows(sql, "SELECT COUNT(*) FROM events WHERE project_id = " + b);
        assertThat(before).isPositive();

        PrivacyStore.Pruned pruned = store.privacy().prune(a, cut);

        assertThat(pruned.events()).isEqualTo(before);
        assertThat(
                rows(
                    sql,
                    "SELECT COUNT(*) FROM events WHERE project_id = " + a + " AND day < " + cut))
            .isZero();
        assertThat(rows(sql, "SELECT COUNT(*) FROM events WHERE project_id = " + b))
            .isEqualTo(otherBefore);
        // every users row left has an event left; none of the pruned-only users is kept
        assertThat(
                rows(
                    sql,
                    "SELECT COUNT(*) FROM users u WHERE u.project_id = "
                        + a
                        + " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.project_id = u.project_id"
                        + " AND e.user_id = u.user_id)"))
            .isZero();
        assertThat(
                rows(
                    sql,
                    "SELECT COUNT(DISTINCT user_id) FROM events WHERE project_id = "
                        + a
                        + " AND user_id IS NOT NULL"))
            .isEqualTo(rows(sql, "SELECT COUNT(*) FROM users WHERE project_id = " + a));
        p.check(a, 40);
        p.check(b, 20);
        assertThat(store.privacy().prune(a, cut)).isEqualTo(new PrivacyStore.Pruned(0, 0));

        store.events().rollUpPast(RollupProperty.NOW); // the cut month summed again
        p.check(a, 30);
        List<String> pruneKept = RollupProperty.rollups(sql);
        store.events().rebuildRollups();
        assertThat(RollupProperty.rollups(sql)).isEqualTo(pruneKept);
        // events arrive again, old users among them
        p.append(a, 60);
        p.check(a, 30);
      }
    }
  }

  /** A single number a query answers. */
  static long rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** No row of any table of the store holds {@code text} in any column read as text. */
  static void assertNoTrace(Connection c, String text) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs =
        c.getMetaData()
            .getTables(null, c.getSchema(), "%", new String[] {"TABLE", "PARTITIONED TABLE"})) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
      }
    }
    assertThat(tables).contains("events", "users");
    for (String table : tables) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= columns; i++) {
            String value = rs.getString(i);
            assertThat(value == null || !value.contains(text))
                .as("%s.%s holds %s", table, rs.getMetaData().getColumnName(i), text)
                .isTrue();
          }
        }
      }
    }
  }

  /** A usage event with the fields these tests vary; everything else fixed. */
  record TestEvent(
      String id,
      long project,
      String kind,
      Instant ts,
      String version,
      String userId,
      String platform,
      RunStatus status) {
    TestEvent withKind(String kind) {
      return new TestEvent(id, project, kind, ts, version, userId, platform, status);
    }

    TestEvent withProject(long project) {
      return new TestEvent(id, project, kind, ts, version, userId, platform, status);
    }

    TestEvent at(Instant ts) {
      return new TestEvent(id, project, kind, ts, version, userId, platform, status);
    }

    TestEvent by(String userId) {
      return new TestEvent(id, project, kind, ts, version, userId, platform, status);
    }

    UsageEvent build() {
      return UsageEvent.builder(project, kind, ts)
          .eventId(id)
          .version(version)
          .language("python")
          .languageVersion("3.11.7")
          .userId(userId)
          .platform(platform)
          .container("docker")
          .status(status)
          .statusDesc(status == RunStatus.F ? "Errored" : null)
          .errorType(status == RunStatus.F ? "ValueError" : null)
          .errorDesc(status == RunStatus.F ? "boom" : null)
          .attributes(List.of(Map.entry("source", "test"), Map.entry("source", "again")))
          .build();
    }
  }
}
