package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays what migas-py 0.4.0 and migas-py main put on the wire, byte for byte, against a real
 * collector, and checks what those clients read: the body (they never look at the status, but we
 * do), the JSON content type they require to parse it, and {@code X-Backend-Server}.
 */
class MigasReplayIT {
  private static final String PROJECT = "nipreps/nipreps";
  private static final String OK = "{\"success\":true,\"message\":\"\"}";

  @TempDir Path dir;
  RunningServer server;

  @BeforeEach
  void start() throws Exception {
    server = RunningServer.start(dir);
    server.register(PROJECT, "0.5.0", "1.0.0", "1.1.0rc1");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void migasPyMainCapturesAreAnsweredAndCounted() throws Exception {
    List<Capture> captures = Capture.load("migas-py-main.json");
    RawHttp.Response crumb = captures.get(0).replay(server.port());
    assertMigasJson(crumb, 202);
    assertThat(crumb.body()).isEqualTo(OK);

    RawHttp.Response waited = captures.get(1).replay(server.port());
    assertMigasJson(waited, 200);
    assertThat(waited.body()).isEqualTo(OK);

    RawHttp.Response check = captures.get(2).replay(server.port());
    assertMigasJson(check, 200);
    assertThat(check.body())
        .isEqualTo(
            "{\"data\":{\"check_project\":{\"success\":true,\"flagged\":false,"
                + "\"latest\":\"1.0.0\",\"message\":\"\"}}}");

    RawHttp.Response usage2024 = captures.get(3).replay(server.port());
    assertMigasJson(usage2024, 200);
    assertThat(usage2024.body())
        .isEqualTo(
            "{\"data\":{\"get_usage\":{\"hits\":0,\"message\":\"\",\"unique\":true,"
                + "\"success\":true}}}");

    assertThat(captures.get(4).replay(server.port()).status()).isEqualTo(202);
    assertThat(captures.get(5).replay(server.port()).status()).isEqualTo(202);

    // Every 2xx came after the commit, so the crumbs are already counted.
    assertThat(server.hits(PROJECT, false)).isEqualTo(4);
    assertThat(server.hits(PROJECT, true)).isEqualTo(1);
    JsonNode byStatus =
        RunningServer.JSON.readTree(
            server
                .admin("GET", "/v1/projects/nipreps/nipreps/usage?from=2000-01-01&by=status", null)
                .body());
    assertThat(byStatus.get("buckets").toString())
        .isEqualTo(
            "[{\"key\":\"C\",\"count\":1},{\"key\":\"F\",\"count\":1},{\"key\":\"R\",\"count\":2}]");
  }

  @Test
  void requestTargetWithoutLeadingSlashIsServed() throws Exception {
    Capture crumb = Capture.load("migas-py-main.json").get(1);
    RawHttp.Response r =
        crumb.withRequestLine("POST api/breadcrumb?wait=true HTTP/1.1").replay(server.port());
    assertMigasJson(r, 200);
    assertThat(r.body()).isEqualTo(OK);
    assertThat(server.hits(PROJECT, false)).isEqualTo(1);
  }

  @Test
  void migasPy040CapturesAreAnsweredAndCounted() throws Exception {
    List<Capture> captures = Capture.load("migas-py-0.4.0.json");
    RawHttp.Response first = captures.get(0).replay(server.port());
    assertMigasJson(first, 200);
    assertThat(first.body()).isEqualTo("{\"data\":{\"add_breadcrumb\":{\"success\":true}}}");

    RawHttp.Response failed = captures.get(1).replay(server.port());
    assertMigasJson(failed, 200);
    assertThat(failed.body()).isEqualTo("{\"data\":{\"add_breadcrumb\":{\"success\":true}}}");

    assertThat(captures.get(2).replay(server.port()).body())
        .isEqualTo(
            "{\"data\":{\"check_project\":{\"success\":true,\"flagged\":false,"
                + "\"latest\":\"1.0.0\",\"message\":\"\"}}}");
    RawHttp.Response usage = captures.get(3).replay(server.port());
    assertMigasJson(usage, 200);
    assertThat(usage.body())
        .isEqualTo(
            "{\"data\":{\"get_usage\":{\"hits\":2,\"message\":\"\",\"unique\":false,"
                + "\"success\":true}}}");

    RawHttp.Response addProject = captures.get(4).replay(server.port());
    assertMigasJson(addProject, 200);
    assertThat(addProject.body())
        .isEqualTo(
            "{\"data\":{\"add_project\":{\"bad_versions\":[],\"cached\":true,"
                + "\"latest_version\":\"1.0.0\",\"message\":\"\",\"success\":true}}}");

    assertThat(server.hits(PROJECT, false)).isEqualTo(3);
    JsonNode failedCrumb =
        RunningServer.JSON.readTree(
            server
                .admin("GET", "/v1/projects/nipreps/nipreps/usage?from=2000-01-01&by=status", null)
                .body());
    assertThat(failedCrumb.get("buckets").toString())
        .isEqualTo("[{\"key\":\"F\",\"count\":1},{\"key\":\"R\",\"count\":2}]");
  }

  @Test
  void flaggedVersionIsExplainedToBothClients() throws Exception {
    server.admin(
        "PUT",
        "/v1/projects/nipreps/nipreps/versions/1.0.0/flag",
        "{\"reason\":\"Corrupts outputs on NFS.\"}");
    server.admin("POST", "/v1/projects/nipreps/nipreps/versions", "{\"version\":\"1.0.1\"}");
    for (String fixture : List.of("migas-py-main.json", "migas-py-0.4.0.json")) {
      Capture check = Capture.load(fixture).get(2);
      JsonNode r = RunningServer.JSON.readTree(check.replay(server.port()).body());
      assertThat(r.at("/data/check_project/flagged").asBoolean()).isTrue();
      assertThat(r.at("/data/check_project/latest").asText()).isEqualTo("1.0.1");
      assertThat(r.at("/data/check_project/message").asText())
          .isEqualTo("Version 1.0.0 is flagged: Corrupts outputs on NFS. Please upgrade to 1.0.1.");
    }
  }

  @Test
  void unregisteredProjectIsRefusedAsMigasServerRefusesIt() throws Exception {
    String body =
        Capture.load("migas-py-main.json").get(0).body().replace("nipreps/nipreps", "a/b");
    RawHttp.Response rest =
        RawHttp.post(server.port(), "/api/breadcrumb", "application/json", body);
    assertThat(rest.status()).isEqualTo(400);
    assertThat(rest.body()).isEqualTo("{\"detail\":\"Project is not registered.\"}");

    String doc =
        Capture.load("migas-py-0.4.0.json").get(0).body().replace("nipreps/nipreps", "a/b");
    RawHttp.Response gql = RawHttp.post(server.port(), "/graphql", "application/json", doc);
    assertThat(gql.body()).isEqualTo("{\"data\":{\"add_breadcrumb\":{\"success\":false}}}");
    assertThat(server.hits("a/b", false)).isZero();
  }

  private static void assertMigasJson(RawHttp.Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.header("X-Backend-Server")).isEqualTo("migas");
  }
}
