package dev.upkeep.server.api.otumat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.store.InstallStore;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * otumat's two daemons refreshing with one refresh token (idempotent within {@code refresh-grace}),
 * a replay after it (the token family revoked), and the purge.
 */
class RefreshGraceIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String BASE = "/otumat/datajoint/datajoint-python";

  @TempDir Path data;
  TestServer server;
  Map<String, String> c;

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(data, Duration.ofHours(1));
    server.register("datajoint/datajoint-python");
    HttpResponse<String> r =
        server.consent(
            BASE + "/user/usage-install",
            OtumatRoutesIT.otumatParams(
                "http://127.0.0.1:5123/install-completed",
                "http://127.0.0.1:5123/install-cancelled"),
            "allow");
    c = TestServer.query(r.headers().firstValue("Location").orElseThrow());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** otumat's refresh: Basic client credentials, the refresh grant form. */
  HttpResponse<String> refresh(String refreshToken) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (c.get("clientId") + ":" + c.get("clientSecret")).getBytes(StandardCharsets.UTF_8));
    return server.post(
        BASE + "/auth/token",
        "application/x-www-form-urlencoded",
        "grant_type=refresh_token&refresh_token=" + refreshToken,
        "Authorization",
        "Basic " + basic);
  }

  int upload(String accessToken) throws Exception {
    return server
        .post(
            BASE + "/api/usage-event",
            "application/json",
            OtumatRoutesIT.eventBody(c.get("installId"), "[\"2026-03-01 10:00:00\", \"x\"]"),
            "Authorization",
            "Bearer " + accessToken)
        .statusCode();
  }

  @Test
  void twoDaemonsRefreshingWithTheSameTokenWithinTheGracePeriodGetTheSamePair() throws Exception {
    HttpResponse<String> first = refresh(c.get("refreshToken"));
    server.clock.advance(Duration.ofSeconds(40));
    HttpResponse<String> second = refresh(c.get("refreshToken"));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    JsonNode a = JSON.readTree(first.body());
    JsonNode b = JSON.readTree(second.body());
    assertThat(b.get("access_token")).isEqualTo(a.get("access_token"));
    assertThat(b.get("refresh_token")).isEqualTo(a.get("refresh_token"));
    assertThat(a.get("expires_in").asLong()).isEqualTo(3600);
    assertThat(b.get("expires_in").asLong()).isEqualTo(3560);
    assertThat(upload(b.get("access_token").asText())).isEqualTo(200);
    // the shared new refresh token rotates on as usual
    assertThat(refresh(b.get("refresh_token").asText()).statusCode()).isEqualTo(200);
  }

  @Test
  void aReuseAfterTheGracePeriodIsAReplayAndRevokesTheFamily() throws Exception {
    JsonNode pair = JSON.readTree(refresh(c.get("refreshToken")).body());
    server.clock.advance(Duration.ofSeconds(61));

    HttpResponse<String> replay = refresh(c.get("refreshToken"));

    assertThat(replay.statusCode()).isEqualTo(400);
    JsonNode err = JSON.readTree(replay.body());
    assertThat(err.get("error").asText()).isEqualTo("invalid_grant");
    assertThat(err.get("error_description").asText())
        .contains("already used 61 s ago")
        .contains("every token of install " + c.get("installId") + " is revoked");
    // the pair issued before no longer works, nor does the enrollment's access token
    assertThat(upload(pair.get("access_token").asText())).isEqualTo(401);
    assertThat(upload(c.get("accessToken"))).isEqualTo(401);
    HttpResponse<String> next = refresh(pair.get("refresh_token").asText());
    assertThat(next.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(next.body()).get("error_description").asText())
        .contains("were revoked because a used refresh_token was replayed");
  }

  @Test
  void thePurgeRemovesWhatExpiredAndKeepsTheLiveTokens() throws Exception {
    JsonNode pair = JSON.readTree(refresh(c.get("refreshToken")).body());
    server.clock.advance(Duration.ofMinutes(90));
    String live =
        JSON.readTree(refresh(pair.get("refresh_token").asText()).body())
            .get("access_token")
            .asText();

    InstallStore.Purged p = server.server.purge().run();

    // the enrollment's and the first refresh's access tokens expired; the latest pair is kept
    assertThat(p.tokens()).isEqualTo(2);
    assertThat(upload(live)).isEqualTo(200);
    // only the latest rotation, still within its grace period, keeps its sealed pair
    assertThat(server.rows("SELECT COUNT(*) FROM install_tokens WHERE successor IS NOT NULL"))
        .containsExactly(List.of("1"));
    assertThat(server.rows("SELECT COUNT(*) FROM install_tokens")).containsExactly(List.of("4"));
  }
}
