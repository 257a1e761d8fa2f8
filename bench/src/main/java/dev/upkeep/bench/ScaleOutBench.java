package dev.upkeep.bench;

import dev.upkeep.bench.BatchedIngestBench.Ev;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scale-out benchmark (issue 15): one and then two {@code upkeep serve} JVMs on one PostgreSQL
 * database under the same load, and what each event costs in CPU.
 *
 * <p>For each load kind and each number of collectors, on a new schema: the collectors start in
 * child JVMs ({@link Collector}), the project is registered, the load starts ({@link ScaleOutLoad}:
 * client threads in this JVM spread over the collectors, events with ids and users shared by every
 * client), runs a warm-up, then a measured phase, then stops; the collectors are stopped with
 * SIGTERM (which commits everything queued) and the events table is counted. Around the measured
 * phase it samples the CPU of the collector JVMs ({@code /proc/PID/stat}), of the PostgreSQL
 * processes working for them ({@link PostgresCpu}), of this JVM (the load generator) and of the
 * whole machine, and each collector's group commits ({@code /metrics}).
 *
 * <p>The figure of merit is events acknowledged per CPU-second of collectors + database in the
 * measured phase; the budget is two collectors at {@code budget} (0.80) of one. On a 2-core machine
 * throughput cannot double, so the cost per event is what tells whether a second collector wastes
 * work (lock waits, retries, duplicate cache misses). Checks: stored ≥ acknowledged, no event id
 * stored twice, stored ≤ sent (exit 1 otherwise).
 *
 * <p>Options ({@code --name=value}): {@code jar} (required: upkeep.jar), {@code database-url} (the
 * local service at 127.0.0.1:5432, database test), {@code collectors} (1,2), {@code loads}
 * (batched,breadcrumb), {@code duration} (30s), {@code warmup} (40s), {@code clients} (16,
 * batched), {@code breadcrumb-clients} (64), {@code batch} (100), {@code batched-rate} and {@code
 * breadcrumb-rate} (0: closed loop; else the events/s all clients offer together, the same for one
 * and two collectors), {@code users} (20000), {@code pool} (50000), {@code seed} (42), {@code
 * budget} (0.80), {@code collector-opts} (JVM options of the collectors, space-separated; none),
 * {@code keep} (false: keep the schemas and the collectors' logs), {@code profile} (false: sample
 * what the collectors' PostgreSQL backends are doing, see {@link PostgresWaits}). Prints Markdown
 * to stdout, progress to stderr.
 */
public final class ScaleOutBench {
  static final String PROJECT = "nipreps/nipreps";

  /** What the collectors' connections call themselves: {@value}. */
  static final String APP = "upkeep-bench-scaleout";

  private final Map<String, String> options = new HashMap<>();

  private ScaleOutBench(String[] args) {
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("options are --name=value, was " + a);
      }
      options.put(a.substring(2, eq), a.substring(eq + 1));
    }
    List<String> known =
        List.of(
            "jar",
            "database-url",
            "collectors",
            "loads",
            "duration",
            "warmup",
            "clients",
            "breadcrumb-clients",
            "batch",
            "batched-rate",
            "breadcrumb-rate",
            "users",
            "pool",
            "seed",
            "budget",
            "collector-opts",
            "keep",
            "profile");
    for (String k : options.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("unknown option --" + k + "; options are " + known);
      }
    }
    if (!options.containsKey("jar")) {
      throw new IllegalArgumentException("--jar=PATH/upkeep.jar is required");
    }
  }

  private String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  private int intOption(String name, int fallback) {
    return Integer.parseInt(option(name, Integer.toString(fallback)));
  }

  private Duration duration(String name, String fallback) {
    String t = option(name, fallback).trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("m")) {
      return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
    }
    return Duration.ofMillis(
        Math.round(
            Double.parseDouble(t.endsWith("s") ? t.substring(0, t.length() - 1) : t) * 1000));
  }

  /** The CPU used so far by the collectors, the database, this JVM and the machine. */
  private record Snapshot(
      long nanoTime,
      long collectors,
      long jit,
      PostgresCpu.Sample db,
      long self,
      long[] machine,
      double[][] commits) {}

  /** What one run (a load kind, a number of collectors) measured. */
  record Result(
      ScaleOutLoad.Kind kind,
      int collectors,
      long acked,
      long requests,
      double seconds,
      long[] latencies,
      long failures,
      String firstFailure,
      long collectorsCpu,
      long collectorsJit,
      PostgresCpu.Usage db,
      long loadCpu,
      double machineBusy,
      long commits,
      double commitSeconds,
      long ackedTotal,
      long sent,
      long stored,
      long distinctIds,
      String waits) {

    double eventsPerSecond() {
      return acked / seconds;
    }

    /** Events per CPU-second of the collectors and the database. */
    double eventsPerCpuSecond() {
      return acked / ((collectorsCpu + db.databaseNanos()) / 1e9);
    }

    /** The same, leaving out the collectors' JIT compiler threads (a start-up cost). */
    double eventsPerCpuSecondWithoutJit() {
      return acked / ((collectorsCpu - collectorsJit + db.databaseNanos()) / 1e9);
    }

    boolean intact() {
      return stored >= ackedTotal
          && stored <= sent
          && (kind != ScaleOutLoad.Kind.BATCHED || distinctIds == stored);
    }

    double percentileMillis(double p) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
      return latencies[Math.max(0, Math.min(i, latencies.length - 1))] / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    ScaleOutBench bench = new ScaleOutBench(args);
    List<Result> results = bench.runAll();
    bench.report(results);
    System.exit(results.stream().allMatch(Result::intact) ? 0 : 1);
  }

  private List<Result> runAll() throws Exception {
    String base = option("database-url", PgSchema.DEFAULT_URL);
    List<Ev> pool =
        BatchedIngestBench.generate(
            intOption("users", 20_000),
            intOption("pool", 50_000),
            Long.parseLong(option("seed", "42")));
    log("PostgreSQL: %s", PgSchema.describeSettings(base));
    Path root = Files.createTempDirectory("upkeep-bench-scaleout");
    List<Result> results = new ArrayList<>();
    try {
      for (String load : option("loads", "batched,breadcrumb").split(",")) {
        ScaleOutLoad.Kind kind = ScaleOutLoad.Kind.valueOf(load.trim().toUpperCase(Locale.ROOT));
        for (String n : option("collectors", "1,2").split(",")) {
          results.add(run(kind, Integer.parseInt(n.trim()), base, pool, root));
        }
      }
    } finally {
      if (Boolean.parseBoolean(option("keep", "false"))) {
        log("kept %s", root);
      } else {
        deleteTree(root);
      }
    }
    return results;
  }

  private Result run(ScaleOutLoad.Kind kind, int n, String base, List<Ev> pool, Path root)
      throws Exception {
    String name =
        kind.name().toLowerCase(Locale.ROOT) + ", " + n + " collector" + (n > 1 ? "s" : "");
    PgSchema schema = PgSchema.create(base, "upkeep_bench_scaleout", APP);
    log("%s: schema %s", name, schema.name());
    List<Collector> collectors = new ArrayList<>();
    HttpClient admin = HttpClient.newHttpClient();
    PostgresWaits waits = null;
    try (PostgresCpu pg = new PostgresCpu(base, APP)) {
      String opts = option("collector-opts", "").trim();
      for (int i = 0; i < n; i++) {
        // one after the other: the first one migrates the new schema
        Collector c =
            Collector.start(
                Path.of(option("jar", "")),
                opts.isEmpty() ? List.of() : List.of(opts.split("\\s+")),
                root.resolve(kind.name().toLowerCase(Locale.ROOT) + "-" + n + "-c" + i),
                schema.url());
        collectors.add(c);
        log("%s: collector %d listening on port %d (pid %d)", name, i, c.port, c.pid());
      }
      register(admin, collectors.get(0));
      int clients =
          kind == ScaleOutLoad.Kind.BATCHED
              ? intOption("clients", 16)
              : intOption("breadcrumb-clients", 64);
      double rate =
          Double.parseDouble(
              option(kind == ScaleOutLoad.Kind.BATCHED ? "batched-rate" : "breadcrumb-rate", "0"));
      ScaleOutLoad load =
          ScaleOutLoad.start(
              kind, PROJECT, collectors, pool, clients, intOption("batch", 100), rate);
      Duration warmup = duration("warmup", "40s");
      Duration measured = duration("duration", "30s");
      log(
          "%s: %d clients, %s, warm-up %s",
          name,
          clients,
          rate > 0 ? "offering " + (long) rate + " events/s" : "as fast as answered",
          warmup);
      Thread.sleep(warmup.toMillis());
      Snapshot before = snapshot(collectors, pg, admin);
      load.phase(1);
      log("%s: measured %s", name, measured);
      waits =
          Boolean.parseBoolean(option("profile", "false"))
              ? PostgresWaits.start(base, APP, 5)
              : null;
      Thread.sleep(measured.toMillis());
      if (waits != null) {
        waits.close();
      }
      load.phase(2);
      Snapshot after = snapshot(collectors, pg, admin);
      load.stop();
      for (Collector c : collectors) {
        c.close();
      }
      long[] stored = count(schema.url());
      log(
          "%s: acknowledged %d (measured %d), sent %d, stored %d, distinct ids %d",
          name, load.ackedTotal(), load.acked(1), load.sent(), stored[0], stored[1]);
      long commits = 0;
      double commitSeconds = 0;
      for (int i = 0; i < n; i++) {
        commits += (long) (after.commits[i][0] - before.commits[i][0]);
        commitSeconds += after.commits[i][1] - before.commits[i][1];
      }
      long[] m0 = before.machine;
      long[] m1 = after.machine;
      return new Result(
          kind,
          n,
          load.acked(1),
          load.requests(1),
          (after.nanoTime - before.nanoTime) / 1e9,
          load.latencies(),
          load.failures(),
          load.firstFailure(),
          after.collectors - before.collectors,
          after.jit - before.jit,
          PostgresCpu.between(before.db, after.db),
          after.self - before.self,
          m1[1] > m0[1] ? (double) (m1[0] - m0[0]) / (m1[1] - m0[1]) : Double.NaN,
          commits,
          commitSeconds,
          load.ackedTotal(),
          load.sent(),
          stored[0],
          stored[1],
          waits == null ? null : waits.describe());
    } finally {
      for (Collector c : collectors) {
        c.close();
      }
      if (Boolean.parseBoolean(option("keep", "false"))) {
        log("kept schema %s", schema.name());
      } else {
        schema.close();
      }
    }
  }

  private static Snapshot snapshot(List<Collector> collectors, PostgresCpu pg, HttpClient admin)
      throws Exception {
    long t = System.nanoTime();
    long cpu = 0;
    long jit = 0;
    for (Collector c : collectors) {
      cpu += c.cpuNanos();
      jit += c.jitNanos();
    }
    PostgresCpu.Sample db = pg.sample();
    long self =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    long[] machine = ProcStat.machineNanos();
    double[][] commits = new double[collectors.size()][];
    for (int i = 0; i < commits.length; i++) {
      commits[i] = collectors.get(i).commits(admin);
    }
    return new Snapshot(t, cpu, jit, db, self, machine, commits);
  }

  private static void register(HttpClient http, Collector c) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(c.uri("/v1/projects"))
                .header("Authorization", "Bearer " + c.masterToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + PROJECT + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException(
          "registering the project: " + r.statusCode() + " " + r.body());
    }
  }

  /** {rows, distinct event ids} of the events table. */
  private static long[] count(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM events")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  // ------------------------------------------------------------------------------------ report

  private void report(List<Result> results) {
    StringBuilder s = new StringBuilder();
    int cores = Runtime.getRuntime().availableProcessors();
    s.append(
        String.format(
            Locale.ROOT,
            "%n### Scale-out on PostgreSQL (issue 15): one and two collectors, %s measured after"
                + " %s warm-up; offered: batched %s, breadcrumb %s (%s)%n%n",
            option("duration", "30s"),
            option("warmup", "40s"),
            offered("batched-rate"),
            offered("breadcrumb-rate"),
            Instant.now().toString().replaceAll("\\.\\d+Z$", "Z")));
    s.append(
        "| load | collectors | events/s | requests/s | p50 | p99 | failed | collectors CPU (of"
            + " which JIT) |"
            + " database CPU | CPU per event (collectors + database) | events per CPU-second"
            + " (collectors + database) | load generator CPU | rest | idle | events per commit |"
            + " mean commit | writers in commits | acked vs stored |\n");
    s.append(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
            + " ---: | ---: | ---: | ---: | --- |\n");
    for (Result r : results) {
      double busy = cores * r.machineBusy();
      double coll = r.collectorsCpu() / 1e9 / r.seconds();
      double db = r.db().databaseNanos() / 1e9 / r.seconds();
      double gen = r.loadCpu() / 1e9 / r.seconds();
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.0f | %.1f | %.1f ms | %.1f ms | %d | %.2f cores (%.2f) | %.2f cores |"
                  + " %.1f µs | %.0f | %.2f cores | %.2f | %.2f | %.0f | %.1f ms | %.0f %% |"
                  + " acked %d, sent %d, stored %d%s: %s |%n",
              r.kind().name().toLowerCase(Locale.ROOT),
              r.collectors(),
              r.eventsPerSecond(),
              r.requests() / r.seconds(),
              r.percentileMillis(50),
              r.percentileMillis(99),
              r.failures(),
              coll,
              r.collectorsJit() / 1e9 / r.seconds(),
              db,
              (r.collectorsCpu() + r.db().databaseNanos()) / 1e3 / r.acked(),
              r.eventsPerCpuSecond(),
              gen,
              busy - coll - db - gen,
              cores - busy,
              (double) r.acked() / Math.max(1, r.commits()),
              1000 * r.commitSeconds() / Math.max(1, r.commits()),
              100 * r.commitSeconds() / r.seconds() / r.collectors(),
              r.ackedTotal(),
              r.sent(),
              r.stored(),
              r.kind() == ScaleOutLoad.Kind.BATCHED ? ", distinct ids " + r.distinctIds() : "",
              r.intact() ? "ok" : "**FAILED**"));
    }
    s.append('\n');
    double budget = Double.parseDouble(option("budget", "0.80"));
    for (ScaleOutLoad.Kind kind : ScaleOutLoad.Kind.values()) {
      Result one = find(results, kind, 1);
      Result two = find(results, kind, 2);
      if (one == null || two == null) {
        continue;
      }
      double ratio = two.eventsPerCpuSecond() / one.eventsPerCpuSecond();
      s.append(
          String.format(
              Locale.ROOT,
              "- %s: events per CPU-second of collectors + database, two collectors / one: %.3f."
                  + " Budget: >= %.2f: %s. Without the collectors' JIT compiler threads: %.3f."
                  + " Events/s two / one: %.3f. Database CPU per event:"
                  + " %.1f µs (one), %.1f µs (two); collectors: %.1f µs, %.1f µs.%n",
              kind.name().toLowerCase(Locale.ROOT),
              ratio,
              budget,
              ratio >= budget ? "met" : "MISSED",
              two.eventsPerCpuSecondWithoutJit() / one.eventsPerCpuSecondWithoutJit(),
              two.eventsPerSecond() / one.eventsPerSecond(),
              one.db().databaseNanos() / 1e3 / one.acked(),
              two.db().databaseNanos() / 1e3 / two.acked(),
              one.collectorsCpu() / 1e3 / one.acked(),
              two.collectorsCpu() / 1e3 / two.acked()));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "%nCPU in cores of %d, averaged over the measured phase. 'database' is the PostgreSQL"
                + " processes working for the collectors (their connections, the server's"
                + " background processes and any that exited); 'rest' is everything else: other"
                + " PostgreSQL clients (%s), other processes on this machine, interrupts.%n",
            cores,
            results.stream()
                .map(r -> String.format(Locale.ROOT, "%.2f", r.db().others() / 1e9 / r.seconds()))
                .collect(
                    java.util.stream.Collectors.joining(", ", "", " cores in the runs above"))));
    for (Result r : results) {
      if (r.db().walRecords() > 0) {
        s.append(
            String.format(
                Locale.ROOT,
                "%n%s, %d collector(s): WAL (the whole server's) %.1f records, %.0f bytes, %.3f"
                    + " full-page images per event; %.2f WAL syncs per group commit.",
                r.kind().name().toLowerCase(Locale.ROOT),
                r.collectors(),
                (double) r.db().walRecords() / r.acked(),
                (double) r.db().walBytes() / r.acked(),
                (double) r.db().walFullPages() / r.acked(),
                (double) r.db().walSyncs() / Math.max(1, r.commits())));
        if (r.waits() != null) {
          s.append(" What the collectors' PostgreSQL backends were doing (pg_stat_activity every 5")
              .append(" ms): ")
              .append(r.waits())
              .append('.');
        }
        s.append('\n');
      }
    }
    for (Result r : results) {
      if (r.firstFailure() != null) {
        s.append(
            String.format(
                Locale.ROOT,
                "%nFirst failed request (%s, %d collectors): %s%n",
                r.kind(),
                r.collectors(),
                r.firstFailure()));
      }
    }
    System.out.print(s);
    System.out.flush();
  }

  /** A load's rate option in words. */
  private String offered(String rate) {
    double r = Double.parseDouble(option(rate, "0"));
    return r > 0 ? String.format(Locale.ROOT, "%.0f events/s", r) : "as fast as answered";
  }

  private static Result find(List<Result> results, ScaleOutLoad.Kind kind, int n) {
    return results.stream()
        .filter(r -> r.kind() == kind && r.collectors() == n)
        .findFirst()
        .orElse(null);
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[scaleout] " + format + "%n", args);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
