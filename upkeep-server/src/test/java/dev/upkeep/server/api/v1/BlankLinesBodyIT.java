package dev.upkeep.server.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-request stall of issue 14: an NDJSON body of the largest allowed size that is nothing but
 * blank lines around one event. Skipping blank lines used to rescan the rest of the whitespace run
 * for every line (hours for 4 MB); now the request is answered like any other and the server stays
 * responsive. The timeout only keeps a regression from hanging the build.
 */
class BlankLinesBodyIT {
  static final String EVENT =
      "{\"id\":\"e1\",\"project\":\"nipreps/fmriprep\",\"version\":\"1.0.0\"}";

  @TempDir Path data;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(data, Duration.ofSeconds(60));
    server.register("nipreps/fmriprep");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void fourMegabytesOfBlankLinesAreStoredAndHealthKeepsAnswering() throws Exception {
    int budget = ServerConfig.DEFAULT_MAX_BATCH_BODY_BYTES - EVENT.length() - 1;
    String body = "\n".repeat(budget / 2) + EVENT + "\n" + "\n".repeat(budget - budget / 2);

    HttpResponse<String> posted = server.post("/v1/events", "application/x-ndjson", body);
    HttpResponse<String> again = server.post("/v1/events", "application/x-ndjson", body);

    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(server.get("/v1/health").statusCode()).isEqualTo(200);
    assertThat(server.rows("SELECT event_id, version FROM events"))
        .containsExactly(List.of("e1", "1.0.0"));
  }
}
