package dev.upkeep.bench;

import dev.upkeep.server.limits.Charge;
import dev.upkeep.server.limits.Decision;
import dev.upkeep.server.limits.LimitKeys;
import dev.upkeep.server.limits.LimitStore;
import dev.upkeep.server.limits.LimitStores;
import dev.upkeep.server.store.jdbc.JdbcStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cost of one limit decision in each {@code rate-limit-store}: memory, the local PostgreSQL (a
 * new schema, dropped after) and the local Redis (a random key prefix, its keys deleted after). Two
 * decisions are measured, as the collector makes them: a request (the request limit: one fixed
 * window) and a breadcrumb's admission (the client's bucket, the project's bucket and the project's
 * daily cap, in one decision), for clients drawn from 10 000 addresses sending to one project (its
 * two counters are the hottest rows there are). The limits are set high so that every decision is
 * taken. Latency with one thread (median and p99), then throughput with {@code --threads} threads.
 * Prints a Markdown table to stdout, progress to stderr.
 *
 * <p>Options: {@code --duration=10} (seconds per measurement), {@code --warmup=5}, {@code
 * --threads=16}, {@code --backends=memory,postgres,redis}, {@code
 * --postgres=jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, {@code
 * --redis=redis://127.0.0.1:6379/0}.
 */
public final class LimitStoreBench {
  private static final Duration WINDOW = Duration.ofSeconds(60);
  private static final int CLIENTS = 10_000;

  private final Map<String, String> options = new HashMap<>();

  private LimitStoreBench(String[] args) {
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("options are --name=value, was " + a);
      }
      options.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
  }

  public static void main(String[] args) throws Exception {
    LimitStoreBench bench = new LimitStoreBench(args);
    List<String[]> rows = new ArrayList<>();
    for (String backend : bench.option("backends", "memory,postgres,redis").split(",")) {
      rows.addAll(bench.run(backend.strip()));
    }
    System.out.println(
        "| store | decision | 1 thread: median | 1 thread: p99 | "
            + bench.threads()
            + " threads: decisions/s |");
    System.out.println("|---|---|---|---|---|");
    for (String[] r : rows) {
      System.out.println("| " + String.join(" | ", r) + " |");
    }
    System.exit(0);
  }

  private String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  private int threads() {
    return Integer.parseInt(option("threads", "16"));
  }

  private List<String[]> run(String backend) throws Exception {
    Clock clock = Clock.systemUTC();
    String schema = null;
    String pgUrl = option("postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    String prefix = "upkeep-bench:" + UUID.randomUUID() + ":";
    LimitStore store;
    switch (backend) {
      case "memory" -> store = LimitStore.memory(clock);
      case "postgres" -> {
        schema = "upkeep_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(pgUrl);
            Statement s = c.createStatement()) {
          s.execute("CREATE SCHEMA " + schema);
        }
        pgUrl = pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        JdbcStores.postgres(pgUrl).close();
        store = LimitStores.postgres(pgUrl, clock);
      }
      case "redis" ->
          store = LimitStores.redis(option("redis", "redis://127.0.0.1:6379/0"), prefix, clock);
      default -> throw new IllegalArgumentException("unknown backend " + backend);
    }
    try {
      LimitKeys keys = LimitKeys.random();
      String[] requests = new String[CLIENTS];
      String[] clients = new String[CLIENTS];
      for (int i = 0; i < CLIENTS; i++) {
        String address = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
        requests[i] = keys.requests(address);
        clients[i] = keys.clientEvents(address);
      }
      String project = keys.projectEvents(1);
      String day = keys.projectDay(1);
      Decider request =
          () -> {
            int c = ThreadLocalRandom.current().nextInt(CLIENTS);
            return store.take(List.of(Charge.request(requests[c], Long.MAX_VALUE / 4, WINDOW)));
          };
      Decider admission =
          () -> {
            int c = ThreadLocalRandom.current().nextInt(CLIENTS);
            return store.take(
                List.of(
                    Charge.events(clients[c], 1, Integer.MAX_VALUE, WINDOW),
                    Charge.events(project, 1, Integer.MAX_VALUE, WINDOW),
                    Charge.daily(
                        day,
                        1,
                        Long.MAX_VALUE / 4,
                        LocalDate.now(clock.withZone(ZoneOffset.UTC)))));
          };
      List<String[]> rows = new ArrayList<>();
      rows.add(measure(backend, "request (1 window)", request, store));
      rows.add(measure(backend, "breadcrumb (2 buckets + daily cap)", admission, store));
      return rows;
    } finally {
      store.close();
      if (schema != null) {
        try (Connection c =
                DriverManager.getConnection(
                    option("postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
            Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
      }
      if (backend.equals("redis")) {
        deleteRedisKeys(prefix);
      }
    }
  }

  private String[] measure(String backend, String name, Decider decision, LimitStore store)
      throws Exception {
    long seconds = Long.parseLong(option("duration", "10"));
    long warmup = Long.parseLong(option("warmup", "5"));
    log(backend + " / " + name + ": warm-up " + warmup + " s");
    runFor(decision, Math.max(1, threads()), warmup);
    log(backend + " / " + name + ": 1 thread, " + seconds + " s");
    long[] samples = new long[5_000_000];
    int n = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end && n < samples.length) {
      long t = System.nanoTime();
      check(decision.take());
      samples[n++] = System.nanoTime() - t;
    }
    long[] sorted = Arrays.copyOf(samples, n);
    Arrays.sort(sorted);
    log(backend + " / " + name + ": " + threads() + " threads, " + seconds + " s");
    long count = runFor(decision, threads(), seconds);
    if (!store.answering()) {
      throw new IllegalStateException(backend + " did not answer during the run");
    }
    return new String[] {
      backend,
      name,
      micros(sorted[sorted.length / 2]),
      micros(sorted[Math.max(0, (int) Math.ceil(sorted.length * 0.99) - 1)]),
      String.format(Locale.ROOT, "%,d", count / seconds)
    };
  }

  private static long runFor(Decider decision, int threads, long seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicBoolean stop = new AtomicBoolean();
    try {
      List<Future<Long>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  long n = 0;
                  while (!stop.get()) {
                    check(decision.take());
                    n++;
                  }
                  return n;
                }));
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
      stop.set(true);
      long total = 0;
      for (Future<Long> f : done) {
        total += f.get();
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void check(Decision d) {
    if (!d.taken()) {
      throw new IllegalStateException("a decision was refused: " + d);
    }
  }

  private void deleteRedisKeys(String prefix) {
    io.lettuce.core.RedisClient client =
        io.lettuce.core.RedisClient.create(option("redis", "redis://127.0.0.1:6379/0"));
    try (var c = client.connect()) {
      var redis = c.sync();
      io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
      do {
        io.lettuce.core.KeyScanCursor<String> page =
            redis.scan(cursor, io.lettuce.core.ScanArgs.Builder.matches(prefix + "*").limit(1000));
        if (!page.getKeys().isEmpty()) {
          redis.del(page.getKeys().toArray(new String[0]));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      client.shutdown();
    }
  }

  private static String micros(long nanos) {
    return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
  }

  private static void log(String line) {
    System.err.println("[limits] " + line);
  }

  /** Makes one decision of the collector's. */
  private interface Decider {
    Decision take();
  }
}
