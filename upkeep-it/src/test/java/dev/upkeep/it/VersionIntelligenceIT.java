package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version intelligence end to end: the real collector with a project whose versions come from a
 * Maven repository (serving picocli's real {@code maven-metadata.xml}) and the GitHub API
 * (releases, tags, {@code .migas.json}), both real HTTP servers on loopback ports; configured and
 * read with the real {@code upkeep} CLI, and asked by a migas client's GraphQL {@code
 * check_project}.
 */
class VersionIntelligenceIT {
  static final String PROJECT = "remkop/picocli";
  static final String CHECK_4_7_5 =
      "query{check_project(project:\"remkop/picocli\",project_version:\"4.7.5\")"
          + "{success,flagged,latest,message}}";

  @TempDir Path dir;
  FakeReleaseHost maven;
  FakeReleaseHost github;
  EnrollmentFlowIT.ShiftedClock clock;
  RunningServer server;

  @BeforeEach
  void start() throws Exception {
    maven =
        new FakeReleaseHost()
            .serve(
                "/maven2/info/picocli/picocli/maven-metadata.xml",
                "maven2/info/picocli/picocli/maven-metadata.xml");
    github =
        new FakeReleaseHost()
            .serve("/repos/remkop/picocli/releases", "github/releases.json")
            .serve("/repos/remkop/picocli/tags", "github/tags.json")
            .serveContents("/repos/remkop/picocli/contents/.migas.json", "github/migas.json");
    clock = new EnrollmentFlowIT.ShiftedClock();
    server =
        RunningServer.start(
            dir, clock, b -> b.apply(Map.of("github-api-url", github.url()), "test"));
  }

  @AfterEach
  void stop() {
    server.close();
    maven.close();
    github.close();
  }

  @Test
  void mavenAndGitHubSourcesThroughTheCliAndMigas() throws Exception {
    assertThat(upkeep("project", "register", PROJECT).exit()).isZero();
    assertThat(
            upkeep(
                    "project",
                    "source",
                    "add",
                    PROJECT,
                    "maven",
                    "info.picocli:picocli",
                    "--repository",
                    maven.url() + "/maven2")
                .out())
        .isEqualTo(
            "added maven source info.picocli:picocli to remkop/picocli ("
                + maven.url()
                + "/maven2)\n");
    assertThat(upkeep("project", "source", "add", PROJECT, "github", PROJECT).out())
        .isEqualTo("added github source remkop/picocli to remkop/picocli\n");
    CliIT.Run duplicate = upkeep("project", "source", "add", PROJECT, "github", "someone/fork");
    assertThat(duplicate.exit()).isEqualTo(1);
    assertThat(duplicate.err())
        .contains(
            "already has a github source; remove it first with: upkeep project source remove");

    CliIT.Run sources = upkeep("version", "sources", PROJECT);
    assertThat(sources.exit()).as(sources.err()).isZero();
    List<String> lines = sources.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("remkop/picocli: scheme maven; sources in order:");
    assertThat(lines.get(1)).matches("#  KIND +REFERENCE +STATE +FETCHED +VERSIONS +LATEST +URL");
    assertThat(lines.get(2))
        .matches(
            "1  maven +info\\.picocli:picocli +fresh +20\\d\\d-.*Z +73 +4\\.7\\.7 +"
                + Pattern.quote(maven.url() + "/maven2/info/picocli/picocli/maven-metadata.xml"));
    assertThat(lines.get(3))
        .matches(
            "2  github +remkop/picocli +fresh +20\\d\\d-.*Z +4 +4\\.7\\.7 +"
                + Pattern.quote(github.url() + "/repos/remkop/picocli"));
    assertThat(lines.get(4)).matches("3  manual +remkop/picocli +fresh +- +0 +- +-");

    assertThat(upkeep("check", PROJECT, "4.7.5").out())
        .isEqualTo(
            "latest:  4.7.7\nflagged: true\n"
                + "message: Version 4.7.5 is flagged: Fails on Windows paths with spaces."
                + " Please upgrade to 4.7.6.\n");
    assertThat(upkeep("check", PROJECT, "4.7.7", "--prerelease").out())
        .startsWith("latest:  4.8.0-beta-1\n");
    JsonNode migas = server.graphql(CHECK_4_7_5);
    assertThat(migas.toString())
        .isEqualTo(
            "{\"data\":{\"check_project\":{\"success\":true,\"flagged\":true,\"latest\":\"4.7.7\","
                + "\"message\":\"Version 4.7.5 is flagged: Fails on Windows paths with spaces."
                + " Please upgrade to 4.7.6.\"}}}");

    assertThat(
            upkeep(
                    "version",
                    "flag",
                    PROJECT,
                    "4.7.6",
                    "--reason",
                    "Breaks completion scripts.",
                    "--replacement",
                    "4.7.7")
                .out())
        .isEqualTo("flagged remkop/picocli 4.7.6: Breaks completion scripts. (upgrade to 4.7.7)\n");
    String list = upkeep("version", "list", PROJECT).out();
    assertThat(list)
        .startsWith("latest: 4.7.7 (with pre-releases: 4.8.0-beta-1; scheme maven)\n")
        .containsPattern(
            "\n4\\.7\\.5 +maven,github +FLAGGED by github: Fails on Windows paths with spaces\\."
                + " \\(upgrade to 4\\.7\\.6\\)\n")
        .containsPattern(
            "\n4\\.7\\.6 +maven,github,manual +FLAGGED by manual: Breaks completion scripts\\."
                + " \\(upgrade to 4\\.7\\.7\\)\n")
        .matches("(?s).*\n4\\.8\\.0-beta-1 \\(pre\\) +github\n");

    // The GitHub API goes away; a check after the TTL answers at once with what was known.
    github.close();
    clock.shift(Duration.ofMinutes(16));
    long start = System.nanoTime();
    JsonNode stale = server.graphql(CHECK_4_7_5);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(stale.at("/data/check_project/flagged").asBoolean()).isTrue();
    assertThat(stale.at("/data/check_project/latest").asText()).isEqualTo("4.7.7");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                server
                    .graphql(CHECK_4_7_5)
                    .at("/data/check_project/message")
                    .asText()
                    .contains("may be stale"));
    assertThat(server.graphql(CHECK_4_7_5).at("/data/check_project/message").asText())
        .startsWith(
            "Version 4.7.5 is flagged: Fails on Windows paths with spaces. Please upgrade to"
                + " 4.7.6. Versions from github remkop/picocli may be stale (last fetched ")
        .endsWith(
            "): cannot connect to "
                + github.url().substring("http://".length())
                + " (connection refused).");
    String failing = upkeep("version", "sources", PROJECT).out();
    assertThat(failing)
        .containsPattern("\n2  github +remkop/picocli +failing +20")
        .contains(
            "\n2. github failing: cannot connect to "
                + github.url().substring("http://".length())
                + " (connection refused)\n");
  }

  @Test
  void archiveSourceThroughTheCliAndMigas() throws Exception {
    Path archive = dir.resolve("releases");
    Path tree = Files.createDirectories(dir.resolve("workflow"));
    Files.writeString(tree.resolve("results.txt"), "42\n");
    assertThat(local("release", "init", archive.toString()).exit()).isZero();
    for (String v : List.of("0.1.0", "0.1.5", "0.2.0")) {
      CliIT.Run push =
          local(
              "release",
              "push",
              tree.toString(),
              "--archive",
              archive.toString(),
              "--title",
              "first-workflow",
              "--version",
              v);
      assertThat(push.exit()).as(push.err()).isZero();
    }
    assertThat(upkeep("project", "register", "nist/first-workflow").exit()).isZero();

    CliIT.Run added =
        upkeep(
            "project",
            "source",
            "add",
            "nist/first-workflow",
            "archive",
            archive.toString(),
            "--title",
            "first-workflow");
    assertThat(added.exit()).as(added.err()).isZero();
    assertThat(added.out())
        .startsWith("added archive source first-workflow to nist/first-workflow");
    assertThat(
            local(
                    "release",
                    "yank",
                    "first-workflow",
                    "--version",
                    "0.1.5",
                    "--archive",
                    archive.toString(),
                    "--reason",
                    "Wrong units in results.txt.")
                .exit())
        .isZero();

    JsonNode migas =
        server.graphql(
            "query{check_project(project:\"nist/first-workflow\",project_version:\"0.1.5\")"
                + "{success,flagged,latest,message}}");
    assertThat(migas.toString())
        .isEqualTo(
            "{\"data\":{\"check_project\":{\"success\":true,\"flagged\":true,\"latest\":\"0.2.0\","
                + "\"message\":\"Version 0.1.5 is flagged: Wrong units in results.txt."
                + " Please upgrade to 0.2.0.\"}}}");
  }

  /** A command that talks to no server. */
  CliIT.Run local(String... args) {
    return CliIT.raw(args);
  }

  CliIT.Run upkeep(String... args) {
    return CliIT.upkeep(server, args);
  }
}
