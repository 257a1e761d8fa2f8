package dev.upkeep.bench;

import dev.upkeep.protocol.EventBatch;
import dev.upkeep.protocol.WireEvent;
import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.UpkeepServer;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.jdbc.JdbcStores;
import dev.upkeep.server.store.jdbc.SqliteSynchronous;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * Batched-ingest benchmark (B): {@code POST /v1/events} with 100 events per request against a raw
 * batched JDBC insert of the same rows into SQLite, in one run, on one machine.
 *
 * <ol>
 *   <li><b>raw</b>: a fresh SQLite file migrated by the server's own code ({@link
 *       JdbcStores#sqlite}), then one thread with one plain sqlite-jdbc connection (WAL, the same
 *       {@code synchronous}, busy timeout and foreign keys as the server) inserting the rows the
 *       server would insert for each event (an {@code events} row and a {@code users} row, same
 *       columns and {@code ON CONFLICT DO NOTHING}), one transaction per batch, for a fixed time.
 *   <li><b>server</b>: {@link UpkeepServer} started in this JVM on a fresh data directory (port 0,
 *       rate limit off, same {@code synchronous}), the project registered through {@code POST
 *       /v1/projects} with the initial master token, then N client threads sharing one {@link
 *       HttpClient} (HTTP/1.1 keep-alive) posting JSON arrays of 100 events without {@code id}, so
 *       every event is a new row, for the same time. Acknowledged events are the {@code stored}
 *       counts of 200 answers; the store's row count must be at least that.
 *   <li><b>raw-pg</b>: the raw path on PostgreSQL ({@link RawPostgres}): a new schema migrated by
 *       the server's code, one thread inserting the same rows with the collector's set-based
 *       statement, one transaction per batch.
 *   <li><b>server-pg</b>: the server path with the store on a new PostgreSQL schema ({@code
 *       database-url}).
 * </ol>
 *
 * <p>Every path inserts the same pre-generated events (a pool of realistic breadcrumbs: skewed user
 * ids drawn from a fixed population, one session id per event, a mix of versions, platforms,
 * containers and statuses), each preceded by a warm-up whose rows stay in the database and whose
 * counts are reported separately. Prints Markdown to stdout, progress to stderr.
 *
 * <p>Options ({@code --name=value}): {@code duration} (20s), {@code warmup} (10s), {@code clients}
 * (8), {@code batch} (100), {@code synchronous} (FULL), {@code users} (5000), {@code pool} (50000
 * events), {@code seed} (42), {@code budget} (0.70: server over raw on SQLite), {@code keep}
 * (false: delete the data and drop the schemas), {@code database-url} (none: a PostgreSQL server,
 * where each PostgreSQL path makes a schema of its own), {@code pg-budget} (1.00: server on
 * PostgreSQL over server on SQLite), {@code pg-writers} (1: the server's {@code ingest-writers} on
 * PostgreSQL), {@code paths} (raw,server and, with a database URL, raw-pg,server-pg), {@code
 * profile} (false: sample the writer thread's stack in the measured phase of the server paths and
 * report where its time went, see {@link WriterSampler}, and on PostgreSQL what its backends were
 * doing, see {@link PostgresWaits}).
 *
 * <p>Besides events/s, each path reports its CPU per event stored: this JVM's CPU less its client
 * threads', plus the CPU of the PostgreSQL processes that worked for it ({@link PostgresCpu}; the
 * server must run on this machine).
 */
public final class BatchedIngestBench {
  static final String PROJECT = "nipreps/nipreps";

  /** What the benchmark's PostgreSQL connections (and its server's) call themselves: {@value}. */
  static final String APP = "upkeep-bench-batched";

  /** The server's insert statements (JdbcEventStore), verbatim. */
  private static final String INSERT_EVENT =
      "INSERT INTO events (event_id, project_id, kind, ts, day, version, language,"
          + " language_version, user_id, session_id, user_type, platform, container, is_ci,"
          + " status, status_desc, error_type, error_desc, attributes)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (event_id) DO NOTHING";

  private static final String INSERT_USER =
      "INSERT INTO users (project_id, user_id, first_seen, platform, container)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id, user_id) DO NOTHING";

  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final Pattern STORED = Pattern.compile("\"stored\"\\s*:\\s*(\\d+)");
  private static final Pattern COMMITS =
      Pattern.compile("(?m)^upkeep_ingest_commit_seconds_count(?:\\{[^}]*\\})? ([0-9.eE+-]+)$");
  private static final Pattern COMMIT_SECONDS =
      Pattern.compile("(?m)^upkeep_ingest_commit_seconds_sum(?:\\{[^}]*\\})? ([0-9.eE+-]+)$");

  private BatchedIngestBench() {}

  /** One breadcrumb's values, as the client sends them and the server stores them. */
  record Ev(
      String version,
      String language,
      String languageVersion,
      String userId,
      String sessionId,
      String platform,
      String container,
      boolean ci,
      String status) {

    WireEvent toWire() {
      return WireEvent.builder()
          .project(PROJECT)
          .version(version)
          .language(language)
          .languageVersion(languageVersion)
          .userId(userId)
          .sessionId(sessionId)
          .platform(platform)
          .container(container)
          .isCi(ci)
          .status(status)
          .build();
    }
  }

  record Options(
      Duration duration,
      Duration warmup,
      int clients,
      int batch,
      String synchronous,
      int users,
      int pool,
      long seed,
      double budget,
      boolean keep,
      String databaseUrl,
      double pgBudget,
      List<String> paths,
      boolean profile,
      int pgWriters) {

    /** Every path, in the order they run. */
    static final List<String> ALL_PATHS = List.of("raw", "server", "raw-pg", "server-pg");

    boolean runs(String path) {
      return paths.contains(path);
    }

    static Options parse(String[] args) {
      Map<String, String> m = new HashMap<>();
      for (String a : args) {
        if (!a.startsWith("--")) {
          throw new IllegalArgumentException("options are --name=value, got " + a);
        }
        int eq = a.indexOf('=');
        m.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
      }
      Options o =
          new Options(
              duration(m.getOrDefault("duration", "20s")),
              duration(m.getOrDefault("warmup", "10s")),
              Integer.parseInt(m.getOrDefault("clients", "8")),
              Integer.parseInt(m.getOrDefault("batch", "100")),
              m.getOrDefault("synchronous", "FULL").toUpperCase(Locale.ROOT),
              Integer.parseInt(m.getOrDefault("users", "5000")),
              Integer.parseInt(m.getOrDefault("pool", "50000")),
              Long.parseLong(m.getOrDefault("seed", "42")),
              Double.parseDouble(m.getOrDefault("budget", "0.70")),
              Boolean.parseBoolean(m.getOrDefault("keep", "false")),
              m.getOrDefault("database-url", ""),
              Double.parseDouble(m.getOrDefault("pg-budget", "1.00")),
              paths(m.get("paths"), m.getOrDefault("database-url", "")),
              Boolean.parseBoolean(m.getOrDefault("profile", "false")),
              Integer.parseInt(m.getOrDefault("pg-writers", "1")));
      m.keySet()
          .removeAll(
              List.of(
                  "duration",
                  "warmup",
                  "clients",
                  "batch",
                  "synchronous",
                  "users",
                  "pool",
                  "seed",
                  "budget",
                  "keep",
                  "database-url",
                  "pg-budget",
                  "paths",
                  "profile",
                  "pg-writers"));
      if (!m.isEmpty()) {
        throw new IllegalArgumentException("unknown options " + m.keySet());
      }
      if (o.databaseUrl.isEmpty() && (o.runs("raw-pg") || o.runs("server-pg"))) {
        throw new IllegalArgumentException("paths raw-pg and server-pg need --database-url");
      }
      return o;
    }

    /**
     * The paths asked for, in {@link #ALL_PATHS}' order; default all, or SQLite's without a URL.
     */
    private static List<String> paths(String given, String databaseUrl) {
      if (given == null) {
        return databaseUrl.isEmpty() ? List.of("raw", "server") : ALL_PATHS;
      }
      List<String> asked = List.of(given.split(","));
      for (String p : asked) {
        if (!ALL_PATHS.contains(p)) {
          throw new IllegalArgumentException("paths are " + ALL_PATHS + ", got " + p);
        }
      }
      return ALL_PATHS.stream().filter(asked::contains).toList();
    }

    private static Duration duration(String s) {
      String t = s.trim().toLowerCase(Locale.ROOT);
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
      }
      return Duration.ofSeconds(Long.parseLong(t));
    }
  }

  /** What one timed phase did. */
  record Phase(
      long events,
      long requests,
      long failures,
      double seconds,
      long[] latenciesNanos,
      Map<String, Long> cpuByThread,
      long processCpuNanos,
      long gcMillis,
      double machineBusyFraction,
      String firstFailure,
      PostgresCpu.Usage db) {

    double eventsPerSecond() {
      return events / seconds;
    }

    /** CPU of the in-process load generator: the client threads and their HttpClient's. */
    long clientCpuNanos() {
      return cpuByThread.entrySet().stream()
          .filter(e -> e.getKey().startsWith("bench-client") || e.getKey().startsWith("HttpClient"))
          .mapToLong(Map.Entry::getValue)
          .sum();
    }

    /**
     * CPU of the ingest per event stored, in microseconds: this JVM less its client threads, plus
     * the PostgreSQL server's processes working for it (none for SQLite, which runs in the JVM).
     */
    double cpuMicrosPerEvent() {
      return (processCpuNanos - clientCpuNanos() + db.databaseNanos()) / 1e3 / events;
    }

    double percentileMillis(double p) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
      return latenciesNanos[Math.max(0, Math.min(i, latenciesNanos.length - 1))] / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    log(
        "options: duration %s, warm-up %s, %d clients, %d events per batch, synchronous=%s,"
            + " %d users, pool of %d events, seed %d",
        o.duration, o.warmup, o.clients, o.batch, o.synchronous, o.users, o.pool, o.seed);
    List<Ev> pool = generate(o);
    String settings = null;
    if (!o.databaseUrl.isEmpty()) {
      settings = PgSchema.describeSettings(o.databaseUrl);
      log("PostgreSQL: %s", settings);
    }
    Path root = Files.createTempDirectory("upkeep-bench-batched");
    try {
      Map<String, Result> results = new LinkedHashMap<>();
      for (String path : o.paths) {
        results.put(path, run(path, root, pool, o));
      }
      report(o, results, settings);
      boolean lost = false;
      for (String path : List.of("server", "server-pg")) {
        Result r = results.get(path);
        if (r != null && Math.min(r.stored, r.storedAfterClose) < r.acknowledged()) {
          log(
              "FAILED: %s: %d events acknowledged but only %d stored",
              path, r.acknowledged(), Math.min(r.stored, r.storedAfterClose));
          lost = true;
        }
      }
      if (lost) {
        System.exit(1);
      }
    } finally {
      if (o.keep) {
        log("kept %s", root);
      } else {
        deleteTree(root);
      }
    }
  }

  /** Runs one path; a PostgreSQL path on a new schema, dropped after it unless kept. */
  static Result run(String path, Path root, List<Ev> pool, Options o) throws Exception {
    if (!path.endsWith("-pg")) {
      return path.equals("raw")
          ? runRaw(root.resolve("raw"), pool, o)
          : runServer(root.resolve("server"), pool, o, null);
    }
    PgSchema schema = PgSchema.create(o.databaseUrl, "upkeep_bench_" + path.replace('-', '_'), APP);
    log("%s: schema %s", path, schema.name());
    try {
      return path.equals("raw-pg")
          ? RawPostgres.run(schema.url(), pool, o)
          : runServer(root.resolve(path), pool, o, schema.url());
    } finally {
      if (o.keep) {
        log("kept schema %s", schema.name());
      } else {
        schema.close();
      }
    }
  }

  /**
   * @param commits transactions committed during the measured phase
   * @param commitSeconds time spent in those commits (the server's upkeep.ingest.commit timer)
   */
  record Result(
      Phase warmup,
      Phase measured,
      long stored,
      long commits,
      double commitSeconds,
      long storedAfterClose,
      String profile) {
    long acknowledged() {
      return warmup.events + measured.events;
    }
  }

  // ---------------------------------------------------------------------------------- workload

  /**
   * A pool of breadcrumbs: user ids from a fixed population with a Zipf-like skew (a few heavy
   * users, a long tail), a fresh session id per event.
   */
  static List<Ev> generate(Options o) {
    return generate(o.users, o.pool, o.seed);
  }

  /** {@link #generate(Options)} with its three settings. */
  static List<Ev> generate(int population, int size, long seed) {
    Random r = new Random(seed);
    String[] users = new String[population];
    for (int i = 0; i < users.length; i++) {
      users[i] = new UUID(r.nextLong(), r.nextLong()).toString();
    }
    String[] versions = {"24.0.0", "24.0.1", "24.0.2", "24.1.0rc1", "23.2.3", "25.0.0.dev12"};
    String[] pythons = {"3.9.18", "3.10.13", "3.11.7", "3.12.1"};
    List<Ev> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      // Zipf-like: index = users * u^3 puts most traffic on the first users.
      double u = r.nextDouble();
      String user = users[(int) (users.length * u * u * u)];
      double p = r.nextDouble();
      String platform = p < 0.75 ? "linux" : p < 0.93 ? "darwin" : "win32";
      double c = r.nextDouble();
      String container = c < 0.45 ? "unknown" : c < 0.80 ? "docker" : "apptainer";
      double s = r.nextDouble();
      String status = s < 0.45 ? "R" : s < 0.85 ? "C" : s < 0.97 ? "F" : "S";
      out.add(
          new Ev(
              versions[
                  Math.min(
                      versions.length - 1,
                      (int) (versions.length * r.nextDouble() * r.nextDouble() * 2))],
              "python",
              pythons[r.nextInt(pythons.length)],
              user,
              new UUID(r.nextLong(), r.nextLong()).toString(),
              platform,
              container,
              r.nextDouble() < 0.1,
              status));
    }
    return out;
  }

  // --------------------------------------------------------------------------------------- raw

  static Result runRaw(Path dir, List<Ev> pool, Options o) throws Exception {
    long projectId;
    // The server's own store code creates and migrates the file: the schema is identical.
    try (Store store = JdbcStores.sqlite(dir, SqliteSynchronous.valueOf(o.synchronous))) {
      projectId = store.projects().register(PROJECT).orElseThrow().id();
    }
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(o.synchronous));
    cfg.setBusyTimeout(30_000);
    cfg.enforceForeignKeys(true);
    String url = "jdbc:sqlite:" + dir.resolve(JdbcStores.SQLITE_FILE).toAbsolutePath();
    try (Connection c = cfg.createConnection(url);
        PreparedStatement ins = c.prepareStatement(INSERT_EVENT);
        PreparedStatement usr = c.prepareStatement(INSERT_USER)) {
      c.setAutoCommit(false);
      RawInserter inserter = new RawInserter(c, ins, usr, projectId, pool, o.batch);
      log("raw: warm-up %s", o.warmup);
      Phase warm = timed(o.warmup, inserter, null);
      long warmCommits = inserter.commits;
      inserter.commitNanos = 0;
      log("raw: measured %s", o.duration);
      Phase measured = timed(o.duration, inserter, null);
      long stored;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM events")) {
        rs.next();
        stored = rs.getLong(1);
      }
      c.commit();
      log("raw: %d + %d events inserted, %d rows in events", warm.events, measured.events, stored);
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

  /** Inserts batches on one thread, counting its commits and the time they took. */
  abstract static class Inserter {
    long commits;
    long commitNanos;

    /** Inserts one batch in one transaction; returns the events inserted. */
    abstract int insertBatch() throws SQLException;
  }

  /** One thread, one connection, one transaction per batch: the floor of the server's own work. */
  static final class RawInserter extends Inserter {
    final Connection c;
    final PreparedStatement ins;
    final PreparedStatement usr;
    final long projectId;
    final List<Ev> pool;
    final int batch;
    int next;

    RawInserter(
        Connection c,
        PreparedStatement ins,
        PreparedStatement usr,
        long projectId,
        List<Ev> pool,
        int batch) {
      this.c = c;
      this.ins = ins;
      this.usr = usr;
      this.projectId = projectId;
      this.pool = pool;
      this.batch = batch;
    }

    /** Inserts one batch in one transaction, bound exactly as JdbcEventStore binds it. */
    @Override
    int insertBatch() throws SQLException {
      long t0 = System.nanoTime(); // bind + execute + commit, as the server's commit timer
      long ts = System.currentTimeMillis();
      for (int k = 0; k < batch; k++) {
        Ev e = pool.get(next);
        next = (next + 1) % pool.size();
        ins.setNull(1, Types.VARCHAR); // event_id: none, every event is a new row
        ins.setLong(2, projectId);
        ins.setString(3, "breadcrumb");
        ins.setLong(4, ts);
        ins.setInt(5, (int) Math.floorDiv(ts, MILLIS_PER_DAY));
        ins.setString(6, e.version);
        ins.setString(7, e.language);
        ins.setString(8, e.languageVersion);
        ins.setString(9, e.userId);
        ins.setString(10, e.sessionId);
        ins.setString(11, "general");
        ins.setString(12, e.platform);
        ins.setString(13, e.container);
        ins.setInt(14, e.ci ? 1 : 0);
        ins.setString(15, e.status);
        ins.setNull(16, Types.VARCHAR);
        ins.setNull(17, Types.VARCHAR);
        ins.setNull(18, Types.VARCHAR);
        ins.setNull(19, Types.VARCHAR);
        ins.addBatch();
        usr.setLong(1, projectId);
        usr.setString(2, e.userId);
        usr.setLong(3, ts);
        usr.setString(4, e.platform);
        usr.setString(5, e.container);
        usr.addBatch();
      }
      int[] stored = ins.executeBatch();
      usr.executeBatch();
      c.commit();
      commitNanos += System.nanoTime() - t0;
      commits++;
      int n = 0;
      for (int s : stored) {
        n += s > 0 ? 1 : 0;
      }
      return n;
    }
  }

  static Phase timed(Duration d, Inserter inserter, PostgresCpu pg) throws SQLException {
    Snapshot before = Snapshot.take(pg);
    long[] lat = new long[1024];
    int nLat = 0;
    long events = 0;
    long requests = 0;
    long start = System.nanoTime();
    long deadline = start + d.toNanos();
    long now = start;
    while (now < deadline) {
      events += inserter.insertBatch();
      requests++;
      long t = System.nanoTime();
      if (nLat == lat.length) {
        lat = Arrays.copyOf(lat, nLat * 2);
      }
      lat[nLat++] = t - now;
      now = t;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] sorted = Arrays.copyOf(lat, nLat);
    Arrays.sort(sorted);
    Snapshot after = Snapshot.take(pg);
    return after.minus(before, events, requests, 0, seconds, sorted, null);
  }

  // ------------------------------------------------------------------------------------ server

  /**
   * @param databaseUrl the PostgreSQL schema to store into, or {@code null}: SQLite in {@code dir}
   */
  static Result runServer(Path dir, List<Ev> pool, Options o, String databaseUrl) throws Exception {
    String name = databaseUrl == null ? "server" : "server-pg";
    ServerConfig config =
        ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .dataDir(dir)
            .rateLimitEnabled(false)
            .sqliteSynchronous(SqliteSynchronous.valueOf(o.synchronous))
            .databaseUrl(databaseUrl)
            .ingestWriters(databaseUrl == null ? 1 : o.pgWriters)
            .build();
    log("%s: starting in-process: %s", name, config.describe());
    // Request bodies are encoded before the clock starts, from the same pool as the raw path:
    // client thread t sends batches t, t + N, t + 2N, ... of the pool, round and round.
    List<List<String>> bodies = new ArrayList<>();
    int batches = pool.size() / o.batch;
    for (int t = 0; t < o.clients; t++) {
      List<String> mine = new ArrayList<>();
      for (int b = t; b < batches; b += o.clients) {
        List<WireEvent> events = new ArrayList<>(o.batch);
        for (Ev e : pool.subList(b * o.batch, (b + 1) * o.batch)) {
          events.add(e.toWire());
        }
        mine.add(EventBatch.encode(events));
      }
      bodies.add(mine);
    }
    log(
        "%s: %d bodies per client, %d bytes each on average",
        name,
        bodies.get(0).size(),
        bodies.get(0).stream().mapToInt(String::length).sum() / bodies.get(0).size());
    PostgresCpu pg = databaseUrl == null ? null : new PostgresCpu(databaseUrl, APP);
    UpkeepServer server = UpkeepServer.start(config);
    long stored;
    long commits;
    double commitSeconds;
    Phase warm;
    Phase measured;
    WriterSampler sampler;
    String profile = null;
    try {
      String token = server.initialMasterToken().orElseThrow();
      URI base = URI.create("http://127.0.0.1:" + server.port());
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      HttpResponse<String> reg =
          http.send(
              HttpRequest.newBuilder(base.resolve("/v1/projects"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + PROJECT + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (reg.statusCode() != 201) {
        throw new IllegalStateException(
            "registering the project: " + reg.statusCode() + " " + reg.body());
      }
      URI events = base.resolve("/v1/events");
      int[] cursor = new int[o.clients];
      log("%s: warm-up %s with %d clients", name, o.warmup, o.clients);
      warm = posting(o.warmup, http, events, bodies, cursor, pg);
      String metricsBefore = metrics(http, base);
      log("%s: measured %s with %d clients", name, o.duration, o.clients);
      sampler = o.profile ? WriterSampler.start(2) : null;
      PostgresWaits waits =
          o.profile && databaseUrl != null ? PostgresWaits.start(databaseUrl, APP, 5) : null;
      measured = posting(o.duration, http, events, bodies, cursor, pg);
      if (sampler != null) {
        sampler.close();
        profile =
            "the writer thread's wall time (stack samples every 2 ms, innermost store or"
                + " pipeline frame): "
                + sampler.describe();
      }
      if (waits != null) {
        waits.close();
        profile +=
            ".\n- What the collector's PostgreSQL backends were doing (pg_stat_activity every"
                + " 5 ms): "
                + waits.describe();
      }
      String metricsAfter = metrics(http, base);
      commits = (long) (number(COMMITS, metricsAfter) - number(COMMITS, metricsBefore));
      commitSeconds = number(COMMIT_SECONDS, metricsAfter) - number(COMMIT_SECONDS, metricsBefore);
      stored = server.store().events().total();
      log(
          "%s: %d + %d events acknowledged, %d rows in events (live)",
          name, warm.events, measured.events, stored);
    } finally {
      server.close();
      if (pg != null) {
        pg.close();
      }
    }
    long storedAfterClose;
    try (Store store =
        databaseUrl == null
            ? JdbcStores.sqlite(dir, SqliteSynchronous.valueOf(o.synchronous))
            : JdbcStores.postgres(databaseUrl)) {
      storedAfterClose = store.events().total();
    }
    return new Result(warm, measured, stored, commits, commitSeconds, storedAfterClose, profile);
  }

  static String metrics(HttpClient http, URI base) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(base.resolve("/metrics")).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static double number(Pattern p, String metrics) {
    Matcher m = p.matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  static Phase posting(
      Duration d, HttpClient http, URI uri, List<List<String>> bodies, int[] cursor, PostgresCpu pg)
      throws InterruptedException {
    int n = bodies.size();
    long[] events = new long[n];
    long[] requests = new long[n];
    long[] failures = new long[n];
    long[][] lat = new long[n][];
    int[] nLat = new int[n];
    AtomicReference<String> firstFailure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    long[] deadline = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      int id = t;
      Thread th =
          new Thread(
              () -> {
                List<String> mine = bodies.get(id);
                long[] l = new long[1024];
                int k = 0;
                ready.countDown();
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                while (System.nanoTime() < deadline[0]) {
                  String body = mine.get(cursor[id]);
                  cursor[id] = (cursor[id] + 1) % mine.size();
                  HttpRequest req =
                      HttpRequest.newBuilder(uri)
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build();
                  long t0 = System.nanoTime();
                  try {
                    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                    long t1 = System.nanoTime();
                    Matcher m = STORED.matcher(r.body());
                    if (r.statusCode() == 200 && m.find()) {
                      events[id] += Long.parseLong(m.group(1));
                      requests[id]++;
                      if (k == l.length) {
                        l = Arrays.copyOf(l, k * 2);
                      }
                      l[k++] = t1 - t0;
                    } else {
                      failures[id]++;
                      firstFailure.compareAndSet(null, r.statusCode() + " " + r.body());
                    }
                  } catch (IOException e) {
                    failures[id]++;
                    firstFailure.compareAndSet(null, e.toString());
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                  }
                }
                lat[id] = l;
                nLat[id] = k;
              },
              "bench-client-" + t);
      threads.add(th);
      th.start();
    }
    ready.await();
    Snapshot before = Snapshot.take(pg);
    long start = System.nanoTime();
    deadline[0] = start + d.toNanos();
    go.countDown();
    for (Thread th : threads) {
      th.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Snapshot after = Snapshot.take(pg);
    long[] all = new long[Arrays.stream(nLat).sum()];
    int pos = 0;
    for (int t = 0; t < n; t++) {
      System.arraycopy(lat[t], 0, all, pos, nLat[t]);
      pos += nLat[t];
    }
    Arrays.sort(all);
    return after.minus(
        before,
        Arrays.stream(events).sum(),
        Arrays.stream(requests).sum(),
        Arrays.stream(failures).sum(),
        seconds,
        all,
        firstFailure.get());
  }

  // -------------------------------------------------------------------------------- accounting

  /** CPU time of every live thread (by name, digits folded to #), of the process, and GC time. */
  record Snapshot(
      Map<Long, String> names,
      Map<Long, Long> cpu,
      long processCpu,
      long gcMillis,
      long[] machine,
      Map<String, Long> vmThreads,
      PostgresCpu.Sample pg) {
    /**
     * @param pg the PostgreSQL server's CPU to sample too, or {@code null} (SQLite)
     */
    static Snapshot take(PostgresCpu pg) {
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      Map<Long, String> names = new HashMap<>();
      Map<Long, Long> cpu = new HashMap<>();
      for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
        if (info == null) {
          continue;
        }
        long ns = mx.getThreadCpuTime(info.getThreadId());
        if (ns >= 0) {
          names.put(info.getThreadId(), info.getThreadName().replaceAll("\\d+", "#"));
          cpu.put(info.getThreadId(), ns);
        }
      }
      long process =
          ManagementFactory.getOperatingSystemMXBean()
                  instanceof com.sun.management.OperatingSystemMXBean os
              ? os.getProcessCpuTime()
              : -1;
      long gc = 0;
      for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
        gc += Math.max(0, b.getCollectionTime());
      }
      PostgresCpu.Sample db;
      try {
        db = pg == null ? null : pg.sample();
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("cannot sample PostgreSQL's CPU: " + e, e);
      }
      return new Snapshot(names, cpu, process, gc, machineTicks(), readVmThreads(), db);
    }

    /** CPU nanoseconds of the JVM's own threads (JIT compilers, GC) by kind, from /proc/self. */
    static Map<String, Long> readVmThreads() {
      Map<String, Long> out = new HashMap<>();
      try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
        for (Path t : tasks.toList()) {
          try {
            String stat = Files.readString(t.resolve("stat"));
            String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String kind =
                comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")
                    ? "(JVM: JIT compiler threads)"
                    : comm.startsWith("GC Thread") || comm.startsWith("G1 ")
                        ? "(JVM: GC threads)"
                        : null;
            if (kind != null) {
              String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
              out.merge(kind, ticks * 10_000_000L, Long::sum); // USER_HZ is 100 on Linux
            }
          } catch (IOException | RuntimeException e) {
            // the thread exited meanwhile
          }
        }
      } catch (IOException | RuntimeException e) {
        // not Linux
      }
      return out;
    }

    /** {busy, total} clock ticks of the whole machine from /proc/stat, or {0, 0} elsewhere. */
    static long[] machineTicks() {
      try {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        long guest = f.length > 9 ? Long.parseLong(f[9]) : 0; // counted in user already
        guest += f.length > 10 ? Long.parseLong(f[10]) : 0;
        return new long[] {total - guest - idle, total - guest};
      } catch (IOException | RuntimeException e) {
        return new long[] {0, 0};
      }
    }

    Phase minus(
        Snapshot before,
        long events,
        long requests,
        long failures,
        double seconds,
        long[] latencies,
        String firstFailure) {
      Map<String, Long> byName = new HashMap<>();
      long javaThreads = 0;
      for (Map.Entry<Long, Long> e : cpu.entrySet()) {
        long delta = e.getValue() - before.cpu.getOrDefault(e.getKey(), 0L);
        byName.merge(names.get(e.getKey()), delta, Long::sum);
        javaThreads += delta;
      }
      // JIT compiler and GC threads are no Java threads: read them from /proc (Linux only).
      long vm = 0;
      for (Map.Entry<String, Long> e : vmThreads.entrySet()) {
        long delta = e.getValue() - before.vmThreads.getOrDefault(e.getKey(), 0L);
        byName.merge(e.getKey(), delta, Long::sum);
        vm += delta;
      }
      byName.put(
          "(other: exited threads, JVM internals)",
          (processCpu - before.processCpu) - javaThreads - vm);
      return new Phase(
          events,
          requests,
          failures,
          seconds,
          latencies,
          byName,
          processCpu - before.processCpu,
          gcMillis - before.gcMillis,
          machine[1] > before.machine[1]
              ? (double) (machine[0] - before.machine[0]) / (machine[1] - before.machine[1])
              : Double.NaN,
          firstFailure,
          pg == null ? PostgresCpu.Usage.NONE : PostgresCpu.between(before.pg, pg));
    }
  }

  // ------------------------------------------------------------------------------------ report

  /** The label of a path in the tables. */
  static String label(String path, Options o) {
    return switch (path) {
      case "raw" -> "raw JDBC, 1 thread, 1 tx per batch";
      case "server" -> "server POST /v1/events, " + o.clients + " clients (in-process)";
      case "raw-pg" -> "raw JDBC PostgreSQL (unnest), 1 thread, 1 tx per batch";
      case "server-pg" ->
          "server on PostgreSQL POST /v1/events, "
              + o.clients
              + " clients (in-process), "
              + o.pgWriters
              + (o.pgWriters == 1 ? " writer" : " writers");
      default -> path;
    };
  }

  static void report(Options o, Map<String, Result> results, String settings) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%n### Batched ingest (B): %d events per batch, %s measured after %s warm-up,"
                + " synchronous=%s (%s)%n%n",
            o.batch,
            seconds(o.duration),
            seconds(o.warmup),
            o.synchronous,
            Instant.now().toString().replaceAll("\\.\\d+Z$", "Z")));
    s.append(
        "| path | events | seconds | events/s | batches/s | batch p50 | batch p99 | commits |"
            + " events per commit | mean commit | time in commits | process CPU | database CPU |"
            + " CPU per event | GC | failed | acked vs stored |\n");
    s.append(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
            + " ---: | ---: | ---: | --- |\n");
    for (Map.Entry<String, Result> e : results.entrySet()) {
      Result r = e.getValue();
      String check =
          e.getKey().startsWith("raw")
              ? String.format(
                  Locale.ROOT,
                  "inserted %d, rows %d",
                  r.warmup.events + r.measured.events,
                  r.stored)
              : String.format(
                  Locale.ROOT,
                  "acked %d, stored %d live / %d after close: durable %s",
                  r.acknowledged(),
                  r.stored,
                  r.storedAfterClose,
                  r.stored >= r.acknowledged() && r.storedAfterClose >= r.acknowledged()
                      ? "yes"
                      : "NO");
      row(s, label(e.getKey(), o), r, check);
    }
    s.append('\n');
    ratio(s, results, "server", "raw", "Ratio server/raw", o.budget, "the raw rate");
    ratio(
        s,
        results,
        "server-pg",
        "server",
        "Ratio server on PostgreSQL / server on SQLite (events/s)",
        o.pgBudget,
        "the server's rate on SQLite");
    ratio(s, results, "server-pg", "raw-pg", "Ratio server on PostgreSQL / raw PostgreSQL", 0, "");
    ratio(s, results, "raw-pg", "raw", "Ratio raw PostgreSQL / raw SQLite", 0, "");
    if (results.containsKey("server") && results.containsKey("server-pg")) {
      s.append(
          String.format(
              Locale.ROOT,
              "CPU per event stored (collector, less its in-process clients, plus the database's"
                  + " processes): server on SQLite %.1f µs, on PostgreSQL %.1f µs (%.2f×).%n",
              results.get("server").measured.cpuMicrosPerEvent(),
              results.get("server-pg").measured.cpuMicrosPerEvent(),
              results.get("server-pg").measured.cpuMicrosPerEvent()
                  / results.get("server").measured.cpuMicrosPerEvent()));
    }
    if (settings != null) {
      s.append(String.format(Locale.ROOT, "%nPostgreSQL: %s.%n", settings));
      for (Map.Entry<String, Result> e : results.entrySet()) {
        Phase p = e.getValue().measured;
        if (p.db.walRecords() > 0) {
          s.append(
              String.format(
                  Locale.ROOT,
                  "- %s: WAL (the whole server's, pg_stat_wal) %.1f records, %.0f bytes and %.3f"
                      + " full-page images per event; %.2f WAL syncs per commit%n",
                  e.getKey(),
                  (double) p.db.walRecords() / p.events,
                  (double) p.db.walBytes() / p.events,
                  (double) p.db.walFullPages() / p.events,
                  (double) p.db.walSyncs() / Math.max(1, e.getValue().commits)));
        }
      }
    }
    int cores = Runtime.getRuntime().availableProcessors();
    s.append(
        String.format(
            Locale.ROOT,
            "%nMachine CPU during the measured phases (average cores busy; 'database' is the"
                + " PostgreSQL server's processes working for this run: its connections,"
                + " background and exited processes; 'rest' is everything else outside this JVM:"
                + " another build on this machine, other PostgreSQL clients, interrupts):%n"));
    for (Map.Entry<String, Result> e : results.entrySet()) {
      Phase p = e.getValue().measured;
      double jvm = p.processCpuNanos / 1e9 / p.seconds;
      double db = p.db.databaseNanos() / 1e9 / p.seconds;
      s.append(
          String.format(
              Locale.ROOT,
              "- %s: this JVM %.2f cores (of which clients %.2f), database %.2f, rest %.2f, idle"
                  + " %.2f (of %d)%n",
              e.getKey(),
              jvm,
              p.clientCpuNanos() / 1e9 / p.seconds,
              db,
              cores * p.machineBusyFraction - jvm - db,
              cores * (1 - p.machineBusyFraction),
              cores));
    }
    List<String> paths = new ArrayList<>(results.keySet());
    double wall = results.values().iterator().next().measured.seconds;
    s.append(
        String.format(
            Locale.ROOT,
            "%nCPU by thread during the measured phases (seconds of CPU; %d cores, %.0f s wall):%n%n",
            cores,
            wall));
    StringBuilder head = new StringBuilder("|");
    StringBuilder rule = new StringBuilder("|");
    List<List<Map.Entry<String, Long>>> tops = new ArrayList<>();
    for (String path : paths) {
      head.append(' ').append(path).append(": thread | CPU s |");
      rule.append(" --- | ---: |");
      tops.add(top(results.get(path).measured.cpuByThread));
    }
    s.append(head).append('\n').append(rule).append('\n');
    int lines = tops.stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < lines; i++) {
      s.append('|');
      for (List<Map.Entry<String, Long>> t : tops) {
        s.append(
            i < t.size()
                ? String.format(
                    Locale.ROOT, " %s | %.2f |", t.get(i).getKey(), t.get(i).getValue() / 1e9)
                : "  |  |");
      }
      s.append('\n');
    }
    for (Map.Entry<String, Result> e : results.entrySet()) {
      if (e.getValue().profile != null) {
        s.append(
            String.format(
                Locale.ROOT,
                "%nWhere the time went (%s):%n%n- %s.%n",
                e.getKey(),
                e.getValue().profile));
      }
    }
    for (Map.Entry<String, Result> e : results.entrySet()) {
      if (e.getValue().measured.firstFailure != null) {
        s.append("\nFirst failed request (")
            .append(e.getKey())
            .append("): ")
            .append(e.getValue().measured.firstFailure)
            .append('\n');
      }
    }
    System.out.print(s);
    System.out.flush();
  }

  /** "LABEL: 0.960. Budget: >= 0.70 of ...: met." when both paths ran; no budget when 0. */
  private static void ratio(
      StringBuilder s,
      Map<String, Result> results,
      String a,
      String b,
      String label,
      double budget,
      String of) {
    if (!results.containsKey(a) || !results.containsKey(b)) {
      return;
    }
    double r =
        results.get(a).measured.eventsPerSecond() / results.get(b).measured.eventsPerSecond();
    s.append(String.format(Locale.ROOT, "%s: %.3f.", label, r));
    if (budget > 0) {
      s.append(
          String.format(
              Locale.ROOT,
              " Budget: >= %.2f of %s: %s.",
              budget,
              of,
              r >= budget ? "met" : "MISSED"));
    }
    s.append('\n');
  }

  private static List<Map.Entry<String, Long>> top(Map<String, Long> cpu) {
    return cpu.entrySet().stream()
        .filter(e -> e.getValue() >= 10_000_000L)
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(12)
        .toList();
  }

  private static void row(StringBuilder s, String label, Result r, String check) {
    Phase p = r.measured;
    s.append(
        String.format(
            Locale.ROOT,
            "| %s | %d | %.1f | %.0f | %.1f | %.1f ms | %.1f ms | %d | %.0f | %.2f ms | %.0f %% |"
                + " %.1f s | %.1f s | %.1f µs | %d ms | %d | %s |%n",
            label,
            p.events,
            p.seconds,
            p.eventsPerSecond(),
            p.requests / p.seconds,
            p.percentileMillis(50),
            p.percentileMillis(99),
            r.commits,
            (double) p.events / r.commits,
            1000 * r.commitSeconds / r.commits,
            100 * r.commitSeconds / p.seconds,
            p.processCpuNanos / 1e9,
            p.db.databaseNanos() / 1e9,
            p.cpuMicrosPerEvent(),
            p.gcMillis,
            p.failures,
            check));
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[batched] " + format + "%n", args);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
