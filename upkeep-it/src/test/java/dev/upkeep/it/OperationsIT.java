package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, metrics, the service root and headers an operator relies on. */
class OperationsIT {
  @TempDir Path dir;
  RunningServer server;

  @BeforeEach
  void start() {
    server = RunningServer.start(dir, b -> b.backendHeader("upkeep-test"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  RawHttp.Response get(String target) throws Exception {
    return RawHttp.send(
        server.port(), "GET " + target + " HTTP/1.1", List.of("Connection: close"), new byte[0]);
  }

  @Test
  void healthReportsStoreAndQueue() throws Exception {
    RawHttp.Response r = get("/v1/health");
    assertThat(r.status()).isEqualTo(200);
    JsonNode h = RunningServer.JSON.readTree(r.body());
    assertThat(h.get("status").asText()).isEqualTo("ok");
    assertThat(h.get("store").asText()).isEqualTo("ok");
    assertThat(h.get("queue_depth").asInt()).isZero();
    assertThat(h.get("queue_capacity").asInt()).isEqualTo(50_000);
  }

  @Test
  void metricsCountIngestCommitsAndRejections() throws Exception {
    server.register("a/b");
    String crumb = "{\"project\":\"a/b\",\"project_version\":\"1\"}";
    for (int i = 0; i < 3; i++) {
      RawHttp.post(server.port(), "/api/breadcrumb", "application/json", crumb);
    }
    RawHttp.post(server.port(), "/api/breadcrumb", "application/json", crumb.replace("a/b", "c/d"));
    RawHttp.Response r = get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.body())
        .contains("upkeep_ingest_events_total{outcome=\"stored\"} 3.0")
        .contains("upkeep_ingest_queue_depth 0.0")
        .contains("upkeep_ingest_commit_seconds_count")
        .contains("upkeep_http_rejected_total{reason=\"bad_request\"} 1.0");
  }

  @Test
  void everyResponseCarriesTheBackendHeader() throws Exception {
    for (String target : List.of("/", "/v1/health", "/metrics", "/no/such/page")) {
      assertThat(get(target).header("X-Backend-Server")).as(target).isEqualTo("upkeep-test");
    }
    assertThat(get("/no/such/page").status()).isEqualTo(404);
    RawHttp.Response root = get("/");
    assertThat(root.header("Content-Type")).startsWith("application/json");
    assertThat(RunningServer.JSON.readTree(root.body()).get("graphql").asText())
        .isEqualTo("/graphql");
  }
}
