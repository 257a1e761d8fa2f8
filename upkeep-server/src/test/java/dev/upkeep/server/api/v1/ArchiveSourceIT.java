package dev.upkeep.server.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.archive.FileSelection;
import dev.upkeep.archive.FileSystemArchive;
import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.archive.Releases;
import dev.upkeep.archive.Title;
import dev.upkeep.archive.Workspace;
import dev.upkeep.server.testing.TestServer;
import dev.upkeep.server.versions.sources.SourceSettings;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release archive as a project's version source: versions pushed with {@code upkeep release push}
 * answer {@code check}, and a yanked release is reported flagged with its reason.
 */
class ArchiveSourceIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  TestServer server;
  String master;
  Path archive;

  @BeforeEach
  void start() throws Exception {
    archive = dir.resolve("archive");
    Releases releases = Releases.on(FileSystemArchive.create(archive));
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.writeString(tree.resolve("data.txt"), "1\n");
    for (String v : new String[] {"0.1.0", "0.2.0", "0.3.0", "0.4.0-rc.1"}) {
      releases.push(tree, id(v), FileSelection.standard(), null);
    }
    releases.yank(id("0.2.0"), "Wrong calibration constants.");
    server =
        TestServer.start(
            dir.resolve("data"),
            Duration.ofHours(1),
            b ->
                b.versionSources(
                    SourceSettings.defaults().withFirstFetchWait(Duration.ofSeconds(10))));
    master = server.server.initialMasterToken().orElseThrow();
    server.register("nist/first-workflow");
  }

  static ReleaseId id(String version) {
    return new ReleaseId(Workspace.DEFAULT, Title.of("first-workflow"), ReleaseVersion.of(version));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> addSource(String body) throws Exception {
    return server.post(
        "/v1/projects/nist/first-workflow/sources",
        "application/json",
        body,
        "Authorization",
        "Bearer " + master);
  }

  @Test
  void checkKnowsPushedReleasesAndReportsAYankAsAFlag() throws Exception {
    HttpResponse<String> added =
        addSource(
            "{\"kind\":\"archive\",\"reference\":\"First_Workflow\",\"repository\":"
                + JSON.writeValueAsString(archive.toString())
                + "}");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

    JsonNode check =
        JSON.readTree(server.get("/v1/projects/nist/first-workflow/check?version=0.2.0").body());

    assertThat(check.get("latest").asText()).isEqualTo("0.3.0");
    assertThat(check.get("flagged").asBoolean()).isTrue();
    assertThat(check.get("message").asText())
        .isEqualTo(
            "Version 0.2.0 is flagged: Wrong calibration constants. Please upgrade to 0.3.0.");
    assertThat(
            JSON.readTree(
                    server
                        .get("/v1/projects/nist/first-workflow/check?version=0.3.0&prerelease=true")
                        .body())
                .get("latest")
                .asText())
        .isEqualTo("0.4.0-rc.1");
  }

  @Test
  void anArchiveSourceIsCheckedWhenAdded() throws Exception {
    HttpResponse<String> noDir = addSource("{\"kind\":\"archive\",\"reference\":\"x\"}");
    assertThat(noDir.statusCode()).isEqualTo(400);
    assertThat(noDir.body()).contains("needs the archive's directory");

    HttpResponse<String> notAnArchive =
        addSource(
            "{\"kind\":\"archive\",\"reference\":\"x\",\"repository\":"
                + JSON.writeValueAsString(dir.toString())
                + "}");
    assertThat(notAnArchive.statusCode()).isEqualTo(400);
    assertThat(notAnArchive.body()).contains("is not a release archive");

    HttpResponse<String> badTitle =
        addSource(
            "{\"kind\":\"archive\",\"reference\":\"x>=1.0.0\",\"repository\":"
                + JSON.writeValueAsString(archive.toString())
                + "}");
    assertThat(badTitle.statusCode()).isEqualTo(400);
    assertThat(badTitle.body()).contains("[workspace/]title");
  }
}
