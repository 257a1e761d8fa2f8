package dev.upkeep.server.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.installs.Credentials;
import dev.upkeep.server.installs.Enrollments;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/events} stays open, but a Bearer token, when sent, must be a valid one. */
class EventsBearerIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String EVENT =
      "[{\"id\":\"e1\",\"project\":\"nipreps/fmriprep\",\"version\":\"1.0.0\"}]";

  @TempDir Path data;
  TestServer server;
  Credentials install;

  @BeforeEach
  void start() {
    server = TestServer.start(data, Duration.ofSeconds(60));
    Project project = server.register("nipreps/fmriprep");
    server.register("other/project");
    install =
        new Enrollments(server.server.store().installs(), server.clock, Duration.ofSeconds(60))
            .enrollOtumat(project, Map.of(), "1.0.0");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> post(String body, String... headers) throws Exception {
    return server.post("/v1/events", "application/json", body, headers);
  }

  @Test
  void withoutAuthorizationTheRouteStaysOpen() throws Exception {
    assertThat(post(EVENT).statusCode()).isEqualTo(200);
    assertThat(post(EVENT.replace("e1", "e2"), "Authorization", "Basic Zm9vOmJhcg==").statusCode())
        .isEqualTo(200);
  }

  @Test
  void validBearerStoresTheEventsAsSent() throws Exception {
    HttpResponse<String> r = post(EVENT, "Authorization", "Bearer " + install.accessToken());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(server.rows("SELECT event_id, user_id, version FROM events"))
        .containsExactly(java.util.Arrays.asList("e1", null, "1.0.0"));
  }

  @Test
  void expiredBearerIs401WithOtumatsBody() throws Exception {
    server.clock.advance(Duration.ofSeconds(60));

    HttpResponse<String> r = post(EVENT, "Authorization", "Bearer " + install.accessToken());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body())
        .isEqualTo(
            "{\"error_msg\": \"Authorization Failed\","
                + " \"error_desc\": \"TokenExpiredError: access token expired\"}");
    assertThat(server.rows("SELECT id FROM events")).isEmpty();
  }

  @Test
  void unknownBearerOrAnEventOfAnotherProjectIs401AndStoresNothing() throws Exception {
    HttpResponse<String> unknown = post(EVENT, "Authorization", "Bearer ua_nope");
    HttpResponse<String> empty = post(EVENT, "Authorization", "Bearer");
    HttpResponse<String> otherProject =
        post(
            "[{\"project\":\"nipreps/fmriprep\",\"version\":\"1\"},"
                + "{\"project\":\"other/project\",\"version\":\"1\"}]",
            "Authorization",
            "Bearer " + install.accessToken());

    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(unknown.body()).get("error_desc").asText())
        .isEqualTo("InvalidTokenError: unknown access token");
    assertThat(empty.statusCode()).isEqualTo(401);
    assertThat(otherProject.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(otherProject.body()).get("error_desc").asText())
        .isEqualTo(
            "InvalidTokenError: events[1] is of project \"other/project\", but this access"
                + " token sends events of another project");
    assertThat(server.rows("SELECT id FROM events")).isEmpty();
  }
}
