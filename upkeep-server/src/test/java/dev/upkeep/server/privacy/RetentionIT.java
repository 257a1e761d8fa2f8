package dev.upkeep.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention on a running collector: the collector's {@code retention = 30d}, a project's own 7
 * days, a project kept for ever; a run deletes what each keeps no longer, its answers then count
 * what is left, and every usage answer says the retention.
 */
class RetentionIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int[] AGES = {2, 10, 40, 400};

  @TempDir Path dir;
  private TestServer server;
  private String master;

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(dir, Duration.ofHours(1), b -> b.retentionDays(30));
    master = server.server.initialMasterToken().orElseThrow();
    for (String project : List.of("lab/default", "lab/week", "lab/forever")) {
      server.register(project);
      List<String> events = new ArrayList<>();
      for (int age : AGES) {
        events.add(
            "{\"project\":\""
                + project
                + "\",\"version\":\"1.0.0\",\"user_id\":\"u"
                + age
                + "\",\"timestamp\":\""
                + TestServer.START.minus(Duration.ofDays(age))
                + "\"}");
      }
      HttpResponse<String> r =
          server.post("/v1/events", "application/json", "[" + String.join(",", events) + "]");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    assertThat(retention("lab/week", "\"7d\"").body())
        .isEqualTo("{\"project\":\"lab/week\",\"retention\":\"7d\"}");
    assertThat(retention("lab/forever", "\"off\"").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> retention(String project, String json) throws Exception {
    return server.putJson(
        "/v1/projects/" + project + "/retention",
        "{\"retention\":" + json + "}",
        "Authorization",
        "Bearer " + master);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode users(String project) throws Exception {
    HttpResponse<String> r =
        server.get(
            "/v1/projects/" + project + "/usage?from=2020-01-01&metric=users",
            "Authorization",
            "Bearer " + master);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void aRunDeletesWhatEachProjectKeepsNoLongerAndTheAnswersSaySo() throws Exception {
    Retention retention =
        new Retention(server.server.store().projects(), server.server.store().privacy(), 30);
    assertThat(users("lab/default").get("hits").asLong()).isEqualTo(4);

    assertThat(retention.run(server.clock.instant())).isEqualTo(2 + 3);

    assertThat(users("lab/default").get("hits").asLong()).isEqualTo(2); // 2 and 10 days old
    assertThat(users("lab/default").get("retention_days").asInt()).isEqualTo(30);
    assertThat(users("lab/week").get("hits").asLong()).isEqualTo(1);
    assertThat(users("lab/week").get("retention_days").asInt()).isEqualTo(7);
    assertThat(users("lab/forever").get("hits").asLong()).isEqualTo(4);
    assertThat(users("lab/forever").get("retention_days").isNull()).isTrue();
    assertThat(server.rows("SELECT COUNT(*) FROM users").get(0).get(0)).isEqualTo("7");
    assertThat(retention.run(server.clock.instant())).as("nothing left to prune").isZero();

    // a day later, the event of 10 days is 11 days old: still kept for 30, gone for 7 days
    server.clock.advance(Duration.ofDays(21));
    assertThat(retention.run(server.clock.instant())).isEqualTo(1 + 1);
    assertThat(users("lab/default").get("hits").asLong()).isEqualTo(1);

    JsonNode listed =
        JSON.readTree(server.get("/v1/projects", "Authorization", "Bearer " + master).body());
    assertThat(listed.findValuesAsText("retention")).contains("7d", "off");
    assertThat(retention("lab/week", "\"1y\"").statusCode()).isEqualTo(400);
    assertThat(retention("lab/week", "null").body())
        .isEqualTo("{\"project\":\"lab/week\",\"retention\":null}");
    assertThat(users("lab/week").get("retention_days").asInt()).isEqualTo(30);
  }
}
