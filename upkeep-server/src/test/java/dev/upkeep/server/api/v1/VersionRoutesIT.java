package dev.upkeep.server.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.testing.FakeSourceServer;
import dev.upkeep.server.testing.GitHubFixtures;
import dev.upkeep.server.testing.TestServer;
import dev.upkeep.server.versions.sources.SourceSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v1 routes of release sources, versions, flags and checks against a real collector whose
 * GitHub API and Maven repository are real HTTP servers on loopback ports.
 */
class VersionRoutesIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  FakeSourceServer github;
  FakeSourceServer maven;
  TestServer server;
  String master;

  @BeforeEach
  void start() {
    github = FakeSourceServer.start();
    GitHubFixtures.serveAcmeTool(github, "acme/tool");
    maven = FakeSourceServer.start();
    maven.serveResource(
        "/m2/info/picocli/picocli/maven-metadata.xml",
        "application/xml",
        "/maven-repository/info/picocli/picocli/maven-metadata.xml");
    server =
        TestServer.start(
            dir,
            Duration.ofHours(1),
            b ->
                b.versionSources(
                    SourceSettings.defaults()
                        .withGithubApiUrl(github.url().toString())
                        .withMavenRepositoryUrl(maven.url() + "/m2")
                        .withFirstFetchWait(Duration.ofSeconds(10))));
    master = server.server.initialMasterToken().orElseThrow();
    server.register("acme/tool");
  }

  @AfterEach
  void stop() {
    server.close();
    github.close();
    maven.close();
  }

  @Test
  void sourcesAreAddedListedAndRemovedWithTheMasterToken() throws Exception {
    String add = "{\"kind\":\"github\",\"reference\":\"acme/tool\"}";
    assertThat(send("POST", "/v1/projects/acme/tool/sources", add, null).statusCode())
        .isEqualTo(401);
    HttpResponse<String> added = send("POST", "/v1/projects/acme/tool/sources", add, master);
    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(added.body())
        .isEqualTo(
            "{\"project\":\"acme/tool\",\"kind\":\"github\",\"reference\":\"acme/tool\","
                + "\"repository\":null}");
    HttpResponse<String> again = send("POST", "/v1/projects/acme/tool/sources", add, master);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body())
        .contains("already has a github source; remove it first with: upkeep project source");
    assertThat(
            send(
                    "POST",
                    "/v1/projects/acme/tool/sources",
                    "{\"kind\":\"maven\",\"reference\":\"picocli\"}",
                    master)
                .body())
        .contains("groupId:artifactId");

    JsonNode list = json(send("GET", "/v1/projects/acme/tool/sources", null, master));
    assertThat(list.get("scheme").asText()).isEqualTo("semver");
    assertThat(list.at("/sources/0/kind").asText()).isEqualTo("github");
    assertThat(list.at("/sources/0/state").asText()).isEqualTo("fresh");
    assertThat(list.at("/sources/0/versions").asInt()).isEqualTo(4);
    assertThat(list.at("/sources/0/latest").asText()).isEqualTo("2.0.1");
    assertThat(list.at("/sources/0/url").asText()).isEqualTo(github.url() + "/repos/acme/tool");
    assertThat(list.at("/sources/1/kind").asText()).isEqualTo("manual");
    assertThat(send("GET", "/v1/projects/acme/tool/sources", null, null).statusCode())
        .isEqualTo(401);

    assertThat(send("DELETE", "/v1/projects/acme/tool/sources/github", null, master).statusCode())
        .isEqualTo(200);
    assertThat(send("DELETE", "/v1/projects/acme/tool/sources/github", null, master).statusCode())
        .isEqualTo(404);
  }

  @Test
  void mavenSourceMakesTheSchemeMaven() throws Exception {
    send(
        "POST",
        "/v1/projects/acme/tool/sources",
        "{\"kind\":\"maven\",\"reference\":\"info.picocli:picocli\"}",
        master);

    JsonNode versions = json(server.get("/v1/projects/acme/tool/versions"));
    assertThat(versions.get("scheme").asText()).isEqualTo("maven");
    assertThat(versions.get("latest").asText()).isEqualTo("4.7.7");
    assertThat(versions.get("versions")).hasSize(73);
    assertThat(versions.at("/versions/0/from/0").asText()).isEqualTo("maven");
  }

  @Test
  void checkVersionsAndFlagsAcrossSources() throws Exception {
    send(
        "POST",
        "/v1/projects/acme/tool/sources",
        "{\"kind\":\"github\",\"reference\":\"acme/tool\"}",
        master);

    JsonNode check = json(server.get("/v1/projects/acme/tool/check?version=2.0.0"));
    assertThat(check.toString())
        .isEqualTo(
            "{\"project\":\"acme/tool\",\"version\":\"2.0.0\",\"latest\":\"2.0.1\","
                + "\"flagged\":true,\"message\":\"Version 2.0.0 is flagged: Marked bad in"
                + " .migas.json of acme/tool. Please upgrade to 2.0.1.\",\"upgrade_to\":\"2.0.1\","
                + "\"scheme\":\"semver\",\"bad_versions\":[\"1.9.0\",\"2.0.0\"]}");
    assertThat(
            json(server.get("/v1/projects/acme/tool/check?version=2.0.1&prerelease=true"))
                .get("latest")
                .asText())
        .isEqualTo("2.1.0-rc.1");

    HttpResponse<String> flagged =
        send(
            "PUT",
            "/v1/projects/acme/tool/versions/2.0.1/flag",
            "{\"reason\":\"Loses settings on upgrade.\",\"replacement\":\"2.1.0-rc.1\"}",
            master);
    assertThat(flagged.statusCode()).isEqualTo(200);
    assertThat(
            json(server.get("/v1/projects/acme/tool/check?version=2.0.1")).get("message").asText())
        .isEqualTo(
            "Version 2.0.1 is flagged: Loses settings on upgrade. Please upgrade to 2.1.0-rc.1.");

    assertThat(
            send("DELETE", "/v1/projects/acme/tool/versions/2.0.0/flag", null, master).statusCode())
        .isEqualTo(200);
    assertThat(
            json(server.get("/v1/projects/acme/tool/check?version=2.0.0"))
                .get("flagged")
                .asBoolean())
        .isFalse();
    assertThat(
            send("PUT", "/v1/projects/acme/tool/versions/9.9.9/flag", "{\"reason\":\"x\"}", master)
                .statusCode())
        .isEqualTo(404);

    JsonNode versions = json(server.get("/v1/projects/acme/tool/versions"));
    assertThat(versions.get("versions").toString())
        .contains(
            "{\"version\":\"2.0.0\",\"from\":[\"github\",\"manual\"],\"prerelease\":false,"
                + "\"flagged\":false,\"reason\":\"Marked bad in .migas.json of acme/tool.\","
                + "\"replacement\":null,\"flagged_by\":\"github\",\"flag_lifted\":true,")
        .contains(
            "{\"version\":\"2.1.0-rc.1\",\"from\":[\"github\"],\"prerelease\":true,"
                + "\"flagged\":false,\"reason\":null,\"replacement\":null,\"flagged_by\":null,"
                + "\"flag_lifted\":false,\"added_at\":null}");
  }

  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.uri(path).toString()))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }
}
