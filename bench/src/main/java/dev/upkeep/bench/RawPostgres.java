package dev.upkeep.bench;

import dev.upkeep.bench.BatchedIngestBench.Ev;
import dev.upkeep.bench.BatchedIngestBench.Options;
import dev.upkeep.bench.BatchedIngestBench.Phase;
import dev.upkeep.bench.BatchedIngestBench.Result;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.jdbc.JdbcStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL anchor of the batched-ingest benchmark (path {@code raw-pg}): a schema created and
 * migrated by the server's own code ({@link JdbcStores#postgres}), then one thread on one plain
 * pgjdbc connection inserting, one transaction per batch, the rows the collector inserts for each
 * event: the {@code events} rows with the collector's own set-based statement ({@code INSERT …
 * SELECT * FROM unnest(…)}, as {@code PostgresAppender} binds it), and a {@code users} row per
 * event ({@code ON CONFLICT DO NOTHING}, like the SQLite anchor, with no ordinal). No event ids, no
 * rollups: what PostgreSQL itself costs for the rows, the floor under the server's path.
 */
final class RawPostgres {
  /** PostgresAppender's statement, verbatim. */
  private static final String INSERT_EVENTS =
      "INSERT INTO events (event_id, project_id, kind, ts, day, version, language,"
          + " language_version, user_id, session_id, user_type, platform, container, is_ci,"
          + " status, status_desc, error_type, error_desc, attributes)"
          + " SELECT * FROM unnest(?::text[], ?::bigint[], ?::text[], ?::bigint[], ?::int[],"
          + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[], ?::smallint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])";

  private static final String INSERT_USERS =
      "INSERT INTO users (project_id, user_id, first_seen, platform, container)"
          + " SELECT * FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[])"
          + " ON CONFLICT (project_id, user_id) DO NOTHING";

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private RawPostgres() {}

  /** Warm-up, then the measured phase, on the schema of {@code url} (new and empty). */
  static Result run(String url, List<Ev> pool, Options o) throws Exception {
    long projectId;
    try (Store store = JdbcStores.postgres(url)) {
      projectId = store.projects().register(BatchedIngestBench.PROJECT).orElseThrow().id();
    }
    try (Connection c = DriverManager.getConnection(url);
        PostgresCpu pg = new PostgresCpu(url, BatchedIngestBench.APP);
        PreparedStatement events = c.prepareStatement(INSERT_EVENTS);
        PreparedStatement users = c.prepareStatement(INSERT_USERS)) {
      c.setAutoCommit(false);
      Inserter inserter = new Inserter(c, events, users, projectId, pool, o.batch());
      log("raw-pg: warm-up %s", o.warmup());
      Phase warm = BatchedIngestBench.timed(o.warmup(), inserter, pg);
      long warmCommits = inserter.commits;
      inserter.commitNanos = 0;
      log("raw-pg: measured %s", o.duration());
      Phase measured = BatchedIngestBench.timed(o.duration(), inserter, pg);
      long stored;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM events")) {
        rs.next();
        stored = rs.getLong(1);
      }
      c.commit();
      log(
          "raw-pg: %d + %d events inserted, %d rows in events",
          warm.events(), measured.events(), stored);
      return new Result(
          warm,
          measured,
          stored,
          inserter.commits - warmCommits,
          inserter.commitNanos / 1e9,
          stored,
          null);
    }
  }

  /** One batch: two statements of arrays, one commit. */
  private static final class Inserter extends BatchedIngestBench.Inserter {
    private final Connection c;
    private final PreparedStatement events;
    private final PreparedStatement users;
    private final long projectId;
    private final List<Ev> pool;
    private final int batch;
    private int next;

    Inserter(
        Connection c,
        PreparedStatement events,
        PreparedStatement users,
        long projectId,
        List<Ev> pool,
        int batch) {
      this.c = c;
      this.events = events;
      this.users = users;
      this.projectId = projectId;
      this.pool = pool;
      this.batch = batch;
    }

    @Override
    int insertBatch() throws SQLException {
      long t0 = System.nanoTime();
      long now = System.currentTimeMillis();
      String[] nulls = new String[batch];
      long[] project = new long[batch];
      String[] kind = new String[batch];
      long[] ts = new long[batch];
      int[] day = new int[batch];
      String[] version = new String[batch];
      String[] language = new String[batch];
      String[] languageVersion = new String[batch];
      String[] userId = new String[batch];
      String[] sessionId = new String[batch];
      String[] userType = new String[batch];
      String[] platform = new String[batch];
      String[] container = new String[batch];
      short[] ci = new short[batch];
      String[] status = new String[batch];
      for (int k = 0; k < batch; k++) {
        Ev e = pool.get(next);
        next = (next + 1) % pool.size();
        project[k] = projectId;
        kind[k] = "breadcrumb";
        ts[k] = now;
        day[k] = (int) Math.floorDiv(now, MILLIS_PER_DAY);
        version[k] = e.version();
        language[k] = e.language();
        languageVersion[k] = e.languageVersion();
        userId[k] = e.userId();
        sessionId[k] = e.sessionId();
        userType[k] = "general";
        platform[k] = e.platform();
        container[k] = e.container();
        ci[k] = (short) (e.ci() ? 1 : 0);
        status[k] = e.status();
      }
      Object[] columns = {
        nulls,
        project,
        kind,
        ts,
        day,
        version,
        language,
        languageVersion,
        userId,
        sessionId,
        userType,
        platform,
        container,
        ci,
        status,
        nulls,
        nulls,
        nulls,
        nulls
      };
      for (int i = 0; i < columns.length; i++) {
        events.setObject(i + 1, columns[i]);
      }
      int n = events.executeUpdate();
      users.setObject(1, project);
      users.setObject(2, userId);
      users.setObject(3, ts);
      users.setObject(4, platform);
      users.setObject(5, container);
      users.executeUpdate();
      c.commit();
      commitNanos += System.nanoTime() - t0;
      commits++;
      return n;
    }
  }

  private static void log(String format, Object... args) {
    System.err.printf(java.util.Locale.ROOT, "[batched] " + format + "%n", args);
  }
}
