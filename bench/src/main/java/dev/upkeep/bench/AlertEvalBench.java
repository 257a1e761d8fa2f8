package dev.upkeep.bench;

import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.UpkeepServer;
import dev.upkeep.server.alerts.AlertEvaluator;
import dev.upkeep.server.store.AlertRuleRecord;
import dev.upkeep.server.store.Project;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cost of evaluating release health alerts (issue 21): every rule of every project of an {@code
 * upkeep demo} store (SQLite), five rules per project (one of each kind, no destinations),
 * evaluated by the collector's own {@link AlertEvaluator} again and again, each evaluation's CPU
 * time read from its thread (SQLite runs in that thread, so its work is counted). Beside it, in the
 * same run, the anchor: the same per-version numbers (runs and failures per version over 30 days,
 * failures per version and error type, users per version over 7 days) counted with plain SQL over
 * the raw {@code events} table for every project. The budget: all rules of all 50 projects in less
 * than 1 s of CPU per minute, one evaluation a minute being the default {@code alert-interval}.
 * Adds its rules to the store and removes them (with any alert they fired) at the end.
 *
 * <p>Usage: {@code java -cp upkeep-bench.jar dev.upkeep.bench.AlertEvalBench --store=DIR
 * [--end=2026-11-01] [--evaluations=20] [--raw=3]}
 */
public final class AlertEvalBench {
  private static final String[] RULES = {
    "{\"when\":\"failure-rate\",\"above_baseline\":2,\"min_runs\":200}",
    "{\"when\":\"new-error-type\",\"min_runs\":200}",
    "{\"when\":\"flagged-users\",\"above\":0.1}",
    "{\"when\":\"adoption\",\"below\":0.05,\"after\":\"14d\"}",
    "{\"when\":\"silence\",\"for\":\"24h\"}"
  };

  private AlertEvalBench() {}

  public static void main(String[] args) throws Exception {
    Path store = null;
    String end = "2026-11-01";
    int evaluations = 20;
    int raw = 3;
    for (String a : args) {
      String v = a.substring(a.indexOf('=') + 1);
      if (a.startsWith("--store=")) {
        store = Path.of(v);
      } else if (a.startsWith("--end=")) {
        end = v;
      } else if (a.startsWith("--evaluations=")) {
        evaluations = Integer.parseInt(v);
      } else if (a.startsWith("--raw=")) {
        raw = Integer.parseInt(v);
      } else {
        throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (store == null) {
      throw new IllegalArgumentException("--store=DIR is required");
    }
    // noon of the demo's last day: the 30-day window and the last 7 days hold its newest events
    Instant now = Instant.parse(end + "T12:00:00Z");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ServerConfig config =
        ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .dataDir(store)
            .rateLimitEnabled(false)
            .apply(java.util.Map.of("alert-interval", "24h", "audit-log", "off"), "bench")
            .build();
    try (UpkeepServer server = UpkeepServer.start(config, Clock.fixed(now, ZoneOffset.UTC))) {
      List<Project> projects = server.store().projects().list();
      List<AlertRuleRecord> added = new ArrayList<>();
      for (Project p : projects) {
        for (String r : RULES) {
          added.add(server.store().alerts().addRule(p.id(), r, now));
        }
      }
      AlertEvaluator evaluator = server.alerting().evaluator();
      try {
        System.err.printf("%d projects, %d rules; warming up%n", projects.size(), added.size());
        int fired = 0;
        for (int i = 0; i < 3; i++) {
          fired += evaluator.evaluateAll().fired().size();
        }
        long[] cpu = new long[evaluations];
        long[] wall = new long[evaluations];
        for (int i = 0; i < evaluations; i++) {
          long c0 = threads.getCurrentThreadCpuTime();
          long w0 = System.nanoTime();
          evaluator.evaluateAll();
          wall[i] = System.nanoTime() - w0;
          cpu[i] = threads.getCurrentThreadCpuTime() - c0;
        }
        long[] rawCpu = new long[raw];
        long[] rawWall = new long[raw];
        try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + store.resolve("upkeep.db"))) {
          for (int i = 0; i < raw; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            for (Project p : projects) {
              rawHealth(c, p.id(), now);
            }
            rawWall[i] = System.nanoTime() - w0;
            rawCpu[i] = threads.getCurrentThreadCpuTime() - c0;
          }
        }
        System.out.printf(
            "| %s | %d | %d | %d | %s | %s | %s | %s |%n",
            store.getFileName(),
            projects.size(),
            added.size(),
            fired,
            ms(median(cpu)) + " / " + ms(max(cpu)),
            ms(median(wall)) + " / " + ms(max(wall)),
            ms(median(rawCpu)) + " / " + ms(max(rawCpu)),
            ms(median(rawWall)) + " / " + ms(max(rawWall)));
      } finally {
        for (AlertRuleRecord r : added) {
          server.store().alerts().removeRule(r.projectId(), r.id());
        }
      }
    }
  }

  /** The anchor: the numbers the rules read, counted from the raw events of one project. */
  private static void rawHealth(Connection c, long project, Instant now) throws Exception {
    long to = now.toEpochMilli();
    long from = Math.floorDiv(to, 86_400_000L) * 86_400_000L - 29 * 86_400_000L;
    long active = to - Duration.ofDays(7).toMillis() + 1;
    query(
        c,
        "SELECT version, SUM(CASE WHEN status IN ('C', 'F', 'S') THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN status = 'F' THEN 1 ELSE 0 END), MIN(ts) FROM events"
            + " WHERE project_id = ? AND kind = 'breadcrumb' AND ts >= ? AND ts <= ?"
            + " GROUP BY version",
        project,
        from,
        to);
    query(
        c,
        "SELECT version, COALESCE(error_type, 'unknown'), COUNT(*) FROM events"
            + " WHERE project_id = ? AND kind = 'breadcrumb' AND ts >= ? AND ts <= ?"
            + " AND status = 'F' GROUP BY 1, 2",
        project,
        from,
        to);
    query(
        c,
        "SELECT version, COUNT(DISTINCT user_id) FROM events"
            + " WHERE project_id = ? AND kind = 'breadcrumb' AND ts >= ? AND ts <= ?"
            + " GROUP BY version",
        project,
        active,
        to);
  }

  private static void query(Connection c, String sql, long project, long from, long to)
      throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, project);
      ps.setLong(2, from);
      ps.setLong(3, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rs.getString(1);
        }
      }
    }
  }

  private static long median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static long max(long[] v) {
    return Arrays.stream(v).max().orElse(0);
  }

  private static String ms(long nanos) {
    return String.format("%.1f ms", nanos / 1e6);
  }
}
