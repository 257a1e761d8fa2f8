package dev.upkeep.server.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/projects/{owner}/{name}/usage}: metric, every by, over=day, and its 400s; {@code
 * .../usage/view}: several questions answered as {@code /usage} answers each.
 */
class UsageRoutesIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String USAGE =
      "/v1/projects/nipreps/fmriprep/usage?from=2026-02-01&to=2026-02-03T23:59:59.999Z";

  @TempDir Path data;
  TestServer server;
  String master;

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(data, Duration.ofSeconds(60));
    master = server.server.initialMasterToken().orElseThrow();
    long p = server.register("nipreps/fmriprep").id();
    server
        .server
        .store()
        .events()
        .append(
            List.of(
                event(p, "2026-02-01T08:00:00Z", "u1", RunStatus.R, false, null, null),
                event(p, "2026-02-01T08:05:00Z", "u1", RunStatus.C, false, "3.12.1", null),
                event(p, "2026-02-01T09:00:00Z", "u2", RunStatus.F, true, null, "KeyError"),
                event(p, "2026-02-03T10:00:00Z", "u2", RunStatus.F, true, null, null),
                event(p, "2026-02-03T11:00:00Z", null, RunStatus.S, false, null, null)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static UsageEvent event(
      long project,
      String at,
      String user,
      RunStatus status,
      boolean ci,
      String languageVersion,
      String errorType) {
    return UsageEvent.builder(project, UsageEvent.BREADCRUMB, Instant.parse(at))
        .version("1.0.0")
        .language("python")
        .languageVersion(languageVersion)
        .userId(user)
        .platform("linux")
        .container(ci ? "docker" : UsageEvent.UNKNOWN)
        .ci(ci)
        .status(status)
        .errorType(errorType)
        .build();
  }

  private JsonNode get(String query) throws Exception {
    HttpResponse<String> r = server.get(USAGE + query, "Authorization", "Bearer " + master);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private String problem(String query) throws Exception {
    return problemOf(USAGE + query);
  }

  private String problemOf(String pathAndQuery) throws Exception {
    HttpResponse<String> r = server.get(pathAndQuery, "Authorization", "Bearer " + master);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    return JSON.readTree(r.body()).get("detail").asText();
  }

  @Test
  void metricsCountEventsUsersAndFinishedRuns() throws Exception {
    JsonNode hits = get("");
    assertThat(hits.get("metric").asText()).isEqualTo("hits");
    assertThat(hits.get("unique").asBoolean()).isFalse();
    assertThat(hits.get("hits").asLong()).isEqualTo(5);
    assertThat(hits.has("buckets")).isFalse();

    assertThat(get("&metric=users").get("hits").asLong()).isEqualTo(2);
    assertThat(get("&metric=runs").get("hits").asLong()).isEqualTo(4);
    JsonNode alias = get("&unique=true");
    assertThat(alias.get("metric").asText()).isEqualTo("users");
    assertThat(alias.get("unique").asBoolean()).isTrue();
    assertThat(alias.get("hits").asLong()).isEqualTo(2);
  }

  @Test
  void byDayListsEveryDayOfTheRange() throws Exception {
    assertThat(get("&by=day&metric=runs").get("buckets").toString())
        .isEqualTo(
            "[{\"key\":\"2026-02-01\",\"count\":2},{\"key\":\"2026-02-02\",\"count\":0},"
                + "{\"key\":\"2026-02-03\",\"count\":2}]");
  }

  @Test
  void newDimensionsUseUnknownForMissingValues() throws Exception {
    assertThat(get("&by=ci").get("buckets").toString())
        .isEqualTo("[{\"key\":\"false\",\"count\":3},{\"key\":\"true\",\"count\":2}]");
    assertThat(get("&by=container&metric=users").get("buckets").toString())
        .isEqualTo("[{\"key\":\"docker\",\"count\":1},{\"key\":\"unknown\",\"count\":1}]");
    assertThat(get("&by=language_version").get("buckets").toString())
        .isEqualTo("[{\"key\":\"3.12.1\",\"count\":1},{\"key\":\"unknown\",\"count\":4}]");
    assertThat(get("&by=error_type&metric=runs").get("buckets").toString())
        .isEqualTo("[{\"key\":\"KeyError\",\"count\":1},{\"key\":\"unknown\",\"count\":1}]");
  }

  @Test
  void overDayGivesEachBucketADailySeries() throws Exception {
    JsonNode r = get("&by=status&over=day&metric=users");

    assertThat(r.get("over").asText()).isEqualTo("day");
    assertThat(r.get("buckets").toString())
        .isEqualTo(
            "[{\"key\":\"C\",\"count\":1,\"series\":[{\"key\":\"2026-02-01\",\"count\":1},"
                + "{\"key\":\"2026-02-02\",\"count\":0},{\"key\":\"2026-02-03\",\"count\":0}]},"
                + "{\"key\":\"F\",\"count\":1,\"series\":[{\"key\":\"2026-02-01\",\"count\":1},"
                + "{\"key\":\"2026-02-02\",\"count\":0},{\"key\":\"2026-02-03\",\"count\":1}]},"
                + "{\"key\":\"R\",\"count\":1,\"series\":[{\"key\":\"2026-02-01\",\"count\":1},"
                + "{\"key\":\"2026-02-02\",\"count\":0},{\"key\":\"2026-02-03\",\"count\":0}]},"
                + "{\"key\":\"S\",\"count\":0,\"series\":[{\"key\":\"2026-02-01\",\"count\":0},"
                + "{\"key\":\"2026-02-02\",\"count\":0},{\"key\":\"2026-02-03\",\"count\":0}]}]");
  }

  @Test
  void instantBoundsCutPartialDaysExactly() throws Exception {
    HttpResponse<String> r =
        server.get(
            "/v1/projects/nipreps/fmriprep/usage?from=2026-02-01T08:01:00Z"
                + "&to=2026-02-03T10:00:00Z&metric=runs&by=day",
            "Authorization",
            "Bearer " + master);

    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("hits").asLong()).isEqualTo(3);
    assertThat(body.get("buckets").toString())
        .isEqualTo(
            "[{\"key\":\"2026-02-01\",\"count\":2},{\"key\":\"2026-02-02\",\"count\":0},"
                + "{\"key\":\"2026-02-03\",\"count\":1}]");
  }

  @Test
  void badParametersAre400sNamingThem() throws Exception {
    assertThat(problem("&metric=sessions"))
        .isEqualTo("metric must be one of hits, users, runs, failures, was \"sessions\"");
    assertThat(problem("&by=os"))
        .isEqualTo(
            "by must be one of day, version, platform, container, ci, status, language_version,"
                + " error_type, version_error_type, was \"os\"");
    assertThat(problem("&by=version&over=week")).isEqualTo("over must be day, was \"week\"");
    assertThat(problem("&over=day")).startsWith("over=day needs by");
    assertThat(problem("&by=day&over=day")).startsWith("over=day needs by");
    assertThat(problem("&unique=true&metric=runs"))
        .isEqualTo("unique=true means metric=users and cannot go with metric=runs");
    assertThat(problem("&kind=")).isEqualTo("Query parameter \"kind\" must not be empty.");
    String usage = "/v1/projects/nipreps/fmriprep/usage?";
    assertThat(problemOf(usage + "from=2000-01-01&to=2026-01-01&by=version&over=day"))
        .startsWith("over=day covers at most 3660 days");
    assertThat(problemOf(usage + "from=-999999-01-01T00:00:00Z"))
        .startsWith("Query parameter \"from\" must be between the years 1 and 9999");
  }

  @Test
  void aViewAnswersEachQuestionAsUsageDoesOneLineEachInTheOrderAsked() throws Exception {
    String view =
        "/v1/projects/nipreps/fmriprep/usage/view?from=2026-02-01T08:30:00Z"
            + "&to=2026-02-03T23:59:59.999Z"
            + "&q=users:metric=users"
            + "&q=downloads:kind=download,by=version"
            + "&q=usersByVersion:metric=users,by=version,over=day"
            + "&q=runsByStatus:metric=runs,by=status";
    HttpResponse<String> r = server.get(view, "Authorization", "Bearer " + master);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/x-ndjson");
    List<String> lines = r.body().lines().toList();
    assertThat(lines).hasSize(4);
    String range = "/v1/projects/nipreps/fmriprep/usage?from=2026-02-01T08:30:00Z";
    String[][] asked = {
      {"users", "&metric=users"},
      {"downloads", "&kind=download&by=version"},
      {"usersByVersion", "&metric=users&by=version&over=day"},
      {"runsByStatus", "&metric=runs&by=status"}
    };
    for (int i = 0; i < asked.length; i++) {
      JsonNode line = JSON.readTree(lines.get(i));
      assertThat(line.get("name").asText()).isEqualTo(asked[i][0]);
      ((com.fasterxml.jackson.databind.node.ObjectNode) line).remove("name");
      HttpResponse<String> one =
          server.get(
              range + "&to=2026-02-03T23:59:59.999Z" + asked[i][1],
              "Authorization",
              "Bearer " + master);
      assertThat(line).as(asked[i][0]).isEqualTo(JSON.readTree(one.body()));
    }
    assertThat(JSON.readTree(lines.get(0)).get("hits").asLong()).isEqualTo(1);
  }

  @Test
  void aViewChecksEveryQuestionFirstAndNeedsATokenForMoreThanCounts() throws Exception {
    String view = "/v1/projects/nipreps/fmriprep/usage/view?from=2026-02-01";
    assertThat(problemOf(view)).startsWith("Query parameter \"q\" is required");
    assertThat(problemOf(view + "&q=a:metric=users&q=b:by=os"))
        .startsWith("Question \"b\": by must be one of");
    assertThat(problemOf(view + "&q=a:metric=users&q=a:metric=runs"))
        .isEqualTo("Question \"a\" is asked twice.");
    assertThat(problemOf(view + "&q=1st")).startsWith("A question's name must match");
    assertThat(problemOf(view + "&q=a:to=2026-03-01"))
        .isEqualTo("Question \"a\": from and to are the view's, not a question's.");
    assertThat(problemOf(view + "&q=a:metric=users&q=b:kind=download,metric=users"))
        .startsWith("Question \"b\": downloads are counted without who pulled");
    assertThat(problemOf(view + "&q=a:metric"))
        .isEqualTo("Question \"a\": parameters are name=value, was \"metric\".");
    // counts of a counts-public project answer anyone; a breakdown needs a token
    assertThat(server.get(view + "&q=a:metric=users").statusCode()).isEqualTo(200);
    assertThat(server.get(view + "&q=a:metric=users&q=b:metric=users,by=version").statusCode())
        .isEqualTo(401);
  }
}
