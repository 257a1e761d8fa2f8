package dev.upkeep.server.api.badge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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

/** The users badge: off by default, switched by the master token, counting the right days. */
class BadgeRoutesIT {
  private static final String PROJECT = "nipreps/fmriprep";
  private static final String BADGE = "/badge/" + PROJECT + "/users.svg";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private TestServer server;
  private String master;

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(dir, Duration.ofHours(1));
    master = server.server.initialMasterToken().orElseThrow();
    server.register(PROJECT);
    // 1,234 users 3 days ago, 5 more users 60 days ago, 7 users 200 days ago
    List<String> events = new ArrayList<>();
    addUsers(events, "recent", 1234, TestServer.START.minus(Duration.ofDays(3)));
    addUsers(events, "older", 5, TestServer.START.minus(Duration.ofDays(60)));
    addUsers(events, "oldest", 7, TestServer.START.minus(Duration.ofDays(200)));
    for (int i = 0; i < events.size(); i += 1000) {
      String batch = "[" + String.join(",", events.subList(i, Math.min(events.size(), i + 1000)));
      HttpResponse<String> r = server.post("/v1/events", "application/json", batch + "]");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }

  private static void addUsers(List<String> events, String prefix, int n, Instant at) {
    for (int i = 0; i < n; i++) {
      events.add(
          "{\"project\":\""
              + PROJECT
              + "\",\"version\":\"1.0.0\",\"user_id\":\""
              + prefix
              + i
              + "\",\"timestamp\":\""
              + at
              + "\"}");
    }
  }

  /** PUT with a JSON body and header name/value pairs. */
  private HttpResponse<String> put(String path, String json, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.uri(path))
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> turn(String token, boolean on) throws Exception {
    return put(
        "/v1/projects/" + PROJECT + "/badge",
        "{\"enabled\":" + on + "}",
        "Authorization",
        "Bearer " + token);
  }

  @Test
  void isOffUntilTheMaintainerTurnsItOn() throws Exception {
    HttpResponse<String> off = server.get(BADGE);
    assertThat(off.statusCode()).isEqualTo(404);
    assertThat(off.body())
        .contains("\"detail\"")
        .contains("upkeep project badge " + PROJECT + " on");
    assertThat(server.get("/badge/nobody/nothing/users.svg").statusCode()).isEqualTo(404);

    HttpResponse<String> on = turn(master, true);
    assertThat(on.statusCode()).isEqualTo(200);
    assertThat(on.body())
        .isEqualTo(
            "{\"project\":\""
                + PROJECT
                + "\",\"badge_enabled\":true,\"url\":\"/badge/"
                + PROJECT
                + "/users.svg\"}");

    HttpResponse<String> badge = server.get(BADGE);
    assertThat(badge.statusCode()).isEqualTo(200);
    assertThat(badge.headers().firstValue("Content-Type")).hasValue("image/svg+xml;charset=utf-8");
    assertThat(badge.headers().firstValue("Cache-Control")).hasValue("public, max-age=900");
    assertThat(badge.body()).startsWith("<svg ").contains("<title>users: 1.2k/month</title>");

    assertThat(turn(master, false).statusCode()).isEqualTo(200);
    assertThat(server.get(BADGE).statusCode()).isEqualTo(404);
  }

  @Test
  void countsDistinctUsersOfThePeriod() throws Exception {
    turn(master, true);
    assertThat(server.get(BADGE + "?period=7d").body()).contains("users: 1.2k/week");
    assertThat(server.get(BADGE + "?period=90d").body()).contains("users: 1.2k/quarter");
    assertThat(server.get(BADGE + "?period=365d").body()).contains("users: 1.2k/year");
    HttpResponse<String> bad = server.get(BADGE + "?period=2w");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("7d, 30d, 90d, 365d");
  }

  @Test
  void onlyTheMasterTokenSwitchesIt() throws Exception {
    HttpResponse<String> tokenAnswer =
        server.post(
            "/v1/tokens",
            "application/json",
            "{\"project\":\"" + PROJECT + "\"}",
            "Authorization",
            "Bearer " + master);
    String projectToken = tokenAnswer.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    assertThat(turn(projectToken, true).statusCode()).isEqualTo(403);
    assertThat(put("/v1/projects/" + PROJECT + "/badge", "{\"enabled\":true}").statusCode())
        .isEqualTo(401);
    HttpResponse<String> notBoolean =
        put(
            "/v1/projects/" + PROJECT + "/badge",
            "{\"enabled\":\"yes\"}",
            "Authorization",
            "Bearer " + master);
    assertThat(notBoolean.statusCode()).isEqualTo(400);
    assertThat(
            put(
                    "/v1/projects/no/such/badge",
                    "{\"enabled\":true}",
                    "Authorization",
                    "Bearer " + master)
                .statusCode())
        .isEqualTo(404);
    assertThat(server.get(BADGE).statusCode()).isEqualTo(404);
  }
}
