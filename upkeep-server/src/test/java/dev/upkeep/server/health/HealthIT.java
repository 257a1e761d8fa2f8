package dev.upkeep.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/health} of a real collector: the fields it always had, and the new ones. */
class HealthIT {
  @TempDir Path dir;

  @Test
  void aHealthyCollectorAnswers200WithTheStoreAndIngest() throws Exception {
    try (TestServer server = TestServer.start(dir, Duration.ofHours(1))) {
      HttpResponse<String> r = server.get("/v1/health");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
      JsonNode h = new ObjectMapper().readTree(r.body());
      assertThat(h.get("status").asText()).isEqualTo("ok");
      assertThat(h.get("store").asText()).isEqualTo("ok");
      assertThat(h.get("queue_depth").asInt()).isZero();
      assertThat(h.get("queue_capacity").asInt()).isEqualTo(50_000);
      assertThat(h.at("/database/kind").asText()).isEqualTo("sqlite");
      assertThat(h.at("/database/reachable").asBoolean()).isTrue();
      assertThat(h.at("/database/latency_ms").isIntegralNumber()).isTrue();
      assertThat(h.at("/database/latency_ms").asLong())
          .isLessThan(HealthRoute.STORE_TIMEOUT.toMillis());
      assertThat(h.at("/database").has("condition")).isFalse();
      assertThat(h.at("/ingest/queued_events").asInt()).isZero();
      assertThat(h.at("/ingest/oldest_queued_ms").asLong()).isZero();
      assertThat(h.at("/ingest/paused").asBoolean()).isFalse();
      assertThat(h.fieldNames())
          .toIterable()
          .containsExactly(
              "status", "store", "queue_depth", "queue_capacity", "database", "ingest");
    }
  }
}
