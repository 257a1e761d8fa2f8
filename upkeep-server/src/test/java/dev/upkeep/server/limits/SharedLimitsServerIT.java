package dev.upkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.UpkeepServer;
import dev.upkeep.server.http.TrustedProxies;
import dev.upkeep.server.testing.MutableClock;
import dev.upkeep.server.testing.PostgresSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two collectors on one PostgreSQL database, behind a trusted proxy (loopback): once a client has
 * used its budget on the first, the second refuses it with 429; other clients are not affected. The
 * limits live in the database (rate-limit-store defaults to postgres with a database-url), under
 * keyed hashes of the client addresses.
 */
class SharedLimitsServerIT {
  private static final String CRUMB =
      "{\"project\": \"nipreps/nipreps\", \"project_version\": \"1.0.0\", \"language\": \"python\","
          + " \"language_version\": \"3.11.7\"}";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<UpkeepServer> servers = new ArrayList<>();
  private PostgresSchema pg;
  private UpkeepServer first;
  private UpkeepServer second;

  @BeforeEach
  void startTwoCollectors(@TempDir Path dirA, @TempDir Path dirB) {
    pg = PostgresSchema.create();
    first = start(dirA);
    second = start(dirB);
    first.store().projects().register("nipreps/nipreps");
  }

  @AfterEach
  void stop() throws SQLException {
    servers.forEach(UpkeepServer::close);
    if (pg != null) {
      pg.close();
    }
  }

  private UpkeepServer start(Path dir) {
    UpkeepServer s =
        UpkeepServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dir)
                .databaseUrl(pg.url)
                .rateLimit(5)
                .clientEventLimit(3)
                .trustedProxies(TrustedProxies.parse("127.0.0.1, ::1"))
                .build(),
            clock);
    servers.add(s);
    return s;
  }

  @Test
  void theSecondCollectorRefusesARequestBudgetUsedOnTheFirst() throws Exception {
    assertThat(first.limitStore().describe()).isEqualTo("postgres");
    for (int i = 0; i < 5; i++) {
      assertThat(get(first, "/v1/health", "203.0.113.7").statusCode()).isEqualTo(200);
    }

    HttpResponse<String> refused = get(second, "/v1/health", "203.0.113.7");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
    assertThat(refused.body()).contains("Too many requests from this address");
    assertThat(get(second, "/v1/health", "198.51.100.4").statusCode()).isEqualTo(200);
    // a spoofed address from an untrusted peer would be ignored; from the trusted proxy, the
    // client it names is what counts, so a client cannot borrow another's budget either
    assertThat(get(first, "/v1/health", "1.1.1.1, 203.0.113.7").statusCode()).isEqualTo(429);
    assertThat(first.limitStore().answering()).isTrue();
  }

  @Test
  void theSecondCollectorRefusesEventsWhenTheClientsEventBudgetWasUsedOnTheFirst()
      throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(crumb(first, "203.0.113.9").statusCode()).isEqualTo(200);
    }

    HttpResponse<String> refused = crumb(second, "203.0.113.9");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("20");
    assertThat(refused.body()).contains("client-event-limit");
    assertThat(crumb(second, "198.51.100.9").statusCode()).isEqualTo(200);
  }

  @Test
  void theDatabaseHoldsNoClientAddress() throws Exception {
    crumb(first, "203.0.113.9");
    get(second, "/v1/health", "203.0.113.7");

    List<String> keys = new ArrayList<>();
    try (Connection c = pg.open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT key FROM limit_counters")) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(k).hasSize(24));
    assertThat(String.join(" ", keys)).doesNotContain("203.").doesNotContain("127.0.0.1");
  }

  private HttpResponse<String> get(UpkeepServer s, String path, String forwardedFor)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(s.url() + path))
            .header("X-Forwarded-For", forwardedFor)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> crumb(UpkeepServer s, String forwardedFor)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(s.url() + "/api/breadcrumb?wait=true"))
            .header("X-Forwarded-For", forwardedFor)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(CRUMB))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
