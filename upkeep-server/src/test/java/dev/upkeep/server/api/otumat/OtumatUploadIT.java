package dev.upkeep.server.api.otumat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An otumat upload of its whole cache in one request, larger than one group commit: accepted in
 * parts up to {@code otumat-max-rows}, the rest dropped with a 200 that lets otumat clear its
 * cache.
 */
class OtumatUploadIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String INSTALL = "/otumat/datajoint/datajoint-python/user/usage-install";
  static final String EVENTS = "/otumat/datajoint/datajoint-python/api/usage-event";

  @TempDir Path data;
  TestServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  Map<String, String> start(UnaryOperator<dev.upkeep.server.ServerConfigBuilder> tweak)
      throws Exception {
    server = TestServer.start(data, Duration.ofHours(1), tweak);
    server.register("datajoint/datajoint-python");
    HttpResponse<String> r =
        server.consent(
            INSTALL,
            OtumatRoutesIT.otumatParams(
                "http://127.0.0.1:5123/install-completed",
                "http://127.0.0.1:5123/install-cancelled"),
            "allow");
    assertThat(r.statusCode()).isEqualTo(303);
    return TestServer.query(r.headers().firstValue("Location").orElseThrow());
  }

  /** otumat's body with {@code n} distinct rows, one a second from 2026-02-28 00:00:00. */
  static String body(String installId, int n) {
    StringBuilder b =
        new StringBuilder("{\"installId\": \"")
            .append(installId)
            .append(
                "\", \"headers\": [\"install_id\", \"event_date\", \"event_type\"], \"rows\": [");
    for (int i = 0; i < n; i++) {
      java.time.LocalDateTime t = java.time.LocalDateTime.of(2026, 2, 28, 0, 0).plusSeconds(i);
      b.append(i == 0 ? "" : ", ")
          .append("[\"")
          .append(t.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")))
          .append(".000000\", \"import\"]");
    }
    return b.append("]}").toString();
  }

  HttpResponse<String> upload(Map<String, String> c, String body) throws Exception {
    return server.post(
        EVENTS, "application/json", body, "Authorization", "Bearer " + c.get("accessToken"));
  }

  @Test
  void twentyThousandRowsAreStoredInPartsAndAnswered200() throws Exception {
    Map<String, String> c = start(b -> b);
    String body = body(c.get("installId"), 20_000);
    assertThat(body.length()).isGreaterThan(dev.upkeep.server.ServerConfig.DEFAULT_MAX_BODY_BYTES);

    HttpResponse<String> r = upload(c, body);

    assertThat(r.body()).isEqualTo("{\"stored\":20000}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(server.rows("SELECT COUNT(*), MIN(user_id), MAX(user_id) FROM events"))
        .containsExactly(java.util.List.of("20000", c.get("installId"), c.get("installId")));

    // otumat resends the same cache when an answer was lost: nothing is stored twice.
    HttpResponse<String> again = upload(c, body);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo("{\"stored\":0}");
    assertThat(server.rows("SELECT COUNT(*) FROM events"))
        .containsExactly(java.util.List.of("20000"));
  }

  @Test
  void rowsPastTheRowLimitAreDroppedAndCountedWith200() throws Exception {
    Map<String, String> c = start(b -> b.otumatMaxRows(1_500).maxBatch(400));

    HttpResponse<String> r = upload(c, body(c.get("installId"), 2_000));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("stored").asInt()).isEqualTo(1_500);
    assertThat(JSON.readTree(r.body()).get("dropped").asInt()).isEqualTo(500);
    // the first 1 500 rows in request order are the ones kept
    assertThat(server.rows("SELECT COUNT(*) FROM events"))
        .containsExactly(java.util.List.of("1500"));
  }

  @Test
  void aBodyPastTheOtumatByteLimitIs413NamingIt() throws Exception {
    Map<String, String> c = start(b -> b.otumatMaxBodyBytes(4_096));

    HttpResponse<String> r = upload(c, body(c.get("installId"), 200));

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("larger than the limit of 4096 bytes");
    assertThat(server.rows("SELECT COUNT(*) FROM events")).containsExactly(java.util.List.of("0"));
  }
}
