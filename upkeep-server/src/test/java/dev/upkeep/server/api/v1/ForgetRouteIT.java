package dev.upkeep.server.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.audit.AuditLog;
import dev.upkeep.server.auth.Tokens;
import dev.upkeep.server.installs.Credentials;
import dev.upkeep.server.installs.Enrollments;
import dev.upkeep.server.privacy.ForgetRequests;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/projects/{owner}/{name}/forget}: a user's own request, taken with the credentials
 * that may send the project events, queued, and carried out by the hourly maintenance with every
 * answer then counting the events left and an audit line naming the user by digest only.
 */
class ForgetRouteIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANN = "3571e622-beaf-3c5e-b094-65f5809f8c1f";
  private static final String OPEN = "lab/open";
  private static final String KEYED = "lab/keyed";

  @TempDir Path dir;
  private TestServer server;
  private String master;
  private Project keyed;

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(dir, Duration.ofHours(1));
    master = "Bearer " + server.server.initialMasterToken().orElseThrow();
    server.register(OPEN);
    keyed = server.register(KEYED);
    server.register("lab/other");
    String at = TestServer.START.minus(Duration.ofDays(1)).toString();
    StringBuilder events = new StringBuilder("[");
    for (String project : List.of(OPEN, KEYED)) {
      for (String user : List.of(ANN, "bob")) {
        events
            .append(events.length() > 1 ? "," : "")
            .append("{\"project\":\"")
            .append(project)
            .append("\",\"version\":\"1.0.0\",\"user_id\":\"")
            .append(user)
            .append("\",\"timestamp\":\"")
            .append(at)
            .append("\"}");
      }
    }
    HttpResponse<String> r =
        server.post("/v1/events", "application/json", events.append("]").toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> ask(String project, String body, String... headers)
      throws Exception {
    return server.post("/v1/projects/" + project + "/forget", "application/json", body, headers);
  }

  private static String user(String id) {
    return "{\"user_id\":\"" + id + "\"}";
  }

  private long users(String project) throws Exception {
    HttpResponse<String> r =
        server.get(
            "/v1/projects/" + project + "/usage?from=2026-01-01&metric=users",
            "Authorization",
            master);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("hits").asLong();
  }

  /** The collector's hourly task, writing to its audit log. */
  private int maintenance() {
    try (AuditLog audit =
        AuditLog.open(dir.resolve(ServerConfig.DEFAULT_AUDIT_LOG_NAME), server.clock)) {
      return new ForgetRequests(
              server.server.store().privacy(), server.server.store().projects(), audit)
          .run();
    }
  }

  @Test
  void aRequestIsQueuedAndCarriedOutByTheMaintenanceInThatProjectOnly() throws Exception {
    HttpResponse<String> r = ask(OPEN, user(ANN));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String digest = "sha256:" + Tokens.hash(ANN).substring(0, 16);
    assertThat(r.body())
        .isEqualTo("{\"user\":\"" + digest + "\",\"project\":\"" + OPEN + "\",\"queued\":true}");
    assertThat(ask(OPEN, user(ANN)).body()).as("asked twice").contains("\"queued\":false");
    assertThat(users(OPEN)).as("nothing removed before the maintenance").isEqualTo(2);

    assertThat(maintenance()).isEqualTo(1);

    assertThat(users(OPEN)).isEqualTo(1);
    assertThat(users(KEYED)).as("the user's events in another project stay").isEqualTo(2);
    assertThat(server.rows("SELECT project_id FROM events WHERE user_id = '" + ANN + "'"))
        .containsExactly(List.of(String.valueOf(keyed.id())));
    assertThat(server.rows("SELECT COUNT(*) FROM forget_requests")).containsExactly(List.of("0"));
    assertThat(maintenance()).isZero();
    String audit = Files.readString(dir.resolve(ServerConfig.DEFAULT_AUDIT_LOG_NAME));
    assertThat(audit)
        .contains("\"who\":\"client\"")
        .contains("\"action\":\"privacy.forget\"")
        .contains("user " + digest + " of " + OPEN)
        .doesNotContain(ANN);
  }

  @Test
  void aProjectWithAnIngestKeyTakesTheRequestOnlyWithItsKeyOrAnInstallToken() throws Exception {
    HttpResponse<String> rotated =
        server.post(
            "/v1/projects/" + KEYED + "/ingest-key",
            "application/json",
            "",
            "Authorization",
            master);
    String key = JSON.readTree(rotated.body()).get("ingest_key").asText();

    HttpResponse<String> none = ask(KEYED, user(ANN));
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("X-Upkeep-Ingest-Key is missing");
    assertThat(ask(KEYED, user(ANN), "X-Upkeep-Ingest-Key", "upk_ik_wrong").body())
        .contains("does not match");
    assertThat(ask(KEYED, user(ANN), "X-Upkeep-Ingest-Key", key).statusCode()).isEqualTo(202);

    Credentials install =
        new Enrollments(server.server.store().installs(), server.clock, Duration.ofHours(1))
            .enrollOtumat(keyed, Map.of(), "1.0.0");
    HttpResponse<String> otherProject =
        ask(OPEN, user("bob"), "Authorization", "Bearer " + install.accessToken());
    assertThat(otherProject.statusCode()).isEqualTo(401);
    assertThat(otherProject.body()).contains("InvalidTokenError");
    HttpResponse<String> own =
        ask(KEYED, user("bob"), "Authorization", "Bearer " + install.accessToken());
    assertThat(own.statusCode()).as(own.body()).isEqualTo(202);
    assertThat(server.rows("SELECT revoked_at IS NOT NULL FROM installs"))
        .as("the install that asked is revoked with its tokens")
        .containsExactly(List.of("1"));
    assertThat(
            ask(KEYED, user("bob"), "Authorization", "Bearer " + install.accessToken())
                .statusCode())
        .isEqualTo(401);

    assertThat(maintenance()).isEqualTo(2);
    assertThat(users(KEYED)).isZero();
    assertThat(users(OPEN)).isEqualTo(2);
  }

  @Test
  void aBadRequestIsRefusedNamingWhatIsWrong() throws Exception {
    assertThat(ask("no/such", user(ANN)).statusCode()).isEqualTo(404);
    HttpResponse<String> missing = ask(OPEN, "{}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("\\\"user_id\\\" is required");
    assertThat(ask(OPEN, user("x".repeat(65))).body()).contains("1 to 64 characters");
    assertThat(ask(OPEN, "[1]").statusCode()).isEqualTo(400);
    assertThat(server.rows("SELECT COUNT(*) FROM forget_requests"))
        .isEqualTo(List.of(Arrays.asList("0")));
  }
}
