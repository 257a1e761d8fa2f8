package dev.upkeep.client.internal.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.client.internal.LocalHttpServer;
import dev.upkeep.client.internal.transport.Http;
import dev.upkeep.client.internal.transport.Proxies;
import dev.upkeep.protocol.WireEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link ForgetOnDisable} asks of a real local server, with which credentials, and what it
 * keeps for the next run when the answer says "later".
 */
class ForgetOnDisableTest {
  private static final String USER = "3571e622-beaf-3c5e-b094-65f5809f8c1f";

  @TempDir Path app;

  private static Http http() {
    return new Http(new Proxies(Map.of(), name -> null), 1_000, 1_000, "upkeep-client/test");
  }

  private static WireEvent event(String project) {
    return WireEvent.builder().project(project).version("1.0.0").build();
  }

  /** {@code f} after delivering events of {@code projects}. */
  private static ForgetOnDisable sentTo(ForgetOnDisable f, String... projects) {
    for (String p : projects) {
      f.delivered(List.of(event(p), event(p)));
    }
    return f;
  }

  private static void awaitDone(ForgetOnDisable f) {
    f.awaitAtExit(Duration.ofSeconds(10).toMillis());
  }

  @Test
  void asksInEveryProjectDeliveredToWithTheIngestKeyAndTheEnrolledProjectsToken() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.answering(202, "{\"queued\":true}")) {
      ForgetOnDisable f =
          sentTo(
              new ForgetOnDisable(app, http(), server.uri("/"), "upk_ik_key", () -> "derived"),
              "lab/tools",
              "lab/enrolled",
              "lab/tools");
      assertThat(Files.readAllLines(app.resolve(ForgetOnDisable.PROJECTS)))
          .containsExactly("lab/tools", "lab/enrolled");

      f.request(USER, "lab/enrolled", "ua_token");
      awaitDone(f);

      List<LocalHttpServer.Request> requests = server.requests();
      assertThat(requests)
          .extracting(r -> r.method + " " + r.target)
          .containsExactly(
              "POST /v1/projects/lab/tools/forget", "POST /v1/projects/lab/enrolled/forget");
      assertThat(requests).extracting(r -> r.body).containsOnly("{\"user_id\":\"" + USER + "\"}");
      assertThat(requests)
          .extracting(r -> r.header("X-Upkeep-Ingest-Key"))
          .containsOnly("upk_ik_key");
      assertThat(requests.get(0).header("Authorization")).isNull();
      assertThat(requests.get(1).header("Authorization")).isEqualTo("Bearer ua_token");
    }
    assertThat(app.resolve(ForgetOnDisable.FORGET)).doesNotExist();
    assertThat(app.resolve(ForgetOnDisable.PROJECTS)).doesNotExist();
  }

  @Test
  void withoutAnIdFileTheDerivedIdIsAskedFor() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.answering(202, "{}")) {
      ForgetOnDisable f =
          sentTo(new ForgetOnDisable(app, http(), server.uri("/"), null, () -> "d-1"), "lab/tools");
      f.request(null, null, null);
      awaitDone(f);
      assertThat(server.requests())
          .extracting(r -> r.body)
          .containsExactly("{\"user_id\":\"d-1\"}");
      assertThat(server.requests().get(0).header("X-Upkeep-Ingest-Key")).isNull();
    }
  }

  @Test
  void aRefusalForGoodEndsTheRequestAndLaterKeepsItForTheNextRun() throws Exception {
    try (LocalHttpServer server =
        LocalHttpServer.start(
            r ->
                r.target.contains("/migas/")
                    ? LocalHttpServer.Reply.of(404, "{\"detail\":\"Not Found\"}")
                    : LocalHttpServer.Reply.of(503, "{\"detail\":\"later\"}"))) {
      ForgetOnDisable f =
          sentTo(
              new ForgetOnDisable(app, http(), server.uri("/"), null, null),
              "lab/migas",
              "lab/busy");
      f.request(USER, null, null);
      awaitDone(f);
      assertThat(server.requests()).hasSize(2);
    }
    Path waiting = app.resolve(ForgetOnDisable.FORGET);
    assertThat(Files.readAllLines(waiting)).containsExactly("lab/busy\t" + USER);
    assertThat(Files.getPosixFilePermissions(waiting))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    try (LocalHttpServer next = LocalHttpServer.answering(200, "{}")) {
      ForgetOnDisable nextRun = new ForgetOnDisable(app, http(), next.uri("/"), null, null);
      nextRun.resume();
      awaitDone(nextRun);
      assertThat(next.requests())
          .extracting(r -> r.target)
          .containsExactly("/v1/projects/lab/busy/forget");
    }
    assertThat(waiting).doesNotExist();
  }

  @Test
  void nothingDeliveredNothingAsked() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.answering(202, "{}")) {
      ForgetOnDisable f = new ForgetOnDisable(app, http(), server.uri("/"), null, null);
      f.request(USER, null, null);
      awaitDone(f);
      assertThat(server.connections()).isZero();
    }
    try (var files = Files.list(app)) {
      assertThat(files).isEmpty();
    }
  }
}
