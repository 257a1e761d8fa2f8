package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.audit.AuditLog;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.privacy.ForgetRequests;
import dev.upkeep.server.store.PrivacyStore;
import dev.upkeep.server.store.StoredUser;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracked-cli example, built with {@code forgetOnDisable(true)}, against a real collector: its
 * {@code --telemetry off} asks the collector to forget the user in the project its runs were sent
 * to, before the process exits, and only there; a request the collector could not be reached for
 * waits in the app's config directory and leaves with the next run.
 */
class ForgetOnDisableIT {
  private static final String PROJECT = "upkeep/tracked-cli";
  private static final String OTHER = "lab/other";

  @TempDir Path data;
  @TempDir Path home;
  private RunningServer server;

  @BeforeEach
  void start() throws Exception {
    server = RunningServer.start(data);
    server.register(PROJECT, "1.0.0");
    server.register(OTHER, "1.0.0");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, String> endpoint(String url) {
    return Map.of("UPKEEP_ENDPOINT", url);
  }

  private Path appDir() {
    return home.resolve("config").resolve("apps").resolve("tracked-cli");
  }

  /** Every event stored under {@code userId}, by project name. */
  private List<String> projectsOfEvents(String userId) {
    List<String> out = new ArrayList<>();
    List<StoredUser> users = new ArrayList<>();
    server
        .server
        .store()
        .privacy()
        .export(
            userId,
            null,
            new PrivacyStore.UserData() {
              @Override
              public void user(StoredUser user) {
                users.add(user);
              }

              @Override
              public void event(UsageEvent event) {
                out.add(
                    users.stream()
                        .filter(u -> u.projectId() == event.projectId())
                        .findFirst()
                        .orElseThrow()
                        .project());
              }
            });
    return out;
  }

  /** The collector's hourly task. */
  private int maintenance() {
    return new ForgetRequests(
            server.server.store().privacy(), server.server.store().projects(), AuditLog.off())
        .run();
  }

  /** An event of {@code userId} in {@code project}, as another app or person sends it. */
  private void sendAs(String project, String userId) throws Exception {
    byte[] body =
        ("[{\"project\":\"" + project + "\",\"version\":\"1.0.0\",\"user_id\":\"" + userId + "\"}]")
            .getBytes(StandardCharsets.UTF_8);
    RawHttp.Response r =
        RawHttp.send(
            server.port(),
            "POST /v1/events HTTP/1.1",
            List.of(
                "Content-Type: application/json",
                "Content-Length: " + body.length,
                "Connection: close"),
            body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  @Test
  void telemetryOffAsksTheCollectorToForgetTheUserWhereItsRunsWent() throws Exception {
    assertThat(TrackedCliProcess.run(home, endpoint(server.url()))).isZero();
    assertThat(TrackedCliProcess.run(home, endpoint(server.url()))).isZero();
    String user = Files.readString(home.resolve("config").resolve("user_id")).trim();
    assertThat(projectsOfEvents(user)).isNotEmpty().containsOnly(PROJECT);
    assertThat(Files.readString(appDir().resolve("projects"))).isEqualTo(PROJECT + "\n");
    sendAs(OTHER, user); // the same person through another app
    sendAs(PROJECT, "bob");

    TrackedCliProcess off =
        TrackedCliProcess.start(home, endpoint(server.url()), "--telemetry", "off");
    assertThat(off.waitFor()).as(off.output()).isZero();

    assertThat(maintenance()).as("the request arrived before the process exited").isEqualTo(1);
    assertThat(projectsOfEvents(user)).containsExactly(OTHER);
    assertThat(projectsOfEvents("bob")).containsExactly(PROJECT);
    assertThat(appDir().resolve("forget")).doesNotExist();
    assertThat(appDir().resolve("projects")).doesNotExist();
    assertThat(home.resolve("config").resolve("user_id")).doesNotExist();
  }

  @Test
  void aRequestTheCollectorNeverGotLeavesWithTheNextRun() throws Exception {
    assertThat(TrackedCliProcess.run(home, endpoint(server.url()))).isZero();
    String user = Files.readString(home.resolve("config").resolve("user_id")).trim();
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }

    assertThat(
            TrackedCliProcess.run(
                home, endpoint("http://127.0.0.1:" + closed), "--telemetry", "off"))
        .isZero();
    assertThat(Files.readString(appDir().resolve("forget")))
        .isEqualTo(PROJECT + "\t" + user + "\n");
    assertThat(maintenance()).isZero();

    int eventsBefore = projectsOfEvents(user).size();
    assertThat(TrackedCliProcess.run(home, endpoint(server.url()))).isZero();

    assertThat(appDir().resolve("forget")).doesNotExist();
    assertThat(projectsOfEvents(user))
        .as("telemetry is off: the run sent nothing")
        .hasSize(eventsBefore);
    assertThat(maintenance()).isEqualTo(1);
    assertThat(projectsOfEvents(user)).isEmpty();
  }
}
