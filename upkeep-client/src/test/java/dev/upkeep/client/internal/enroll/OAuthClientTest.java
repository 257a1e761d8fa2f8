package dev.upkeep.client.internal.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.client.internal.LocalHttpServer;
import dev.upkeep.client.internal.LocalHttpServer.Reply;
import dev.upkeep.client.internal.enroll.OAuthClient.TokenResponse.Outcome;
import dev.upkeep.client.internal.transport.Http;
import dev.upkeep.client.internal.transport.Proxies;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OAuthClientTest {
  static final String GRANT =
      "{\"access_token\":\"ua_new\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
          + "\"refresh_token\":\"ur_new\",\"scope\":\"usage\",\"install_id\":\"in_1\"}";

  private LocalHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Http http() {
    return new Http(new Proxies(Map.of(), name -> null), 2_000, 2_000, "upkeep-client/test");
  }

  private OAuthClient oauth() {
    return new OAuthClient(http());
  }

  @Test
  void exchangePostsTheAuthorizationCodeForm() throws IOException {
    server = LocalHttpServer.answering(200, GRANT);

    OAuthClient.TokenResponse r =
        oauth()
            .exchange(
                URI.create(server.url()),
                "owner/app",
                "ac_code+/=",
                "verifier-123",
                URI.create("http://127.0.0.1:4711/callback"));

    assertThat(r.outcome()).isEqualTo(Outcome.GRANTED);
    assertThat(r.accessToken()).isEqualTo("ua_new");
    assertThat(r.refreshToken()).isEqualTo("ur_new");
    assertThat(r.expiresInSeconds()).isEqualTo(3600);
    assertThat(r.scope()).isEqualTo("usage");
    assertThat(r.installId()).isEqualTo("in_1");
    LocalHttpServer.Request got = server.requests().get(0);
    assertThat(got.method).isEqualTo("POST");
    assertThat(got.target).isEqualTo("/oauth/token");
    assertThat(got.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(got.header("Accept")).isEqualTo("application/json");
    assertThat(got.header("Authorization")).isNull();
    assertThat(LoopbackReceiver.query(got.body))
        .containsExactly(
            Map.entry("grant_type", "authorization_code"),
            Map.entry("code", "ac_code+/="),
            Map.entry("redirect_uri", "http://127.0.0.1:4711/callback"),
            Map.entry("code_verifier", "verifier-123"),
            Map.entry("client_id", "owner/app"));
  }

  @Test
  void refreshPostsTheRefreshTokenFormUnderTheEndpointBase() {
    server = answering(200, GRANT);

    OAuthClient.TokenResponse r =
        oauth().refresh(URI.create(server.url() + "/graphql"), "owner/app", "ur_old");

    assertThat(r.granted()).isTrue();
    LocalHttpServer.Request got = server.requests().get(0);
    assertThat(got.target).isEqualTo("/oauth/token");
    assertThat(LoopbackReceiver.query(got.body))
        .containsExactly(
            Map.entry("grant_type", "refresh_token"),
            Map.entry("refresh_token", "ur_old"),
            Map.entry("client_id", "owner/app"));
  }

  @Test
  void anEndpointWithAPathKeepsIt() {
    server = answering(200, GRANT);

    oauth().refresh(URI.create(server.url() + "/upkeep/"), "owner/app", "ur_old");

    assertThat(server.requests().get(0).target).isEqualTo("/upkeep/oauth/token");
  }

  @Test
  void missingOptionalMembersGetDefaults() {
    server = answering(200, "{\"access_token\":\"ua_1\",\"refresh_token\":\"ur_1\"}");

    OAuthClient.TokenResponse r = oauth().refresh(URI.create(server.url()), "o/a", "ur_0");

    assertThat(r.granted()).isTrue();
    assertThat(r.expiresInSeconds()).isEqualTo(OAuthClient.DEFAULT_EXPIRES_IN_SECONDS);
    assertThat(r.scope()).isNull();
    assertThat(r.installId()).isNull();
  }

  @Test
  void invalidGrantIsRefusedForGood() {
    server =
        answering(
            400,
            "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token already used\"}");

    OAuthClient.TokenResponse r = oauth().refresh(URI.create(server.url()), "o/a", "ur_0");

    assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(r.error()).isEqualTo("invalid_grant");
    assertThat(r.description()).isEqualTo("refresh token already used");
    assertThat(r.accessToken()).isNull();
    assertThat(r.toString()).contains("invalid_grant");
  }

  /**
   * 401 is refused for good too. Its JSON body is not readable: {@link java.net.HttpURLConnection}
   * in fixed-length streaming mode (as {@link Http} sends) drops the body of a 401 answer, so the
   * error is named by the status.
   */
  @Test
  void unauthorizedIsRefusedForGood() {
    server = answering(401, "{\"error\":\"invalid_client\"}");

    OAuthClient.TokenResponse r = oauth().refresh(URI.create(server.url()), "o/a", "ur_0");

    assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(r.error()).isIn("invalid_client", "http_401");
  }

  @Test
  void aRefusalWithoutAJsonBodyIsNamedByItsStatus() {
    server = answering(400, "<html>bad request</html>");

    OAuthClient.TokenResponse r = oauth().refresh(URI.create(server.url()), "o/a", "ur_0");

    assertThat(r.refused()).isTrue();
    assertThat(r.error()).isEqualTo("http_400");
    assertThat(r.description()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 502, 503, 504, 404, 403, 302})
  void otherStatusesMeanTryLater(int status) {
    server = answering(status, "{\"error\":\"whatever\"}");

    OAuthClient.TokenResponse r = oauth().refresh(URI.create(server.url()), "o/a", "ur_0");

    assertThat(r.outcome()).isEqualTo(Outcome.RETRY_LATER);
    assertThat(r.description()).contains(String.valueOf(status));
  }

  @Test
  void retryAfterIsPassedOn() {
    server = start(q -> Reply.of(429, "{}").header("Retry-After", "30"));

    OAuthClient.TokenResponse r = oauth().refresh(URI.create(server.url()), "o/a", "ur_0");

    assertThat(r.retryLater()).isTrue();
    assertThat(r.retryAfterMillis()).isEqualTo(30_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "[]",
        "{\"access_token\":\"ua_1\"}",
        "{\"access_token\":\"\",\"refresh_token\":\"ur_1\"}",
        "{\"access_token\":\"ua_1\",\"refresh_token\":\"ur_1\",\"expires_in\":\"3600\"}",
        "{\"access_token\":\"ua_1\",\"refresh_token\":\"ur_1\",\"expires_in\":-1}",
        "{\"access_token\":\"ua_1\",\"refresh_token\":\"ur_1\",\"install_id\":5}"
      })
  void anUnreadableGrantMeansTryLater(String body) {
    server = answering(200, body);

    OAuthClient.TokenResponse r = oauth().refresh(URI.create(server.url()), "o/a", "ur_0");

    assertThat(r.outcome()).isEqualTo(Outcome.RETRY_LATER);
    assertThat(r.description()).contains("unreadable grant");
  }

  @Test
  void aNetworkErrorMeansTryLater() throws IOException {
    OAuthClient.TokenResponse r;
    try (RefusingPort closed = new RefusingPort()) {
      r = oauth().refresh(closed.uri(), "o/a", "ur_0");
    }

    assertThat(r.outcome()).isEqualTo(Outcome.RETRY_LATER);
    assertThat(r.description()).contains("oauth/token");
  }

  @Test
  void aSilentServerTimesOutAndMeansTryLater() {
    server = start(q -> Reply.HOLD);
    OAuthClient oauth =
        new OAuthClient(new Http(new Proxies(Map.of(), n -> null), 1_000, 300, "t"));

    OAuthClient.TokenResponse r = oauth.refresh(URI.create(server.url()), "o/a", "ur_0");

    assertThat(r.retryLater()).isTrue();
  }

  @Test
  void grantedToStringShowsNoToken() {
    server = answering(200, GRANT);

    OAuthClient.TokenResponse r = oauth().refresh(URI.create(server.url()), "o/a", "ur_0");

    assertThat(r.toString()).doesNotContain("ua_new").doesNotContain("ur_new").contains("in_1");
  }

  private static LocalHttpServer answering(int status, String body) {
    return start(r -> Reply.of(status, body));
  }

  private static LocalHttpServer start(LocalHttpServer.Responder responder) {
    try {
      return LocalHttpServer.start(responder);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
