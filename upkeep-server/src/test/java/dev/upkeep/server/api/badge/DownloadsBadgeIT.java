package dev.upkeep.server.api.badge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseRecord;
import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.archive.Title;
import dev.upkeep.archive.UpkeepArchive;
import dev.upkeep.archive.Workspace;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloads badge: the users badge's switch and 404, counting pulls of the right days. */
class DownloadsBadgeIT {
  private static final String PROJECT = "lab/tools";
  private static final String BADGE = "/badge/" + PROJECT + "/downloads.svg";
  private static final String PULLED =
      "/v1/releases/Global%20Public%20Workspace/tools/1.0.0/downloads";

  @TempDir Path dir;
  private TestServer server;
  private String master;

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(dir, Duration.ofHours(1));
    master = server.server.initialMasterToken().orElseThrow();
    server.register(PROJECT);
    ReleaseId id = new ReleaseId(Workspace.DEFAULT, Title.of("tools"), ReleaseVersion.of("1.0.0"));
    UpkeepArchive.at(server.uri("/"))
        .token(master)
        .project(PROJECT)
        .build()
        .publish(ReleaseRecord.builder(id).build());
    // 12 pulls 3 days ago, one on each side of the 7-day period's first day, 5 more 60 days
    // ago, 7 more 200 days ago, 2 more 400 days ago
    pull(12, 3);
    pull(1, 6);
    pull(1, 7);
    pull(5, 60);
    pull(7, 200);
    pull(2, 400);
    server.clock.set(TestServer.START);
  }

  private void pull(int n, int daysAgo) throws Exception {
    server.clock.set(TestServer.START.minus(Duration.ofDays(daysAgo)));
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = server.post(PULLED, "application/json", "");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> turn(boolean on) throws Exception {
    return server.putJson(
        "/v1/projects/" + PROJECT + "/badge",
        "{\"enabled\":" + on + "}",
        "Authorization",
        "Bearer " + master);
  }

  @Test
  void isOffUntilTheMaintainerTurnsTheBadgesOn() throws Exception {
    HttpResponse<String> off = server.get(BADGE);
    assertThat(off.statusCode()).isEqualTo(404);
    assertThat(off.body())
        .contains("\"detail\"")
        .contains("upkeep project badge " + PROJECT + " on");
    assertThat(server.get("/badge/nobody/nothing/downloads.svg").statusCode()).isEqualTo(404);

    assertThat(turn(true).statusCode()).isEqualTo(200);

    HttpResponse<String> badge = server.get(BADGE);
    assertThat(badge.statusCode()).isEqualTo(200);
    assertThat(badge.headers().firstValue("Content-Type")).hasValue("image/svg+xml;charset=utf-8");
    assertThat(badge.headers().firstValue("Cache-Control")).hasValue("public, max-age=900");
    assertThat(badge.body()).startsWith("<svg ").contains("<title>downloads: 14/month</title>");

    assertThat(turn(false).statusCode()).isEqualTo(200);
    assertThat(server.get(BADGE).statusCode()).isEqualTo(404);
  }

  @Test
  void countsThePullsOfThePeriod() throws Exception {
    turn(true);
    assertThat(server.get(BADGE + "?period=7d").body()).contains("downloads: 13/week");
    assertThat(server.get(BADGE).body()).contains("downloads: 14/month");
    assertThat(server.get(BADGE + "?period=90d").body()).contains("downloads: 19/quarter");
    assertThat(server.get(BADGE + "?period=365d").body()).contains("downloads: 26/year");
    HttpResponse<String> bad = server.get(BADGE + "?period=2w");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("7d, 30d, 90d, 365d");
  }
}
