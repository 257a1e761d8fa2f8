package dev.upkeep.server.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project's public page over HTTP: off until the master token turns it on, the same 404 for an
 * unknown project, cacheable, its numbers with every count of fewer than 5 users left out, and a
 * private project's page only for a token that reads it. The page as drawn: PublicPageBrowserIT.
 */
class PublicPageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROJECT = "nipreps/fmriprep";
  private static final String PAGE = "/p/" + PROJECT;

  @TempDir Path dir;
  private TestServer server;
  private String master;

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(dir, Duration.ofHours(1));
    master = server.server.initialMasterToken().orElseThrow();
    server.register(PROJECT);
    // two days ago: 8 users on linux with 2.0.0, 3 on darwin with 1.0.0, each with one finished
    // run; a failed run with an error type; one day ago: 2 users (a day of few users)
    Instant twoDaysAgo = TestServer.START.minus(Duration.ofDays(2));
    Instant oneDayAgo = TestServer.START.minus(Duration.ofDays(1));
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      events.add(event("linux" + i, "2.0.0", "linux", "C", twoDaysAgo));
    }
    for (int i = 0; i < 3; i++) {
      events.add(event("darwin" + i, "1.0.0", "darwin", i == 0 ? "F" : "C", twoDaysAgo));
    }
    events.add(event("linux0", "2.0.0", "linux", "C", oneDayAgo));
    events.add(event("linux1", "2.0.0", "linux", "C", oneDayAgo));
    HttpResponse<String> r =
        server.post("/v1/events", "application/json", "[" + String.join(",", events) + "]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static String event(
      String user, String version, String platform, String status, Instant at) {
    return "{\"project\":\""
        + PROJECT
        + "\",\"version\":\""
        + version
        + "\",\"user_id\":\""
        + user
        + "\",\"platform\":\""
        + platform
        + "\",\"status\":\""
        + status
        + "\""
        + (status.equals("F")
            ? ",\"error_type\":\"SecretError\",\"error_desc\":\"at /home/ann\""
            : "")
        + ",\"timestamp\":\""
        + at
        + "\"}";
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> turn(boolean on, String token) throws Exception {
    return server.putJson(
        "/v1/projects/" + PROJECT + "/public-page",
        "{\"enabled\":" + on + "}",
        "Authorization",
        "Bearer " + token);
  }

  @Test
  void isOffUntilTheMaintainerTurnsItOn() throws Exception {
    HttpResponse<String> off = server.get(PAGE);
    assertThat(off.statusCode()).isEqualTo(404);
    assertThat(off.body()).contains("upkeep project public-page " + PROJECT + " on");
    assertThat(server.get(PAGE + "/data").statusCode()).isEqualTo(404);
    assertThat(server.get("/p/nobody/nothing").body())
        .contains("No public page for nobody/nothing");

    assertThat(turn(true, server.issueToken(PROJECT, null)).statusCode()).isEqualTo(403);
    HttpResponse<String> on = turn(true, master);
    assertThat(on.statusCode()).isEqualTo(200);
    assertThat(on.body())
        .isEqualTo(
            "{\"project\":\""
                + PROJECT
                + "\",\"public_page\":true,\"url\":\"/p/"
                + PROJECT
                + "\"}");

    HttpResponse<String> page = server.get(PAGE);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'");
    assertThat(page.body()).contains("/dashboard/public.js");
    assertThat(server.get("/dashboard/public.js").statusCode()).isEqualTo(200);

    assertThat(turn(false, master).statusCode()).isEqualTo(200);
    assertThat(server.get(PAGE).statusCode()).isEqualTo(404);
  }

  @Test
  void itsNumbersLeaveOutEveryCountOfFewerThanFiveUsers() throws Exception {
    turn(true, master);
    HttpResponse<String> r = server.get(PAGE + "/data?days=7");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
    JsonNode data = JSON.readTree(r.body());
    assertThat(data.get("days").asInt()).isEqualTo(7);
    assertThat(data.get("min_users").asInt()).isEqualTo(5);
    JsonNode answers = data.get("answers");
    // no error types and no runs by status: nothing but users, runs per day and user shares
    assertThat(answers.fieldNames())
        .toIterable()
        .containsExactly(
            "usersByDay",
            "runsByDay",
            "usersByVersion",
            "usersByPlatform",
            "usersByContainer",
            "usersByCi");
    assertThat(r.body()).doesNotContain("SecretError").doesNotContain("/home/ann");

    // 11 users in the range; per day 11 and 2: the day of 2 is shown as 0, its runs too
    String twoDaysAgo = TestServer.START.minus(Duration.ofDays(2)).toString().substring(0, 10);
    String oneDayAgo = TestServer.START.minus(Duration.ofDays(1)).toString().substring(0, 10);
    assertThat(answers.at("/usersByDay/hits").asLong()).isEqualTo(11);
    assertThat(count(answers.get("usersByDay"), twoDaysAgo)).isEqualTo(11);
    assertThat(count(answers.get("usersByDay"), oneDayAgo)).isZero();
    assertThat(answers.at("/usersByDay/buckets").size()).isEqualTo(7); // every day is listed
    assertThat(count(answers.get("runsByDay"), twoDaysAgo)).isEqualTo(11);
    assertThat(count(answers.get("runsByDay"), oneDayAgo)).isZero();
    assertThat(answers.at("/runsByDay/hits").asLong()).isEqualTo(13);

    // the 3 darwin users on 1.0.0 are a group too small to list; its series' small days are 0
    assertThat(keys(answers.get("usersByPlatform"))).containsExactly("linux");
    assertThat(keys(answers.get("usersByVersion"))).containsExactly("2.0.0");
    JsonNode series = answers.at("/usersByVersion/buckets/0/series");
    assertThat(series.size()).isEqualTo(7);
    for (JsonNode d : series) {
      assertThat(d.get("count").asLong())
          .isEqualTo(d.get("key").asText().equals(twoDaysAgo) ? 8 : 0);
    }
    assertThat(keys(answers.get("usersByCi"))).containsExactly("false");

    assertThat(server.get(PAGE + "/data?days=12").statusCode()).isEqualTo(400);
    assertThat(server.get(PAGE + "/data?days=12").body()).contains("days must be one of");
  }

  @Test
  void aRangeOfFewerThanFiveUsersShowsNoTotal() throws Exception {
    turn(true, master);
    // 5 days on, the last 7 days hold the day of 2 users but not the day of 11
    server.clock.advance(Duration.ofDays(5));
    JsonNode answers = JSON.readTree(server.get(PAGE + "/data?days=7").body()).get("answers");
    String oneDayAgo = TestServer.START.minus(Duration.ofDays(1)).toString().substring(0, 10);
    assertThat(answers.at("/usersByDay/buckets/0/key").asText()).isEqualTo(oneDayAgo);
    assertThat(answers.at("/usersByDay/hits").asLong()).isZero();
    assertThat(answers.at("/runsByDay/hits").asLong()).isZero();
    assertThat(keys(answers.get("usersByVersion"))).isEmpty();
  }

  @Test
  void aPrivateProjectsPageNeedsATokenThatReadsIt() throws Exception {
    turn(true, master);
    server.putJson(
        "/v1/projects/" + PROJECT + "/visibility",
        "{\"visibility\":\"private\"}",
        "Authorization",
        "Bearer " + master);
    assertThat(server.get(PAGE).statusCode()).isEqualTo(401);
    assertThat(server.get(PAGE + "/data").statusCode()).isEqualTo(401);
    server.register("other/tool");
    String other = server.issueToken("other/tool", null);
    assertThat(server.get(PAGE + "/data", "Authorization", "Bearer " + other).statusCode())
        .isEqualTo(403);
    String own = server.issueToken(PROJECT, null);
    HttpResponse<String> r = server.get(PAGE + "/data", "Authorization", "Bearer " + own);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("private, max-age=300");
  }

  private static long count(JsonNode answer, String key) {
    for (JsonNode b : answer.get("buckets")) {
      if (b.get("key").asText().equals(key)) {
        return b.get("count").asLong();
      }
    }
    throw new AssertionError("no bucket " + key + " in " + answer);
  }

  private static List<String> keys(JsonNode answer) {
    List<String> keys = new ArrayList<>();
    answer.get("buckets").forEach(b -> keys.add(b.get("key").asText()));
    return keys;
  }
}
