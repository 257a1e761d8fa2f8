package dev.upkeep.it.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.it.ChildServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two collector JVMs on one PostgreSQL database under concurrent load from sixteen clients, one
 * collector killed with SIGKILL mid-load: every acknowledged event is stored exactly once, and the
 * unique users the collector answers equal {@code COUNT(DISTINCT user_id)} over the events. Clients
 * behave as Upkeep's client does: a batch that got no answer is sent again, with the same event
 * ids, to a collector that answers.
 */
class TwoCollectorsIT {
  private static final String URL =
      System.getenv()
          .getOrDefault(
              "UPKEEP_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROJECT = "scale/out";
  private static final int CLIENTS = 16;
  private static final int USERS = 400;

  @TempDir Path dir;
  private String schema;

  @BeforeEach
  void createSchema() {
    schema = "upkeep_two_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(URL);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("CI=true and PostgreSQL is not reachable at " + URL, e);
      }
      Assumptions.abort("PostgreSQL is not reachable at " + URL + ": " + e.getMessage());
    }
  }

  @AfterEach
  void dropSchema() throws SQLException {
    try (Connection c = DriverManager.getConnection(URL);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private String databaseUrl() {
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Test
  void acknowledgedEventsSurviveASigkilledCollectorExactlyOnce() throws Exception {
    Path first = dir.resolve("a");
    Path second = dir.resolve("b");
    try (ChildServer a = ChildServer.start(first, "--database-url", databaseUrl());
        ChildServer b = ChildServer.start(second, "--database-url", databaseUrl())) {
      String token = a.masterToken(first);
      register(a.port, token);
      Load load = Load.start(new int[] {a.port, b.port});
      await().atMost(Duration.ofSeconds(90)).until(() -> load.acked.size() >= 3_000);
      b.process.toHandle().destroyForcibly();
      b.process.waitFor();
      long ackedAtKill = load.acked.size();
      await().atMost(Duration.ofSeconds(90)).until(() -> load.acked.size() >= ackedAtKill + 2_000);
      load.stop();

      assertThat(load.failures.get()).as("answers other than 2xx from a live collector").isZero();
      try (Connection c = DriverManager.getConnection(databaseUrl())) {
        Set<String> stored = new HashSet<>();
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT event_id FROM events")) {
          while (rs.next()) {
            assertThat(stored.add(rs.getString(1)))
                .as("stored twice: %s", rs.getString(1))
                .isTrue();
          }
        }
        assertThat(stored).containsAll(load.acked);
        assertThat(stored.size()).isLessThanOrEqualTo(load.sent.size());
        long distinct = scalar(c, "SELECT COUNT(DISTINCT user_id) FROM events");
        assertThat(distinct).isGreaterThan(USERS / 2);
        assertThat(users(a.port, token)).isEqualTo(distinct);
        assertThat(hits(a.port, token)).isEqualTo(stored.size());
      }
    }
  }

  private static void register(int port, String token) throws IOException {
    int status =
        request(port, "POST", "/v1/projects", token, "{\"name\":\"" + PROJECT + "\"}").status;
    assertThat(status).isEqualTo(201);
  }

  private static long users(int port, String token) throws IOException {
    return usage(port, token, "users");
  }

  private static long hits(int port, String token) throws IOException {
    return usage(port, token, "hits");
  }

  private static long usage(int port, String token, String metric) throws IOException {
    Answer r =
        request(
            port,
            "GET",
            "/v1/projects/" + PROJECT + "/usage?from=2000-01-01&metric=" + metric,
            token,
            null);
    assertThat(r.status).as(r.body).isEqualTo(200);
    JsonNode json = JSON.readTree(r.body);
    return json.get("hits").asLong();
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private record Answer(int status, String body) {}

  private static Answer request(int port, String method, String path, String token, String body)
      throws IOException {
    HttpURLConnection c =
        (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
    c.setConnectTimeout(2_000);
    c.setReadTimeout(15_000);
    c.setRequestMethod(method);
    if (token != null) {
      c.setRequestProperty("Authorization", "Bearer " + token);
    }
    if (body != null) {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      try (OutputStream out = c.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = c.getResponseCode();
    try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      return new Answer(
          status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * Clients sending batches of five events with ids and overlapping users, alternating between the
   * collectors; a batch without an answer is sent again to the next collector.
   */
  private static final class Load {
    final Set<String> sent = ConcurrentHashMap.newKeySet();
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final AtomicLong failures = new AtomicLong();
    final AtomicBoolean running = new AtomicBoolean(true);
    final List<Thread> threads = new ArrayList<>();

    static Load start(int[] ports) {
      Load load = new Load();
      for (int i = 0; i < CLIENTS; i++) {
        int client = i;
        Thread t = new Thread(() -> load.run(ports, client), "client-" + i);
        t.setDaemon(true);
        load.threads.add(t);
        t.start();
      }
      return load;
    }

    void run(int[] ports, int client) {
      long n = 0;
      int target = client % ports.length;
      while (running.get()) {
        List<String> ids = new ArrayList<>();
        StringBuilder body = new StringBuilder("[");
        for (int e = 0; e < 5; e++) {
          String id = "c" + client + "-" + n++;
          ids.add(id);
          body.append(e == 0 ? "" : ",")
              .append("{\"id\":\"")
              .append(id)
              .append("\",\"project\":\"")
              .append(PROJECT)
              .append("\",\"version\":\"1.")
              .append(n % 3)
              .append(".0\",\"user_id\":\"u")
              .append((client * 7919 + n * 104729) % USERS)
              .append("\",\"platform\":\"linux\"}");
        }
        body.append(']');
        sent.addAll(ids);
        boolean delivered = false;
        while (!delivered && running.get()) {
          int port = ports[target];
          target = (target + 1) % ports.length;
          try {
            Answer a = request(port, "POST", "/v1/events", null, body.toString());
            if (a.status == 200) {
              acked.addAll(ids);
              delivered = true;
            } else if (a.status != 503) {
              failures.incrementAndGet();
              delivered = true;
            }
          } catch (IOException e) {
            // killed collector: the batch goes to the other one, same ids
          }
        }
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(20_000);
      }
    }
  }
}
