package dev.upkeep.server.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A project's optional ingest key on {@code POST /v1/events}, against a real server. */
class IngestKeyIT {
  static final String KEYED = "acme/keyed";
  static final String OPEN = "acme/open";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;
  TestServer server;
  String master;

  @BeforeEach
  void start() {
    server = TestServer.start(data, Duration.ofHours(1));
    master = "Bearer " + server.server.initialMasterToken().orElseThrow();
    server.register(KEYED);
    server.register(OPEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aKeyedProjectTakesEventsOnlyWithItsKeyAndOtherProjectsAreUnaffected() throws Exception {
    assertThat(post(List.of(event("before", KEYED))).statusCode()).isEqualTo(200);
    assertThat(
            server
                .post("/v1/projects/" + KEYED + "/ingest-key", "application/json", "")
                .statusCode())
        .isEqualTo(401);

    String key =
        keyOf(
            server.post(
                "/v1/projects/" + KEYED + "/ingest-key",
                "application/json",
                "",
                "Authorization",
                master));
    assertThat(key).matches("upk_ik_[A-Za-z0-9_-]{32}");
    assertThat(keyOf(server.get("/v1/projects/" + KEYED + "/ingest-key", "Authorization", master)))
        .isEqualTo(key);

    HttpResponse<String> missing = post(List.of(event("no-key", KEYED), event("open-1", OPEN)));
    assertThat(missing.statusCode()).isEqualTo(200);
    JsonNode answer = JSON.readTree(missing.body());
    assertThat(answer.get("stored").asInt()).isEqualTo(1);
    assertThat(answer.at("/rejected/0/id").asText()).isEqualTo("no-key");
    assertThat(answer.at("/rejected/0/reason").asText())
        .contains("acme/keyed", "X-Upkeep-Ingest-Key", "missing");

    HttpResponse<String> wrong =
        post(List.of(event("wrong", KEYED)), "X-Upkeep-Ingest-Key", "upk_ik_" + "x".repeat(32));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("does not match");

    assertThat(post(List.of(event("right", KEYED)), "X-Upkeep-Ingest-Key", key).statusCode())
        .isEqualTo(200);

    String rotated =
        keyOf(
            server.post(
                "/v1/projects/" + KEYED + "/ingest-key",
                "application/json",
                "",
                "Authorization",
                master));
    assertThat(rotated).isNotEqualTo(key);
    assertThat(post(List.of(event("old-key", KEYED)), "X-Upkeep-Ingest-Key", key).statusCode())
        .isEqualTo(400);

    HttpResponse<String> removed =
        server.delete("/v1/projects/" + KEYED + "/ingest-key", "Authorization", master);
    assertThat(JSON.readTree(removed.body()).get("ingest_key").isNull()).isTrue();
    assertThat(post(List.of(event("after", KEYED))).statusCode()).isEqualTo(200);

    assertThat(server.rows("SELECT event_id FROM events ORDER BY event_id"))
        .containsExactly(List.of("after"), List.of("before"), List.of("open-1"), List.of("right"));
  }

  @Test
  void anUnknownProjectIs404() throws Exception {
    assertThat(
            server
                .post(
                    "/v1/projects/acme/nothing/ingest-key",
                    "application/json",
                    "",
                    "Authorization",
                    master)
                .statusCode())
        .isEqualTo(404);
  }

  private HttpResponse<String> post(List<String> events, String... headers) throws Exception {
    return server.post(
        "/v1/events", "application/json", "[" + String.join(",", events) + "]", headers);
  }

  private static String event(String id, String project) {
    return "{\"id\":\"" + id + "\",\"project\":\"" + project + "\",\"version\":\"1.0.0\"}";
  }

  private static String keyOf(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    return JSON.readTree(r.body()).get("ingest_key").asText();
  }
}
