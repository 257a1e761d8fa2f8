package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upkeep's own enrollment over raw HTTP against the real collector, as an application does it
 * (OAuth 2.0 authorization code with PKCE S256 and a loopback redirect, RFC 6749, 7636, 8252): the
 * authorize page in the browser, the code and state on 127.0.0.1, the exchange, the refresh, and
 * events sent to {@code /v1/events} with the access token.
 */
class EnrollmentFlowIT {
  private static final String PROJECT = "upkeep/tracked-cli";
  private static final String EXPIRED =
      "{\"error_msg\": \"Authorization Failed\","
          + " \"error_desc\": \"TokenExpiredError: access token expired\"}";

  @TempDir Path data;
  final ShiftedClock clock = new ShiftedClock();
  RunningServer server;
  LoopbackCallback callback;
  String verifier;

  @BeforeEach
  void start() throws Exception {
    callback = LoopbackCallback.start();
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  @AfterEach
  void stop() {
    callback.close();
    if (server != null) {
      server.close();
    }
  }

  void startServer(Duration installTokenTtl) throws Exception {
    server = RunningServer.start(data, clock, b -> b.installTokenTtl(installTokenTtl));
    server.register(PROJECT, "1.0.0");
  }

  static String challenge(String verifier) throws Exception {
    byte[] sha =
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha);
  }

  String authorizeLink(String state) throws Exception {
    return "/oauth/authorize?"
        + ConsentBrowser.encode(
            List.of(
                Map.entry("response_type", "code"),
                Map.entry("client_id", PROJECT),
                Map.entry("redirect_uri", callback.url("/callback")),
                Map.entry("state", state),
                Map.entry("code_challenge", challenge(verifier)),
                Map.entry("code_challenge_method", "S256"),
                Map.entry("scope", "usage")));
  }

  /** The user opens the authorize link and presses a button; returns what the callback got. */
  LoopbackCallback.Hit authorize(String decision, String state) throws Exception {
    String link = authorizeLink(state);
    RawHttp.Response page = ConsentBrowser.open(server.port(), link);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"allow\"").contains("id=\"deny\"").contains(PROJECT);
    RawHttp.Response answer =
        ConsentBrowser.submit(server.port(), ConsentBrowser.form(link, page), decision);
    assertThat(answer.status()).isEqualTo(303);
    return callback.follow(answer.header("Location"));
  }

  RawHttp.Response token(List<Map.Entry<String, String>> form) throws Exception {
    return RawHttp.post(
        server.port(),
        "/oauth/token",
        "application/x-www-form-urlencoded",
        ConsentBrowser.encode(form));
  }

  RawHttp.Response exchange(String code, String codeVerifier) throws Exception {
    return token(
        List.of(
            Map.entry("grant_type", "authorization_code"),
            Map.entry("code", code),
            Map.entry("redirect_uri", callback.url("/callback")),
            Map.entry("code_verifier", codeVerifier),
            Map.entry("client_id", PROJECT)));
  }

  RawHttp.Response refresh(String refreshToken) throws Exception {
    return token(
        List.of(
            Map.entry("grant_type", "refresh_token"),
            Map.entry("refresh_token", refreshToken),
            Map.entry("client_id", PROJECT)));
  }

  RawHttp.Response events(String accessToken, String json) throws Exception {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return RawHttp.send(
        server.port(),
        "POST /v1/events HTTP/1.1",
        List.of(
            "Content-Type: application/json",
            "Authorization: Bearer " + accessToken,
            "Content-Length: " + body.length,
            "Connection: close"),
        body);
  }

  static String event(String id) {
    return "[{\"id\":\""
        + id
        + "\",\"kind\":\"breadcrumb\",\"project\":\""
        + PROJECT
        + "\",\"version\":\"1.0.0\",\"user_id\":\"u1\",\"status\":\"C\"}]";
  }

  static String grantError(RawHttp.Response r) throws Exception {
    assertThat(r.status()).isEqualTo(400);
    return RunningServer.JSON.readTree(r.body()).get("error").asText();
  }

  @Test
  void allowGivesCodeAndStateThenTokensThatSendEvents() throws Exception {
    startServer(Duration.ofHours(1));
    String state = UUID.randomUUID().toString();

    LoopbackCallback.Hit hit = authorize("allow", state);

    assertThat(hit.path()).isEqualTo("/callback");
    assertThat(hit.params().keySet()).containsExactly("code", "state");
    assertThat(hit.params().get("state")).isEqualTo(state);
    RawHttp.Response tokens = exchange(hit.params().get("code"), verifier);
    assertThat(tokens.status()).isEqualTo(200);
    assertThat(tokens.header("Cache-Control")).isEqualTo("no-store");
    JsonNode t = RunningServer.JSON.readTree(tokens.body());
    assertThat(t.fieldNames())
        .toIterable()
        .containsExactly(
            "access_token", "token_type", "expires_in", "refresh_token", "scope", "install_id");
    assertThat(t.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(t.get("expires_in").asLong()).isEqualTo(3600);
    assertThat(t.get("scope").asText()).isEqualTo("usage");
    assertThat(t.get("install_id").asText()).matches("in_[A-Za-z0-9_-]{22}");

    RawHttp.Response sent = events(t.get("access_token").asText(), event("ev-1"));

    assertThat(sent.status()).isEqualTo(200);
    assertThat(StoredEvents.all(data))
        .extracting(StoredEvents.Row::eventId, StoredEvents.Row::userId, StoredEvents.Row::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ev-1", "u1", "C"));
  }

  @Test
  void denyGivesAccessDeniedAndState() throws Exception {
    startServer(Duration.ofHours(1));

    LoopbackCallback.Hit hit = authorize("deny", "s-1");

    assertThat(hit.params()).isEqualTo(Map.of("error", "access_denied", "state", "s-1"));
  }

  @Test
  void wrongVerifierReusedCodeAndExpiredCodeAreInvalidGrant() throws Exception {
    startServer(Duration.ofHours(1));
    String code = authorize("allow", "s").params().get("code");

    byte[] other = new byte[32];
    new SecureRandom().nextBytes(other);
    assertThat(
            grantError(
                exchange(code, Base64.getUrlEncoder().withoutPadding().encodeToString(other))))
        .isEqualTo("invalid_grant");
    assertThat(exchange(code, verifier).status()).isEqualTo(200);
    assertThat(grantError(exchange(code, verifier))).isEqualTo("invalid_grant");

    String late = authorize("allow", "s").params().get("code");
    clock.shift(Duration.ofSeconds(61));
    RawHttp.Response expired = exchange(late, verifier);
    assertThat(grantError(expired)).isEqualTo("invalid_grant");
    assertThat(RunningServer.JSON.readTree(expired.body()).get("error_description").asText())
        .contains("expired");
  }

  @Test
  void refreshRotatesTheRefreshToken() throws Exception {
    startServer(Duration.ofHours(1));
    JsonNode first =
        RunningServer.JSON.readTree(
            exchange(authorize("allow", "s").params().get("code"), verifier).body());

    RawHttp.Response r = refresh(first.get("refresh_token").asText());

    assertThat(r.status()).isEqualTo(200);
    JsonNode second = RunningServer.JSON.readTree(r.body());
    assertThat(second.get("install_id").asText()).isEqualTo(first.get("install_id").asText());
    assertThat(second.get("refresh_token").asText())
        .isNotEqualTo(first.get("refresh_token").asText());
    // A second refresh with the same token within the grace period (a second process of the
    // install) gets the same new pair; a reuse after it would revoke the family (RefreshGraceIT).
    JsonNode again =
        RunningServer.JSON.readTree(refresh(first.get("refresh_token").asText()).body());
    assertThat(again.get("refresh_token").asText()).isEqualTo(second.get("refresh_token").asText());
    assertThat(again.get("access_token").asText()).isEqualTo(second.get("access_token").asText());
    assertThat(events(second.get("access_token").asText(), event("ev-2")).status()).isEqualTo(200);
  }

  @Test
  void expiredBearerOnEventsIs401AndStoresNothing() throws Exception {
    startServer(Duration.ofSeconds(1));
    String access =
        RunningServer.JSON
            .readTree(exchange(authorize("allow", "s").params().get("code"), verifier).body())
            .get("access_token")
            .asText();
    // A probe that cannot store anything (an empty batch is refused) until the token expired.
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> events(access, "[]").status() == 401);

    RawHttp.Response r = events(access, event("ev-late"));

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).isEqualTo(EXPIRED);
    assertThat(StoredEvents.all(data)).isEmpty();
  }

  /** The system clock plus an offset the test moves forward. */
  static final class ShiftedClock extends Clock {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    void shift(Duration by) {
      offset.updateAndGet(o -> o.plus(by));
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
