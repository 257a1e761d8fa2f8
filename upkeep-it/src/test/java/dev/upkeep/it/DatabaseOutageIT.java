package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database going away under load: a collector in a child JVM on a PostgreSQL cluster of the
 * test's own ({@link ThrowawayPostgres}) takes events and breadcrumbs from concurrent clients when
 * the cluster is stopped ({@code pg_ctl stop -m immediate}, as a crash) and, a few seconds later,
 * started again. Throughout, every request is answered, with a 2xx or a 503 carrying {@code
 * Retry-After} (never a 500, a reset or a hang); queries answer 503 too; {@code /v1/health} turns
 * 503 and back to 200; the collector stays up and resumes ingest by itself; and every event that
 * got a 2xx is in the database afterwards, exactly once. About 30 s.
 */
class DatabaseOutageIT {
  private static final String PROJECT = "nipreps/fmriprep";
  private static final Duration OUTAGE = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void theCollectorAnswers503WhileItsDatabaseIsDownAndRecoversByItself() throws Exception {
    try (ThrowawayPostgres pg = ThrowawayPostgres.create();
        ChildServer child = ChildServer.start(dir, "--database-url", pg.url())) {
      String token = child.masterToken(dir);
      RawHttp.Response registered =
          send(child.port, "POST", "/v1/projects", token, "{\"name\":\"" + PROJECT + "\"}");
      assertThat(registered.status()).as(registered.body()).isEqualTo(201);
      assertThat(health(child.port).status()).isEqualTo(200);

      Load load = Load.start(child.port, 6, 2);
      long healthy;
      long ingesting;
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> load.acked() >= 200);

        pg.stop("immediate");
        load.phase.set("outage");
        long down = System.nanoTime();
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> load.count("outage", 503) >= 20 && health(child.port).status() == 503);
        long start = System.nanoTime();
        RawHttp.Response h = health(child.port);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as("health answers within its 2 s bound")
            .isLessThan(Duration.ofSeconds(4));
        JsonNode body = RunningServer.JSON.readTree(h.body());
        assertThat(h.status()).isEqualTo(503);
        assertThat(body.get("status").asText()).isEqualTo("degraded");
        assertThat(body.get("store").asText()).startsWith("unavailable");
        assertThat(body.at("/database/kind").asText()).isEqualTo("postgres");
        assertThat(body.at("/database/reachable").asBoolean()).isFalse();
        assertUnavailable(
            send(
                child.port,
                "GET",
                "/v1/projects/" + PROJECT + "/usage?from=2000-01-01",
                token,
                null));
        assertUnavailable(
            send(
                child.port,
                "POST",
                "/graphql",
                null,
                "{\"query\":\"query{get_usage(project:\\\""
                    + PROJECT
                    + "\\\",start:\\\"2000-01-01\\\")}\"}"));
        assertUnavailable(send(child.port, "GET", "/v1/tokens", token, null));
        // the outage lasts OUTAGE, whatever the checks above took: not a wait for something
        long left = OUTAGE.toNanos() - (System.nanoTime() - down);
        if (left > 0) {
          Thread.sleep(left / 1_000_000);
        }

        pg.start();
        long up = System.nanoTime();
        load.phase.set("after");
        await().atMost(Duration.ofSeconds(30)).until(() -> health(child.port).status() == 200);
        healthy = System.nanoTime() - up;
        await().atMost(Duration.ofSeconds(30)).until(() -> load.count("after", 200) >= 1);
        ingesting = System.nanoTime() - up;
        await().atMost(Duration.ofSeconds(30)).until(() -> load.count("after", 200) >= 20);
        assertThat(child.process.isAlive()).isTrue();
      } finally {
        load.stop();
      }

      Map<String, Long> statuses = load.statuses();
      System.out.printf(
          "DatabaseOutageIT: answers by phase and status %s, slowest %d ms, acknowledged %d"
              + " events and %d breadcrumbs; after the database was back: health 200 in %d ms,"
              + " first event stored in %d ms%n",
          statuses,
          load.slowest.get(),
          load.ackedIds.size(),
          load.ackedBreadcrumbs.get(),
          healthy / 1_000_000,
          ingesting / 1_000_000);
      assertThat(load.failures).as("answers that were not HTTP (resets, closed)").isEmpty();
      assertThat(statuses.keySet())
          .as("statuses by phase")
          .allMatch(k -> k.endsWith(":200") || k.endsWith(":202") || k.endsWith(":503"));
      assertThat(load.without503RetryAfter).as("503s without Retry-After").hasValue(0);
      assertThat(load.slowest.get())
          .as("slowest answer in ms (connect timeout 5 s)")
          .isLessThan(10_000);

      try (Connection c = DriverManager.getConnection(pg.url());
          Statement s = c.createStatement()) {
        Set<String> stored = new HashSet<>();
        try (ResultSet rs =
            s.executeQuery("SELECT event_id FROM events WHERE event_id IS NOT NULL")) {
          while (rs.next()) {
            assertThat(stored.add(rs.getString(1))).as("stored once: " + rs.getString(1)).isTrue();
          }
        }
        assertThat(stored).as("every acknowledged event is stored").containsAll(load.ackedIds);
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM events WHERE event_id IS NULL")) {
          rs.next();
          assertThat(rs.getLong(1))
              .as("breadcrumbs stored vs acknowledged")
              .isGreaterThanOrEqualTo(load.ackedBreadcrumbs.get());
        }
      }
      String log = String.join("\n", child.output);
      assertThat(log).contains("ingest paused").contains("ingest resumed");
      assertThat(child.terminate()).isIn(0, 143);
    }
  }

  private static void assertUnavailable(RawHttp.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(r.header("Retry-After")).isNotNull();
    assertThat(r.body()).contains("unavailable").doesNotContain("PSQLException");
  }

  private static RawHttp.Response health(int port) throws IOException {
    return send(port, "GET", "/v1/health", null, null);
  }

  private static RawHttp.Response send(
      int port, String method, String target, String token, String json) throws IOException {
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    List<String> headers = new ArrayList<>();
    if (token != null) {
      headers.add("Authorization: Bearer " + token);
    }
    if (json != null) {
      headers.add("Content-Type: application/json");
      headers.add("Content-Length: " + body.length);
    }
    headers.add("Connection: close");
    return RawHttp.send(port, method + " " + target + " HTTP/1.1", headers, body);
  }

  /**
   * Client threads sending batches of events with ids to {@code /v1/events} and migas breadcrumbs
   * to {@code /api/breadcrumb} as fast as they are answered, counting answers by phase and status.
   */
  private static final class Load {
    final AtomicBoolean running = new AtomicBoolean(true);
    final java.util.concurrent.atomic.AtomicReference<String> phase =
        new java.util.concurrent.atomic.AtomicReference<>("before");
    final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
    final Set<String> ackedIds = ConcurrentHashMap.newKeySet();
    final AtomicLong ackedBreadcrumbs = new AtomicLong();
    final AtomicLong without503RetryAfter = new AtomicLong();
    final AtomicLong slowest = new AtomicLong();
    final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<Thread> threads = new ArrayList<>();

    static Load start(int port, int eventClients, int breadcrumbClients) {
      Load load = new Load();
      for (int i = 0; i < eventClients + breadcrumbClients; i++) {
        int client = i;
        boolean events = i < eventClients;
        Thread t = new Thread(() -> load.run(port, client, events), "load-" + i);
        t.setDaemon(true);
        load.threads.add(t);
        t.start();
      }
      return load;
    }

    long acked() {
      return ackedIds.size() + ackedBreadcrumbs.get();
    }

    long count(String phase, int status) {
      AtomicLong n = byStatus.get(phase + ":" + status);
      return n == null ? 0 : n.get();
    }

    Map<String, Long> statuses() {
      Map<String, Long> m = new TreeMap<>();
      byStatus.forEach((k, v) -> m.put(k, v.get()));
      return m;
    }

    void run(int port, int client, boolean events) {
      String crumb =
          "{\"project\": \""
              + PROJECT
              + "\", \"project_version\": \"1.0.0\", \"language\": \"python\","
              + " \"language_version\": \"3.11.7\", \"ctx\": {\"platform\": \"linux\"}}";
      for (long n = 0; running.get(); n++) {
        List<String> ids = new ArrayList<>();
        String body;
        if (events) {
          StringBuilder b = new StringBuilder("[");
          for (int k = 0; k < 5; k++) {
            String id = "c" + client + "-" + n + "-" + k;
            ids.add(id);
            b.append(k == 0 ? "" : ",")
                .append("{\"id\":\"")
                .append(id)
                .append("\",\"project\":\"")
                .append(PROJECT)
                .append("\",\"version\":\"1.0.0\",\"user_id\":\"u")
                .append(client)
                .append("\"}");
          }
          body = b.append(']').toString();
        } else {
          body = crumb;
        }
        String during = phase.get();
        long start = System.nanoTime();
        RawHttp.Response r;
        try {
          r = send(port, "POST", events ? "/v1/events" : "/api/breadcrumb", null, body);
        } catch (IOException | RuntimeException e) {
          if (running.get()) {
            failures.add(during + ": " + e);
          }
          continue;
        }
        slowest.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
        byStatus
            .computeIfAbsent(during + ":" + r.status(), k -> new AtomicLong())
            .incrementAndGet();
        if (r.status() == 200 || r.status() == 202) {
          if (events) {
            ackedIds.addAll(ids);
          } else {
            ackedBreadcrumbs.incrementAndGet();
          }
        } else if (r.status() == 503) {
          if (r.header("Retry-After") == null) {
            without503RetryAfter.incrementAndGet();
          }
          pause(20);
        }
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(15_000);
      }
    }

    private static void pause(long ms) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
