package dev.upkeep.server.api.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.installs.Pkce;
import dev.upkeep.server.store.Install;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Upkeep's own enrollment on a real server: authorize page, decision, token endpoint. */
class OAuthRoutesIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PROJECT = "nipreps/fmriprep";
  static final String REDIRECT = "http://127.0.0.1:49152/callback";
  static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  static final String CHALLENGE = Pkce.challenge(VERIFIER);

  @TempDir Path data;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(data, Duration.ofSeconds(600));
    server.register(PROJECT);
    server.register("other/project");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * Posts {@code params} with {@code decision} and the token and cookie of a valid authorize page,
   * as a browser does after the page was shown.
   */
  HttpResponse<String> postWithToken(List<Map.Entry<String, String>> params, String decision)
      throws Exception {
    HttpResponse<String> page =
        server.get("/oauth/authorize?" + TestServer.encode(authorization()));
    List<Map.Entry<String, String>> form = new java.util.ArrayList<>(params);
    TestServer.hidden(page.body()).stream()
        .filter(e -> e.getKey().equals("csrf"))
        .forEach(form::add);
    form.add(Map.entry("decision", decision));
    return server.postForm(
        "/oauth/authorize", form, "Cookie", TestServer.cookie(page).orElseThrow());
  }

  static List<Map.Entry<String, String>> authorization() {
    return List.of(
        Map.entry("response_type", "code"),
        Map.entry("client_id", PROJECT),
        Map.entry("redirect_uri", REDIRECT),
        Map.entry("state", "st-123"),
        Map.entry("code_challenge", CHALLENGE),
        Map.entry("code_challenge_method", "S256"),
        Map.entry("scope", "usage"));
  }

  static List<Map.Entry<String, String>> replace(
      List<Map.Entry<String, String>> params, String name, String value) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (Map.Entry<String, String> p : params) {
      if (!p.getKey().equals(name)) {
        out.add(p);
      } else if (value != null) {
        out.add(Map.entry(name, value));
      }
    }
    return out;
  }

  static List<Map.Entry<String, String>> plus(
      List<Map.Entry<String, String>> params, String name, String value) {
    List<Map.Entry<String, String>> out = new ArrayList<>(params);
    out.add(Map.entry(name, value));
    return out;
  }

  /** Allows the standard authorization request and returns the code. */
  String code() throws Exception {
    HttpResponse<String> r = postWithToken(authorization(), "allow");
    assertThat(r.statusCode()).isEqualTo(303);
    return TestServer.query(r.headers().firstValue("Location").orElseThrow()).get("code");
  }

  HttpResponse<String> exchange(String code, String verifier, String redirect, String client)
      throws Exception {
    return server.postForm(
        "/oauth/token",
        List.of(
            Map.entry("grant_type", "authorization_code"),
            Map.entry("code", code),
            Map.entry("redirect_uri", redirect),
            Map.entry("code_verifier", verifier),
            Map.entry("client_id", client)));
  }

  HttpResponse<String> refresh(String refreshToken, String client) throws Exception {
    return server.postForm(
        "/oauth/token",
        List.of(
            Map.entry("grant_type", "refresh_token"),
            Map.entry("refresh_token", refreshToken),
            Map.entry("client_id", client)));
  }

  @Test
  void authorizePageAsksAndPostsTheRequestBack() throws Exception {
    HttpResponse<String> r = server.get("/oauth/authorize?" + TestServer.encode(authorization()));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(r.body())
        .contains("Share usage of nipreps/fmriprep with its maintainers?")
        .contains("<form method=\"post\" action=\"authorize\">")
        .contains("id=\"allow\"")
        .contains("id=\"deny\"");
    for (Map.Entry<String, String> p : authorization()) {
      assertThat(r.body())
          .contains(
              "<input type=\"hidden\" name=\"" + p.getKey() + "\" value=\"" + p.getValue() + "\">");
    }
  }

  @Test
  void scopeIsOptional() throws Exception {
    assertThat(
            server
                .get(
                    "/oauth/authorize?"
                        + TestServer.encode(replace(authorization(), "scope", null)))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void allowRedirectsWithACodeAndTheState() throws Exception {
    HttpResponse<String> r = postWithToken(authorization(), "allow");

    assertThat(r.statusCode()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(REDIRECT + "?code=ac_");
    Map<String, String> q = TestServer.query(location);
    assertThat(q.keySet()).containsExactly("code", "state");
    assertThat(q.get("code")).matches("ac_[A-Za-z0-9_-]{43}");
    assertThat(q.get("state")).isEqualTo("st-123");
    assertThat(server.rows("SELECT id FROM installs")).isEmpty();
  }

  @Test
  void denyRedirectsWithAccessDenied() throws Exception {
    HttpResponse<String> r = postWithToken(authorization(), "deny");

    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location"))
        .hasValue(REDIRECT + "?error=access_denied&state=st-123");
    assertThat(server.rows("SELECT hash FROM authorization_codes")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "NULL",
      value = {
        "redirect_uri, http://localhost:49152/callback, redirect_uri",
        "redirect_uri, https://127.0.0.1:49152/callback, redirect_uri",
        "redirect_uri, http://192.168.0.2:49152/callback, redirect_uri",
        "redirect_uri, NULL, redirect_uri",
        "code_challenge_method, plain, code_challenge_method",
        "code_challenge_method, NULL, code_challenge_method",
        "code_challenge, short, code_challenge",
        "code_challenge, NULL, code_challenge",
        "response_type, token, response_type",
        "state, NULL, state",
        "scope, admin, scope",
        "client_id, NULL, client_id"
      })
  void badRequestsAre400PagesWithoutRedirect(String name, String value, String named)
      throws Exception {
    List<Map.Entry<String, String>> params = replace(authorization(), name, value);

    HttpResponse<String> get = server.get("/oauth/authorize?" + TestServer.encode(params));
    HttpResponse<String> post = postWithToken(params, "allow");

    for (HttpResponse<String> r : List.of(get, post)) {
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.headers().firstValue("Location")).isEmpty();
      assertThat(r.body()).contains("The parameter &quot;" + named + "&quot;");
    }
    assertThat(server.rows("SELECT hash FROM authorization_codes")).isEmpty();
  }

  @Test
  void unknownProjectIs404Page() throws Exception {
    HttpResponse<String> r =
        server.get(
            "/oauth/authorize?"
                + TestServer.encode(replace(authorization(), "client_id", "nobody/nothing")));

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("&quot;nobody/nothing&quot; is not registered");
  }

  @Test
  void repeatedParameterIs400() throws Exception {
    HttpResponse<String> r =
        server.get("/oauth/authorize?" + TestServer.encode(plus(authorization(), "state", "two")));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("The parameter &quot;state&quot; is repeated.");
  }

  @Test
  void codeIsExchangedForTokensOfANewInstall() throws Exception {
    HttpResponse<String> r = exchange(code(), VERIFIER, REDIRECT, PROJECT);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode t = JSON.readTree(r.body());
    assertThat(t.fieldNames())
        .toIterable()
        .containsExactly(
            "access_token", "token_type", "expires_in", "refresh_token", "scope", "install_id");
    assertThat(t.get("access_token").asText()).matches("ua_[A-Za-z0-9_-]{43}");
    assertThat(t.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(t.get("expires_in").asLong()).isEqualTo(600);
    assertThat(t.get("refresh_token").asText()).matches("ur_[A-Za-z0-9_-]{43}");
    assertThat(t.get("scope").asText()).isEqualTo("usage");
    Install install =
        server.server.store().installs().find(t.get("install_id").asText()).orElseThrow();
    assertThat(install.flow()).isEqualTo(Install.Flow.UPKEEP);
    assertThat(install.clientSecretHash()).isNull();
    assertThat(install.metadata()).isEmpty();
  }

  @Test
  void codeIsSingleUse() throws Exception {
    String code = code();

    assertThat(exchange(code, VERIFIER, REDIRECT, PROJECT).statusCode()).isEqualTo(200);
    assertThat(grantError(exchange(code, VERIFIER, REDIRECT, PROJECT)))
        .isEqualTo("invalid_grant: the authorization code was already used");
    assertThat(server.rows("SELECT id FROM installs")).hasSize(1);
  }

  @Test
  void wrongVerifierIsInvalidGrantAndLeavesTheCodeUsable() throws Exception {
    String code = code();
    String wrong = "x".repeat(43);

    assertThat(grantError(exchange(code, wrong, REDIRECT, PROJECT)))
        .isEqualTo("invalid_grant: code_verifier does not match the code_challenge");
    assertThat(exchange(code, VERIFIER, REDIRECT, PROJECT).statusCode()).isEqualTo(200);
  }

  @Test
  void expiredCodeIsInvalidGrant() throws Exception {
    String code = code();
    server.clock.advance(Duration.ofSeconds(60));

    assertThat(grantError(exchange(code, VERIFIER, REDIRECT, PROJECT)))
        .isEqualTo(
            "invalid_grant: the authorization code expired; codes are valid for 60 s,"
                + " authorize again");
  }

  @Test
  void codeIsBoundToItsRedirectAndClient() throws Exception {
    String code = code();

    assertThat(grantError(exchange(code, VERIFIER, REDIRECT + "x", PROJECT)))
        .isEqualTo("invalid_grant: redirect_uri differs from the one of the authorization request");
    assertThat(grantError(exchange(code, VERIFIER, REDIRECT, "other/project")))
        .isEqualTo(
            "invalid_grant: the authorization code was not issued to client_id other/project");
    assertThat(grantError(exchange("ac_unknown", VERIFIER, REDIRECT, PROJECT)))
        .isEqualTo("invalid_grant: unknown authorization code");
  }

  @Test
  void malformedRequestsAreInvalidRequest() throws Exception {
    String code = code();

    assertThat(grantError(exchange(code, "short", REDIRECT, PROJECT)))
        .startsWith("invalid_request: code_verifier must be 43 to 128 characters");
    assertThat(
            grantError(
                server.postForm(
                    "/oauth/token",
                    List.of(
                        Map.entry("grant_type", "authorization_code"),
                        Map.entry("client_id", PROJECT)))))
        .isEqualTo("invalid_request: code is required");
    assertThat(
            grantError(
                server.post(
                    "/oauth/token", "application/json", "{\"grant_type\":\"refresh_token\"}")))
        .startsWith("invalid_request: The body must be a form");
    assertThat(
            grantError(
                server.postForm(
                    "/oauth/token",
                    List.of(
                        Map.entry("grant_type", "refresh_token"),
                        Map.entry("grant_type", "refresh_token")))))
        .isEqualTo("invalid_request: grant_type is repeated");
    assertThat(grantError(server.postForm("/oauth/token", List.of())))
        .isEqualTo("invalid_request: grant_type is required");
    assertThat(
            grantError(
                server.postForm("/oauth/token", List.of(Map.entry("grant_type", "password")))))
        .startsWith("unsupported_grant_type: ");
    assertThat(exchange(code, VERIFIER, REDIRECT, PROJECT).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownClientIsInvalidClient() throws Exception {
    HttpResponse<String> r = exchange(code(), VERIFIER, REDIRECT, "nobody/nothing");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void concurrentRedemptionsOfOneCodeCreateOneInstall() throws Exception {
    String code = code();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(
            pool.submit(
                () -> {
                  go.await();
                  return exchange(code, VERIFIER, REDIRECT, PROJECT).statusCode();
                }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : calls) {
        statuses.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 400);
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.rows("SELECT id FROM installs")).hasSize(1);
  }

  @Test
  void refreshRotatesTheRefreshToken() throws Exception {
    JsonNode first = JSON.readTree(exchange(code(), VERIFIER, REDIRECT, PROJECT).body());
    String refreshToken = first.get("refresh_token").asText();

    HttpResponse<String> r = refresh(refreshToken, PROJECT);

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode second = JSON.readTree(r.body());
    assertThat(second.get("install_id").asText()).isEqualTo(first.get("install_id").asText());
    assertThat(second.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(second.get("refresh_token").asText()).isNotEqualTo(refreshToken);
    assertThat(second.get("access_token").asText())
        .isNotEqualTo(first.get("access_token").asText());
    assertThat(refresh(second.get("refresh_token").asText(), PROJECT).statusCode()).isEqualTo(200);
    server.clock.advance(java.time.Duration.ofSeconds(61));
    assertThat(grantError(refresh(refreshToken, PROJECT))).startsWith("invalid_grant: ");
  }

  @Test
  void refreshIsBoundToTheProjectAndToPublicClients() throws Exception {
    String refreshToken =
        JSON.readTree(exchange(code(), VERIFIER, REDIRECT, PROJECT).body())
            .get("refresh_token")
            .asText();
    HttpResponse<String> otumat =
        server.consent(
            "/otumat/nipreps/fmriprep/user/usage-install",
            List.of(
                Map.entry("redirect", "http://127.0.0.1:1/ok"),
                Map.entry("cancel", "http://127.0.0.1:1/no")),
            "allow");
    String otumatRefresh =
        TestServer.query(otumat.headers().firstValue("Location").orElseThrow()).get("refreshToken");

    assertThat(grantError(refresh(refreshToken, "other/project")))
        .isEqualTo("invalid_grant: the refresh_token was not issued to this client");
    assertThat(grantError(refresh(otumatRefresh, PROJECT)))
        .isEqualTo("invalid_grant: the refresh_token was not issued to this client");
    assertThat(grantError(refresh("ur_unknown", PROJECT)))
        .isEqualTo("invalid_grant: unknown refresh_token");
    assertThat(refresh(refreshToken, PROJECT).statusCode()).isEqualTo(200);
  }

  /** {@code error: description} of a 400 OAuth answer. */
  private static String grantError(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.fieldNames()).toIterable().containsExactly("error", "error_description");
    return body.get("error").asText() + ": " + body.get("error_description").asText();
  }
}
