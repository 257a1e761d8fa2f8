package dev.upkeep.bench;

import dev.upkeep.bench.QueryReport.Result;
import dev.upkeep.bench.QueryReport.Row;
import dev.upkeep.server.store.Bucket;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.UsageAnswer;
import dev.upkeep.server.store.UsageFilter;
import dev.upkeep.server.store.UsageQuestion;
import dev.upkeep.server.store.jdbc.JdbcStores;
import dev.upkeep.server.store.jdbc.SqliteSynchronous;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.sqlite.SQLiteConfig;

/**
 * Query benchmark (Q): for each store given (made by {@code upkeep demo}), the biggest project's
 * hits, unique users, users by version, users by platform and runs by status over 7 days, 30 days,
 * the whole range (a year) and a half year from noon to noon, asked two ways in the same run on the
 * same store:
 *
 * <ul>
 *   <li><b>store API</b>: {@link EventStore#count} and {@link EventStore#breakdown} of the store
 *       opened as the collector opens it ({@link JdbcStores#sqlite} or {@link
 *       JdbcStores#postgres}), which answer from the month and daily rollups (the months are summed
 *       first, as a running collector has done);
 *   <li><b>raw SQL</b>, the anchor: {@code COUNT(*)}, {@code COUNT(DISTINCT user_id)} and {@code
 *       GROUP BY} over the raw {@code events} table ({@link RawQueries}).
 * </ul>
 *
 * <p>Then one project dashboard view: its eight questions about events over the whole range in one
 * {@link EventStore#view}, first the very first call of the JVM, then warm, beside the same eight
 * asked one by one as eight {@code GET .../usage} would (total, then breakdown). Ranges end with
 * the store's last day. Each query and path is warmed up, then timed call by call; p50 and p99 are
 * nearest-rank. The two answers must be equal (exit 1 otherwise). Prints Markdown to stdout,
 * progress to stderr.
 *
 * <p>Options ({@code --name=value}): {@code store} (a data directory holding {@code upkeep.db}, or
 * the JDBC URL of a PostgreSQL schema filled by {@code upkeep demo --database-url}; repeatable,
 * required), {@code iterations} (200: most timed calls of the store API per query), {@code
 * raw-iterations} (10: of raw SQL), {@code warmup} (50: untimed calls of the store API first, so
 * that JIT compilation is done), {@code raw-warmup} (1), {@code max-seconds} (30: timing stops
 * after this per query and path once 3 calls are in), {@code budget-ms} (20: the p99 budget at 10
 * million events), {@code view-budget-ms} (100: the dashboard view's), {@code kind} (breadcrumb),
 * {@code analyze} (auto: {@code ANALYZE} a PostgreSQL store's tables before timing when the
 * server's autovacuum is off, as autovacuum would have after the demo's inserts; true, false).
 */
public final class QueryBench {
  private static final long DAY_MS = 86_400_000L;

  private final Map<String, String> options;
  private final List<String> stores = new ArrayList<>();
  private boolean allEqual = true;

  private QueryBench(String[] args) {
    options = new LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("options are --name=value, was " + a);
      }
      String name = a.substring(2, a.indexOf('='));
      String value = a.substring(a.indexOf('=') + 1);
      if (name.equals("store")) {
        stores.add(value);
      } else {
        options.put(name, value);
      }
    }
    if (stores.isEmpty()) {
      throw new IllegalArgumentException("give at least one --store=DIR (made by upkeep demo)");
    }
  }

  public static void main(String[] args) throws Exception {
    QueryBench bench = new QueryBench(args);
    List<Result> results = new ArrayList<>();
    for (String store : bench.stores) {
      results.add(
          store.startsWith("jdbc:postgresql:")
              ? bench.runPostgres(store)
              : bench.run(Path.of(store)));
    }
    new QueryReport(
            bench.option("budget-ms", 20) * 1_000_000L,
            bench.option("view-budget-ms", 100) * 1_000_000L)
        .print(results);
    System.exit(bench.allEqual ? 0 : 1);
  }

  private int option(String name, int fallback) {
    return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
  }

  private Result run(Path dir) throws Exception {
    Path file = dir.resolve(JdbcStores.SQLITE_FILE);
    log("store " + file + " (" + Files.size(file) / (1 << 20) + " MiB)");
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(30_000);
    try (Store store = JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL);
        Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
      return run(store, c, dir.getFileName().toString(), "SQLite", Files.size(file));
    }
  }

  /** A store on PostgreSQL: the schema of {@code url} ({@code currentSchema}). */
  private Result runPostgres(String url) throws Exception {
    String schema = PgSchema.schemaOf(url);
    String base = PgSchema.baseOf(url);
    String analyze = options.getOrDefault("analyze", "auto");
    if (analyze.equals("true")
        || analyze.equals("auto") && PgSchema.settings(base).get("autovacuum").equals("off")) {
      // A server with autovacuum analyzes tables after bulk inserts; one without it (the CI
      // service here) would plan every query on default statistics.
      log("ANALYZE of the tables of " + schema + " (autovacuum is off or --analyze=true)");
      PgSchema.analyze(base, schema);
    }
    long bytes = PgSchema.bytes(base, schema);
    log("store " + schema + " on PostgreSQL (" + bytes / (1 << 20) + " MiB)");
    try (Store store = JdbcStores.postgres(url);
        Connection c = DriverManager.getConnection(url)) {
      c.setReadOnly(true);
      return run(store, c, schema, "PostgreSQL", bytes);
    }
  }

  private Result run(Store store, Connection c, String name0, String storeKind, long bytes)
      throws Exception {
    String kind = options.getOrDefault("kind", "breadcrumb");
    try (RawQueries raw = new RawQueries(c)) {
      long total = store.events().total();
      long[] biggest = biggest(c, kind);
      long id = biggest[0];
      String name =
          store.projects().list().stream()
              .filter(p -> p.id() == id)
              .map(Project::name)
              .findFirst()
              .orElseThrow();
      long[] span = span(c, id, kind);
      long end = (Math.floorDiv(span[1], DAY_MS) + 1) * DAY_MS;
      long start = Math.floorDiv(span[0], DAY_MS) * DAY_MS;
      long to = end - 1;
      int days = (int) ((end - start) / DAY_MS);
      log(
          String.format(
              Locale.ROOT,
              "%,d events; biggest project %s (id %d): %,d %s events, %d days",
              total,
              name,
              id,
              biggest[1],
              kind,
              days));
      EventStore events = store.events();
      long sealStarted = System.nanoTime();
      int months = events.rollUpPast(Instant.now());
      log(
          String.format(
              Locale.ROOT,
              "months summed before timing (a running collector has done it): %d in %.1f s",
              months,
              (System.nanoTime() - sealStarted) / 1e9));
      List<Row> rows = new ArrayList<>();
      // the dashboard's questions, first call of this JVM (cold), then warm
      List<UsageQuestion> dashboard = dashboard(kind);
      Callable<Object> view = () -> view(events, id, start, to, dashboard);
      Latencies first = Latencies.measure(view, 0, 1, 1, Long.MAX_VALUE);
      log("  dashboard view, first call: " + Latencies.format(first.percentile(50)));
      rows.add(
          new Row(
              "dashboard view (8 questions, " + days + " days), first call", first, null, true));
      rows.add(
          row(
              "dashboard view (8 questions, " + days + " days)",
              view,
              () -> oneByOne(events, id, start, to, dashboard),
              "the same 8 asked one by one, as 8 GET /usage"));
      long[][] ranges = {
        {end - 7 * DAY_MS, to},
        {end - 30 * DAY_MS, to},
        {start, to},
        {end - 183 * DAY_MS + DAY_MS / 2, end - DAY_MS / 2}
      };
      String[] rangeNames = {"7 days", "30 days", days + " days", "182 days from noon to noon"};
      for (int r = 0; r < ranges.length; r++) {
        long from = ranges[r][0];
        long until = ranges[r][1];
        String range = rangeNames[r];
        rows.add(
            row(
                "hits, " + range,
                () -> events.count(filter(id, from, until, Metric.HITS, kind)),
                () -> raw.hits(id, kind, from, until)));
        rows.add(
            row(
                "users, " + range,
                () -> events.count(filter(id, from, until, Metric.USERS, kind)),
                () -> raw.users(id, kind, from, until)));
        rows.add(
            row(
                "users by version, " + range,
                () ->
                    nonZero(
                        events.breakdown(
                            filter(id, from, until, Metric.USERS, kind), Dimension.VERSION)),
                () -> raw.usersByVersion(id, kind, from, until)));
        rows.add(
            row(
                "users by platform, " + range,
                () ->
                    nonZero(
                        events.breakdown(
                            filter(id, from, until, Metric.USERS, kind), Dimension.PLATFORM)),
                () -> raw.usersByPlatform(id, kind, from, until)));
        rows.add(
            row(
                "runs by status, " + range,
                () ->
                    nonZero(
                        events.breakdown(
                            filter(id, from, until, Metric.RUNS, kind), Dimension.STATUS)),
                () -> raw.runsByStatus(id, kind, from, until)));
      }
      return new Result(
          name0,
          storeKind,
          total,
          bytes,
          name,
          biggest[1],
          LocalDate.ofEpochDay(start / DAY_MS),
          LocalDate.ofEpochDay(end / DAY_MS - 1),
          rows);
    }
  }

  private Row row(String query, Callable<Object> api, Callable<Object> raw) throws Exception {
    return row(query, api, raw, "raw SQL");
  }

  /** Times {@code api}, then {@code anchor} (described by {@code anchorName} in the log). */
  private Row row(String query, Callable<Object> api, Callable<Object> raw, String anchorName)
      throws Exception {
    long max = option("max-seconds", 30) * 1_000_000_000L;
    Latencies a = Latencies.measure(api, option("warmup", 50), option("iterations", 200), 3, max);
    log(
        String.format(
            Locale.ROOT, "  %-34s store API p50 %s", query, Latencies.format(a.percentile(50))));
    Latencies r =
        Latencies.measure(raw, option("raw-warmup", 1), option("raw-iterations", 10), 3, max);
    log(
        String.format(
            Locale.ROOT,
            "  %-34s %s p50 %s",
            query,
            anchorName,
            Latencies.format(r.percentile(50))));
    boolean same = a.answer().equals(r.answer());
    if (!same) {
      allEqual = false;
      log("  DIFFERENT ANSWERS: store API " + a.answer() + ", raw SQL " + r.answer());
    }
    return new Row(query, a, r, same);
  }

  private static UsageFilter filter(long project, long from, long to, Metric metric, String kind) {
    return new UsageFilter(
        project, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), metric, kind);
  }

  /** The questions of one project's dashboard view about its events (dashboard/queries.js). */
  private static List<UsageQuestion> dashboard(String kind) {
    return List.of(
        new UsageQuestion(kind, Metric.USERS, Dimension.DAY, false),
        new UsageQuestion(kind, Metric.RUNS, Dimension.DAY, false),
        new UsageQuestion(kind, Metric.USERS, Dimension.VERSION, true),
        new UsageQuestion(kind, Metric.USERS, Dimension.PLATFORM, false),
        new UsageQuestion(kind, Metric.USERS, Dimension.CONTAINER, false),
        new UsageQuestion(kind, Metric.USERS, Dimension.CI, false),
        new UsageQuestion(kind, Metric.RUNS, Dimension.STATUS, true),
        new UsageQuestion(kind, Metric.RUNS, Dimension.ERROR_TYPE, false));
  }

  /** The questions answered in one view: the answers in order. */
  private static List<UsageAnswer> view(
      EventStore events, long project, long from, long to, List<UsageQuestion> questions) {
    List<UsageAnswer> answers = new ArrayList<>(questions.size());
    events.view(
        project,
        Instant.ofEpochMilli(from),
        Instant.ofEpochMilli(to),
        questions,
        (q, a) -> answers.add(a));
    return answers;
  }

  /** The questions asked one by one, each as {@code GET .../usage} does: total, then buckets. */
  private static List<UsageAnswer> oneByOne(
      EventStore events, long project, long from, long to, List<UsageQuestion> questions) {
    List<UsageAnswer> answers = new ArrayList<>(questions.size());
    for (UsageQuestion q : questions) {
      UsageFilter f = filter(project, from, to, q.metric(), q.kind());
      answers.add(new UsageAnswer(events.count(f), events.breakdown(f, q.by(), q.overDays())));
    }
    return answers;
  }

  /** A breakdown as key → count, leaving out keys counted 0. */
  private static Map<String, Long> nonZero(List<Bucket> buckets) {
    Map<String, Long> out = new TreeMap<>();
    for (Bucket b : buckets) {
      if (b.count() != 0) {
        out.put(b.key(), b.count());
      }
    }
    return out;
  }

  /** The project with the most events of {@code kind}: id and count. */
  private static long[] biggest(Connection c, String kind) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT project_id, COUNT(*) AS n FROM events WHERE kind = ?"
                + " GROUP BY project_id ORDER BY n DESC LIMIT 1")) {
      ps.setString(1, kind);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no " + kind + " events in the store");
        }
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  /** First and last timestamp of a project's events. */
  private static long[] span(Connection c, long project, String kind) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT MIN(ts), MAX(ts) FROM events WHERE project_id = ? AND kind = ?")) {
      ps.setLong(1, project);
      ps.setString(2, kind);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  private static void log(String line) {
    System.err.println("[QueryBench] " + line);
  }
}
