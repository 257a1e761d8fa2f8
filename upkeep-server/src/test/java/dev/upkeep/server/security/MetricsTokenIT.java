package dev.upkeep.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} is open by default and behind a bearer token when {@code metrics-token} is set.
 */
class MetricsTokenIT {
  static final String TOKEN = "scrape-0123456789abcdef";

  @TempDir Path dir;

  @Test
  void withATokenSetMetricsNeedIt() throws Exception {
    try (TestServer server =
        TestServer.start(dir, Duration.ofHours(1), b -> b.metricsToken(TOKEN))) {
      HttpResponse<String> none = server.get("/metrics");
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate"))
          .contains("Bearer realm=\"upkeep-metrics\"");
      assertThat(none.body()).doesNotContain("upkeep_ingest");
      assertThat(server.get("/metrics", "Authorization", "Bearer wrong").statusCode())
          .isEqualTo(401);
      String master = server.server.initialMasterToken().orElseThrow();
      assertThat(server.get("/metrics", "Authorization", "Bearer " + master).statusCode())
          .isEqualTo(401);

      HttpResponse<String> ok = server.get("/metrics", "Authorization", "Bearer " + TOKEN);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("upkeep_ingest_queue_depth");
    }
  }

  @Test
  void withoutATokenMetricsStayOpen() throws Exception {
    try (TestServer server = TestServer.start(dir, Duration.ofHours(1))) {
      assertThat(server.get("/metrics").statusCode()).isEqualTo(200);
    }
  }
}
