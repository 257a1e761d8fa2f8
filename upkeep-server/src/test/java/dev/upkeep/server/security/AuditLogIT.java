package dev.upkeep.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admin actions through the v1 API end up in {@code audit.log}: who, what, when, from where. */
class AuditLogIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void adminActionsAreRecordedWithoutTheTokens() throws Exception {
    Path data = dir.resolve("data");
    String minted;
    String master;
    try (TestServer server = TestServer.start(data, Duration.ofHours(1))) {
      master = server.server.initialMasterToken().orElseThrow();
      String[] auth = {"Authorization", "Bearer " + master};
      assertThat(post(server, "/v1/projects", "{\"name\":\"nipreps/fmriprep\"}", auth))
          .isEqualTo(201);
      assertThat(
              post(
                  server,
                  "/v1/projects/nipreps/fmriprep/versions",
                  "{\"version\":\"1.0.0\"}",
                  auth))
          .isEqualTo(201);
      HttpResponse<String> mint =
          server.post("/v1/tokens", "application/json", "{\"project\":\"nipreps/fmriprep\"}", auth);
      minted = JSON.readTree(mint.body()).get("token").asText();
      assertThat(post(server, "/v1/tokens/revoke", "{\"token\":\"" + minted + "\"}", auth))
          .isEqualTo(200);
      assertThat(post(server, "/v1/projects", "{\"name\":\"x/y\"}")).isEqualTo(401);
      assertThat(
              server
                  .putJson(
                      "/v1/projects/nipreps/fmriprep/versions/1.0.0/flag",
                      "{\"reason\":\"broken\"}",
                      auth)
                  .statusCode())
          .isEqualTo(200);
      assertThat(server.delete("/v1/installs/nope", auth).statusCode()).isEqualTo(404);
    }

    String text = Files.readString(data.resolve("audit.log"));
    assertThat(text).doesNotContain(master).doesNotContain(minted);
    List<JsonNode> lines = new ArrayList<>();
    for (String l : text.split("\n")) {
      lines.add(JSON.readTree(l));
    }
    assertThat(lines)
        .extracting(l -> l.get("action").asText())
        .containsExactly(
            "token.mint",
            "project.create",
            "version.add",
            "token.mint",
            "token.revoke",
            "version.flag");
    JsonNode create = lines.get(1);
    assertThat(create.get("who").asText()).isEqualTo("master");
    assertThat(create.get("token").asText()).isEqualTo(master.substring(0, 8));
    assertThat(create.get("target").asText()).isEqualTo("nipreps/fmriprep");
    assertThat(create.get("from").asText()).isEqualTo("127.0.0.1");
    assertThat(create.get("at").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(lines.get(3).get("target").asText())
        .isEqualTo("nipreps/fmriprep token " + minted.substring(0, 8));
    assertThat(lines.get(4).get("target").asText()).isEqualTo("token " + minted.substring(0, 8));
    assertThat(lines.get(0).get("who").asText()).isEqualTo("server");
  }

  @Test
  void offWritesNoFile() throws Exception {
    Path data = dir.resolve("data");
    try (TestServer server = TestServer.start(data, Duration.ofHours(1), b -> b.auditLogOff())) {
      String master = server.server.initialMasterToken().orElseThrow();
      assertThat(
              post(
                  server,
                  "/v1/projects",
                  "{\"name\":\"a/b\"}",
                  "Authorization",
                  "Bearer " + master))
          .isEqualTo(201);
    }
    assertThat(data.resolve("audit.log")).doesNotExist();
  }

  static int post(TestServer server, String path, String body, String... headers) throws Exception {
    return server.post(path, "application/json", body, headers).statusCode();
  }
}
