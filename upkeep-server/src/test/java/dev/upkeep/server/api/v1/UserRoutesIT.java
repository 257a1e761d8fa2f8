package dev.upkeep.server.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET} and {@code DELETE /v1/users/{user_id}}: master token only, what was removed in the
 * answer, and an audit log that names the user only by a digest.
 */
class UserRoutesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER = "3571e622-beaf-3c5e-b094-65f5809f8c1f";

  @TempDir Path dir;
  private TestServer server;
  private String master;

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(dir, Duration.ofHours(1));
    master = server.server.initialMasterToken().orElseThrow();
    server.register("lab/tools");
    String at = TestServer.START.minus(Duration.ofDays(1)).toString();
    HttpResponse<String> r =
        server.post(
            "/v1/events",
            "application/json",
            "[{\"project\":\"lab/tools\",\"version\":\"1.0.0\",\"user_id\":\""
                + USER
                + "\",\"timestamp\":\""
                + at
                + "\"},{\"project\":\"lab/tools\",\"version\":\"1.0.0\",\"user_id\":\"bob\","
                + "\"timestamp\":\""
                + at
                + "\"}]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void forgettingAnswersWhatWasRemovedAndAuditsADigestOnly() throws Exception {
    String path = "/v1/users/" + USER;
    assertThat(server.delete(path).statusCode()).isEqualTo(401);
    String token = server.issueToken("lab/tools", null);
    assertThat(server.delete(path, "Authorization", "Bearer " + token).statusCode()).isEqualTo(403);
    assertThat(server.get(path, "Authorization", "Bearer " + token).statusCode()).isEqualTo(403);
    assertThat(
            server
                .delete(
                    "/v1/users/" + USER + "?project=no/such", "Authorization", "Bearer " + master)
                .statusCode())
        .isEqualTo(404);
    assertThat(
            server
                .delete("/v1/users/" + "x".repeat(65), "Authorization", "Bearer " + master)
                .statusCode())
        .isEqualTo(400);

    HttpResponse<String> r = server.delete(path, "Authorization", "Bearer " + master);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).toString())
        .isEqualTo(
            "{\"user\":\"sha256:"
                + dev.upkeep.server.auth.Tokens.hash(USER).substring(0, 16)
                + "\",\"project\":null,\"events\":1,\"users\":1,\"days\":1}");
    assertThat(r.body()).doesNotContain(USER);
    HttpResponse<String> users =
        server.get(
            "/v1/projects/lab/tools/usage?from=2026-01-01&metric=users",
            "Authorization",
            "Bearer " + master);
    assertThat(JSON.readTree(users.body()).get("hits").asLong()).isEqualTo(1);

    Path audit = dir.resolve(ServerConfig.DEFAULT_AUDIT_LOG_NAME);
    String log = Files.readString(audit);
    assertThat(log).contains("privacy.forget").contains("user sha256:").doesNotContain(USER);
  }
}
