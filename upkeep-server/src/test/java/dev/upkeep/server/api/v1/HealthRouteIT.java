package dev.upkeep.server.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.testing.Runs;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/projects/{owner}/{name}/health}: per version runs, failure rate and interval
 * against the version before, error types new in it, adoption and flagged users, from a real
 * collector's rollups; its 400, 401 and 404.
 */
class HealthRouteIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String HEALTH = "/v1/projects/acme/tool/health";

  @TempDir Path data;
  TestServer server;
  String master;
  long project;

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(data, Duration.ofSeconds(60));
    master = server.server.initialMasterToken().orElseThrow();
    project = server.register("acme/tool").id();
    Instant now = TestServer.START;
    List<UsageEvent> events = new ArrayList<>();
    // 1.0.0, ten days ago: 400 runs by 40 users, 4 of them KeyError failures (1 %)
    for (int i = 0; i < 400; i++) {
      events.add(
          Runs.run(
              project, now.minus(Duration.ofDays(10)), "1.0.0", "u" + (i % 40), i < 4, "KeyError"));
    }
    // 1.1.0, from three days ago: 400 runs by 60 users, 40 failed (10 %): 30 ValueError (new), 10
    // KeyError
    for (int i = 0; i < 400; i++) {
      String type = i < 30 ? "ValueError" : "KeyError";
      events.add(
          Runs.run(project, now.minus(Duration.ofDays(3)), "1.1.0", "w" + (i % 60), i < 40, type));
    }
    server.server.store().events().append(events);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode get(String query) throws Exception {
    HttpResponse<String> r = server.get(HEALTH + query, "Authorization", "Bearer " + master);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void eachVersionIsJudgedAgainstTheOneBeforeItWithItsNewErrorTypes() throws Exception {
    JsonNode h = get("");
    assertThat(h.get("project").asText()).isEqualTo("acme/tool");
    assertThat(h.get("from").asText()).isEqualTo("2026-01-31T00:00:00Z");
    assertThat(h.get("to").asText()).isEqualTo(TestServer.START.toString());
    assertThat(h.get("active_users").asLong()).as("1.1.0's users of the last 7 days").isEqualTo(60);
    JsonNode versions = h.get("versions");
    assertThat(versions).hasSize(2);

    JsonNode old = versions.get(0);
    assertThat(old.get("version").asText()).isEqualTo("1.0.0");
    assertThat(old.get("runs").asLong()).isEqualTo(400);
    assertThat(old.get("failures").asLong()).isEqualTo(4);
    assertThat(old.get("failure_rate").asDouble()).isEqualTo(0.01);
    assertThat(old.get("previous").isNull()).isTrue();
    assertThat(old.get("verdict").isNull()).isTrue();
    assertThat(old.get("users").asLong()).as("not active in the last 7 days").isZero();
    assertThat(old.get("first_seen").asText()).isEqualTo("2026-02-19");
    assertThat(old.get("adoption_first_week").isNull())
        .as("the seventh day from 2026-02-19 had no users")
        .isTrue();

    JsonNode cur = versions.get(1);
    assertThat(cur.get("version").asText()).isEqualTo("1.1.0");
    assertThat(cur.get("failures").asLong()).isEqualTo(40);
    assertThat(cur.get("failure_rate").asDouble()).isEqualTo(0.1);
    double lower = cur.get("interval").get("lower").asDouble();
    double upper = cur.get("interval").get("upper").asDouble();
    assertThat(lower).isBetween(0.07, 0.1);
    assertThat(upper).isBetween(0.1, 0.14);
    assertThat(cur.get("previous").get("version").asText()).isEqualTo("1.0.0");
    assertThat(cur.get("previous").get("interval").get("upper").asDouble()).isLessThan(lower);
    assertThat(cur.get("verdict").asText()).isEqualTo("regressed");
    assertThat(cur.get("error_types").toString())
        .isEqualTo(
            "[{\"type\":\"ValueError\",\"failures\":30},{\"type\":\"KeyError\",\"failures\":10}]");
    assertThat(cur.get("new_error_types").toString())
        .isEqualTo("[{\"type\":\"ValueError\",\"failures\":30}]");
    assertThat(cur.get("users").asLong()).isEqualTo(60);
    assertThat(cur.get("adoption").asDouble()).isEqualTo(1.0);
    assertThat(cur.get("days")).hasSize(30);
    JsonNode day = cur.get("days").get(26);
    assertThat(day.get("date").asText()).isEqualTo("2026-02-26");
    assertThat(day.get("runs").asLong()).isEqualTo(400);
    assertThat(day.get("failures").asLong()).isEqualTo(40);
  }

  @Test
  void usersOnFlaggedVersionsAreCountedAndOneVersionCanBeAsked() throws Exception {
    HttpResponse<String> add =
        server.post(
            "/v1/projects/acme/tool/versions",
            "application/json",
            "{\"version\":\"1.1.0\"}",
            "Authorization",
            "Bearer " + master);
    assertThat(add.statusCode()).as(add.body()).isEqualTo(201);
    HttpResponse<String> flag =
        server.putJson(
            "/v1/projects/acme/tool/versions/1.1.0/flag",
            "{\"reason\":\"fails one run in ten\"}",
            "Authorization",
            "Bearer " + master);
    assertThat(flag.statusCode()).as(flag.body()).isEqualTo(200);

    JsonNode h = get("?version=1.1.0&days=7");
    assertThat(h.get("flagged_users").asLong()).isEqualTo(60);
    assertThat(h.get("flagged_share").asDouble()).isEqualTo(1.0);
    assertThat(h.get("versions")).hasSize(1);
    JsonNode v = h.get("versions").get(0);
    assertThat(v.get("flagged").asBoolean()).isTrue();
    assertThat(v.get("flag_reason").asText()).isEqualTo("fails one run in ten");
    assertThat(v.get("previous").isNull()).as("1.0.0 had no runs in the last 7 days").isTrue();
    assertThat(v.get("new_error_types")).hasSize(2);
  }

  @Test
  void howFastAVersionWasTakenUpIsItsShareOfTheUsersOnItsSeventhDay() throws Exception {
    Instant first = Instant.parse("2026-02-20T10:00:00Z");
    List<UsageEvent> events = new ArrayList<>();
    events.add(Runs.run(project, first, "1.2.0", "a0", false, null));
    Instant seventh = first.plus(Duration.ofDays(6));
    for (int i = 0; i < 4; i++) {
      events.add(Runs.run(project, seventh, i < 3 ? "1.2.0" : "1.0.0", "a" + i, false, null));
    }
    server.server.store().events().append(events);

    JsonNode v = get("?version=1.2.0").get("versions").get(0);
    assertThat(v.get("first_seen").asText()).isEqualTo("2026-02-20");
    assertThat(v.get("adoption_first_week").asDouble())
        .as("3 of the 64 users of 2026-02-26 (1.1.0's 60 among them)")
        .isEqualTo(3.0 / 64);
  }

  @Test
  void badRequestsAreRefusedNamingWhatIsWrong() throws Exception {
    HttpResponse<String> none = server.get(HEALTH);
    assertThat(none.statusCode()).isEqualTo(401);
    HttpResponse<String> days = server.get(HEALTH + "?days=0", "Authorization", "Bearer " + master);
    assertThat(days.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(days.body()).get("detail").asText())
        .isEqualTo("days must be a whole number from 1 to 366, was \"0\"");
    HttpResponse<String> unknown =
        server.get(HEALTH + "?version=9.9.9", "Authorization", "Bearer " + master);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).get("detail").asText())
        .isEqualTo("Version \"9.9.9\" of acme/tool has no events in the last 30 days.");
  }
}
