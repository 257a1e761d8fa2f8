package dev.upkeep.bench;

import dev.upkeep.server.store.Bucket;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.UsageFilter;
import dev.upkeep.server.store.jdbc.JdbcStores;
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
 * hits and unique users over the last 30 days and over the whole range, and its by-version
 * breakdown over both, asked two ways in the same run on the same file:
 *
 * <ul>
 *   <li><b>store API</b>: {@link EventStore#count} and {@link EventStore#breakdown} of the store
 *       opened as the collector opens it ({@link JdbcStores#sqlite} or {@link
 *       JdbcStores#postgres}), which answer from rollups;
 *   <li><b>raw SQL</b>, the anchor: {@code SELECT COUNT(*)}, {@code COUNT(DISTINCT user_id)} and
 *       {@code GROUP BY version} over the raw {@code events} table ({@link RawQueries}).
 * </ul>
 *
 * <p>Ranges are whole UTC days ending with the store's last day (the queries a dashboard asks),
 * plus one 30-day range that starts and ends at noon, which the rollups answer with raw reads of
 * the two partial days. Each query and path is warmed up, then timed call by call; p50 and p99 are
 * nearest-rank. The two answers must be equal (exit 1 otherwise). Prints Markdown to stdout,
 * progress to stderr.
 *
 * <p>Options ({@code --name=value}): {@code store} (a data directory holding {@code upkeep.db}, or
 * the JDBC URL of a PostgreSQL schema filled by {@code upkeep demo --database-url}; repeatable,
 * required), {@code iterations} (200: most timed calls of the store API per query), {@code
 * raw-iterations} (10: of raw SQL), {@code warmup} (50: untimed calls of the store API first, so
 * that JIT compilation is done), {@code raw-warmup} (1), {@code max-seconds} (30: timing stops
 * after this per query and path once 3 calls are in), {@code budget-ms} (20: the p99 budget at 10
 * million events), {@code kind} (breadcrumb), {@code analyze} (auto: {@code ANALYZE} a PostgreSQL
 * store's tables before timing when the server's autovacuum is off, as autovacuum would have after
 * the demo's inserts; true, false).
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
    bench.print(results);
    System.exit(bench.allEqual ? 0 : 1);
  }

  private int option(String name, int fallback) {
    return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
  }

  /** One question asked both ways. */
  private record Row(String query, Latencies api, Latencies raw, boolean same) {}

  /** Everything measured on one store. */
  private record Result(
      String dir,
      String kind,
      long events,
      long bytes,
      String project,
      long projectEvents,
      LocalDate first,
      LocalDate last,
      List<Row> rows) {}

  private Result run(Path dir) throws Exception {
    Path file = dir.resolve(JdbcStores.SQLITE_FILE);
    log("store " + file + " (" + Files.size(file) / (1 << 20) + " MiB)");
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(30_000);
    try (Store store = JdbcStores.sqlite(dir, "NORMAL");
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
      long from30 = end - 30 * DAY_MS;
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
      List<Row> rows = new ArrayList<>();
      rows.add(
          row(
              "hits, 30 days",
              () -> events.count(filter(id, from30, to, false, kind)),
              () -> raw.hits(id, kind, from30, to)));
      rows.add(
          row(
              "hits, whole range (" + days + " days)",
              () -> events.count(filter(id, start, to, false, kind)),
              () -> raw.hits(id, kind, start, to)));
      rows.add(
          row(
              "unique users, 30 days",
              () -> events.count(filter(id, from30, to, true, kind)),
              () -> raw.users(id, kind, from30, to)));
      rows.add(
          row(
              "unique users, whole range",
              () -> events.count(filter(id, start, to, true, kind)),
              () -> raw.users(id, kind, start, to)));
      rows.add(
          row(
              "by version, 30 days",
              () ->
                  versions(
                      events.breakdown(filter(id, from30, to, false, kind), Dimension.VERSION)),
              () -> raw.byVersion(id, kind, from30, to)));
      rows.add(
          row(
              "by version, whole range",
              () ->
                  versions(events.breakdown(filter(id, start, to, false, kind), Dimension.VERSION)),
              () -> raw.byVersion(id, kind, start, to)));
      long noonFrom = from30 + DAY_MS / 2;
      long noonTo = to - DAY_MS / 2;
      rows.add(
          row(
              "hits, 30 days from noon to noon",
              () -> events.count(filter(id, noonFrom, noonTo, false, kind)),
              () -> raw.hits(id, kind, noonFrom, noonTo)));
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
    long max = option("max-seconds", 30) * 1_000_000_000L;
    Latencies a = Latencies.measure(api, option("warmup", 50), option("iterations", 200), 3, max);
    log(
        String.format(
            Locale.ROOT, "  %-34s store API p50 %s", query, Latencies.format(a.percentile(50))));
    Latencies r =
        Latencies.measure(raw, option("raw-warmup", 1), option("raw-iterations", 10), 3, max);
    log(
        String.format(
            Locale.ROOT, "  %-34s raw SQL   p50 %s", query, Latencies.format(r.percentile(50))));
    boolean same = a.answer().equals(r.answer());
    if (!same) {
      allEqual = false;
      log("  DIFFERENT ANSWERS: store API " + a.answer() + ", raw SQL " + r.answer());
    }
    return new Row(query, a, r, same);
  }

  private static UsageFilter filter(long project, long from, long to, boolean unique, String kind) {
    return new UsageFilter(
        project, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), unique, kind);
  }

  /** A breakdown as version → count, leaving out keys counted 0. */
  private static Map<String, Long> versions(List<Bucket> buckets) {
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

  private void print(List<Result> results) {
    System.out.println(
        "| events | store | biggest project | query | store API p50 | store API p99 | n |"
            + " raw SQL p50 | raw SQL p99 | n | raw ÷ API (p50) | same answer |");
    System.out.println(
        "| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (Result res : results) {
      for (Row r : res.rows()) {
        System.out.printf(
            Locale.ROOT,
            "| %,d | %s | %s (%,d events) | %s | %s | %s | %d | %s | %s | %d | %.0f× | %s |%n",
            res.events(),
            res.kind(),
            res.project(),
            res.projectEvents(),
            r.query(),
            Latencies.format(r.api().percentile(50)),
            Latencies.format(r.api().percentile(99)),
            r.api().count(),
            Latencies.format(r.raw().percentile(50)),
            Latencies.format(r.raw().percentile(99)),
            r.raw().count(),
            (double) r.raw().percentile(50) / Math.max(1, r.api().percentile(50)),
            r.same() ? "yes" : "**no**");
      }
    }
    System.out.println();
    long budget = option("budget-ms", 20) * 1_000_000L;
    for (Result res : results) {
      long worst = res.rows().stream().mapToLong(r -> r.api().percentile(99)).max().orElse(0);
      System.out.printf(
          Locale.ROOT,
          "- %,d events on %s (%s, %d MiB, %s to %s): slowest store API p99 %s%s%n",
          res.events(),
          res.kind(),
          res.dir(),
          res.bytes() >> 20,
          res.first(),
          res.last(),
          Latencies.format(worst),
          res.events() >= 5_000_000 && res.events() <= 20_000_000
              ? worst <= budget ? " — within the budget" : " — **over the budget**"
              : "");
    }
    for (String kind : List.of("SQLite", "PostgreSQL")) {
      List<Result> of = results.stream().filter(r -> r.kind().equals(kind)).toList();
      if (of.size() > 1) {
        Result small = of.get(0);
        Result big = of.get(of.size() - 1);
        System.out.printf(
            Locale.ROOT,
            "- %s: store API p50 at %,d events ÷ at %,d events, per query:",
            kind,
            big.events(),
            small.events());
        for (int i = 0; i < small.rows().size(); i++) {
          System.out.printf(
              Locale.ROOT,
              " %s %.2f;",
              small.rows().get(i).query(),
              (double) big.rows().get(i).api().percentile(50)
                  / Math.max(1, small.rows().get(i).api().percentile(50)));
        }
        System.out.println();
      }
    }
    for (Result pg : results) {
      Result lite =
          results.stream()
              .filter(r -> r.kind().equals("SQLite") && r.events() == pg.events())
              .findFirst()
              .orElse(null);
      if (!pg.kind().equals("PostgreSQL") || lite == null) {
        continue;
      }
      System.out.printf(
          Locale.ROOT, "- %,d events: store API p50 PostgreSQL ÷ SQLite, per query:", pg.events());
      for (int i = 0; i < pg.rows().size(); i++) {
        System.out.printf(
            Locale.ROOT,
            " %s %.2f;",
            pg.rows().get(i).query(),
            (double) pg.rows().get(i).api().percentile(50)
                / Math.max(1, lite.rows().get(i).api().percentile(50)));
      }
      System.out.println();
    }
  }

  private static void log(String line) {
    System.err.println("[QueryBench] " + line);
  }
}
