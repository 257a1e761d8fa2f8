package dev.upkeep.client.internal.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.client.internal.LocalHttpServer;
import dev.upkeep.client.internal.LocalHttpServer.Reply;
import dev.upkeep.client.internal.enroll.Enrollment.Outcome;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnrollmentTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PROJECT = "owner/app";
  private static final String KEY = "k";
  private static final long NOW = 1_800_000_000_000L;
  private static final String GRANT =
      "{\"access_token\":\"ua_new\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
          + "\"refresh_token\":\"ur_new\",\"scope\":\"usage\",\"install_id\":\"in_1\"}";

  private final MemorySecretStore store = new MemorySecretStore();
  private LocalHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * Plays the user's browser and the server's consent page: given the authorization URL's
   * parameters, {@code answer} says which query the server redirects to the loopback callback with
   * (null: the user never answers). The callback page the browser got is in {@link #page}.
   */
  private static final class FakeBrowser implements Consumer<URI> {
    final Function<Map<String, String>, String> answer;
    final CompletableFuture<LoopbackReceiverTest.Page> page = new CompletableFuture<>();
    volatile URI authorize;
    volatile Map<String, String> params;

    FakeBrowser(Function<Map<String, String>, String> answer) {
      this.answer = answer;
    }

    @Override
    public void accept(URI uri) {
      authorize = uri;
      params = LoopbackReceiver.query(uri.getRawQuery());
      String query = answer.apply(params);
      if (query == null) {
        return;
      }
      URI callback = URI.create(params.get("redirect_uri") + "?" + query);
      Thread t =
          new Thread(
              () -> {
                try {
                  page.complete(LoopbackReceiverTest.fetch("GET", callback));
                } catch (IOException | RuntimeException e) {
                  page.completeExceptionally(e);
                }
              },
              "fake-browser");
      t.setDaemon(true);
      t.start();
    }

    String pageBody() throws Exception {
      return page.get(20, TimeUnit.SECONDS).body;
    }
  }

  private Enrollment.Result run(Consumer<URI> browser, Duration timeout) {
    return Enrollment.run(
        OAuthClientTest.http(),
        URI.create(server.url()),
        PROJECT,
        browser,
        timeout,
        store,
        KEY,
        () -> NOW);
  }

  @Test
  void allowedEnrollmentExchangesTheCodeWithTheVerifierAndStoresCredentials() throws Exception {
    server = LocalHttpServer.answering(200, GRANT);
    FakeBrowser browser = new FakeBrowser(p -> "code=ac_x&state=" + p.get("state"));

    Enrollment.Result result = run(browser, WAIT);

    assertThat(result.outcome()).as(result.reason()).isEqualTo(Outcome.ENROLLED);
    assertThat(result.enrolled()).isTrue();
    assertThat(result.installId()).isEqualTo("in_1");
    Credentials expected = new Credentials("in_1", "ua_new", "ur_new", NOW + 3_600_000, "usage");
    assertThat(result.credentials()).isEqualTo(expected);
    assertThat(Credentials.fromJson(store.secrets.get(KEY))).isEqualTo(expected);
    assertThat(browser.pageBody()).contains("Enrollment complete \u2014 you can close this window");

    assertThat(browser.authorize.getPath()).isEqualTo("/oauth/authorize");
    Map<String, String> p = browser.params;
    assertThat(p.keySet())
        .containsExactly(
            "response_type",
            "client_id",
            "redirect_uri",
            "state",
            "code_challenge",
            "code_challenge_method",
            "scope");
    assertThat(p)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", PROJECT)
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("scope", "usage");
    URI redirect = URI.create(p.get("redirect_uri"));
    assertThat(redirect.getScheme()).isEqualTo("http");
    assertThat(redirect.getHost()).isEqualTo("127.0.0.1");
    assertThat(redirect.getPath()).isEqualTo("/callback");
    assertThat(p.get("state")).matches("[A-Za-z0-9_-]{43}");

    assertThat(server.requests()).hasSize(1);
    LocalHttpServer.Request token = server.requests().get(0);
    assertThat(token.target).isEqualTo("/oauth/token");
    Map<String, String> form = LoopbackReceiver.query(token.body);
    assertThat(form)
        .containsEntry("grant_type", "authorization_code")
        .containsEntry("code", "ac_x")
        .containsEntry("redirect_uri", p.get("redirect_uri"))
        .containsEntry("client_id", PROJECT);
    assertThat(Pkce.challenge(form.get("code_verifier"))).isEqualTo(p.get("code_challenge"));
  }

  @Test
  void aStateMismatchExchangesNothing() throws Exception {
    server = LocalHttpServer.answering(200, GRANT);
    FakeBrowser browser = new FakeBrowser(p -> "code=ac_x&state=forged" + p.get("state"));

    Enrollment.Result result = run(browser, WAIT);

    assertThat(result.outcome()).isEqualTo(Outcome.STATE_MISMATCH);
    assertThat(result.enrolled()).isFalse();
    assertThat(result.installId()).isNull();
    assertThat(result.reason()).contains("state");
    assertThat(server.requests()).isEmpty();
    assertThat(store.secrets).isEmpty();
    assertThat(browser.pageBody()).contains("Enrollment failed");
  }

  @Test
  void aMissingStateIsAMismatch() {
    server = answering(200, GRANT);

    Enrollment.Result result = run(new FakeBrowser(p -> "code=ac_x"), WAIT);

    assertThat(result.outcome()).isEqualTo(Outcome.STATE_MISMATCH);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aDenialEndsWithoutExchange() throws Exception {
    server = answering(200, GRANT);
    FakeBrowser browser = new FakeBrowser(p -> "error=access_denied&state=" + p.get("state"));

    Enrollment.Result result = run(browser, WAIT);

    assertThat(result.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(result.reason()).contains("declined");
    assertThat(server.requests()).isEmpty();
    assertThat(store.secrets).isEmpty();
    assertThat(browser.pageBody()).contains("Enrollment failed").contains("declined");
  }

  @Test
  void anotherErrorFromTheServerIsARefusal() {
    server = answering(200, GRANT);
    FakeBrowser browser =
        new FakeBrowser(
            p -> "error=invalid_request&error_description=bad+challenge&state=" + p.get("state"));

    Enrollment.Result result = run(browser, WAIT);

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.reason()).contains("invalid_request: bad challenge");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aRefusedCodeIsReportedAndNothingStored() throws Exception {
    server =
        answering(
            400, "{\"error\":\"invalid_grant\",\"error_description\":\"code expired or used\"}");
    FakeBrowser browser = new FakeBrowser(p -> "code=ac_x&state=" + p.get("state"));

    Enrollment.Result result = run(browser, WAIT);

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.reason()).contains("invalid_grant").contains("code expired or used");
    assertThat(store.secrets).isEmpty();
    assertThat(browser.pageBody()).contains("Enrollment failed").contains("invalid_grant");
  }

  @Test
  void aFailingTokenEndpointIsUnavailable() {
    server = answering(503, "{}");

    Enrollment.Result result = run(new FakeBrowser(p -> "code=ac_x&state=" + p.get("state")), WAIT);

    assertThat(result.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(store.secrets).isEmpty();
  }

  @Test
  void noAnswerTimesOut() {
    server = answering(200, GRANT);
    FakeBrowser silent = new FakeBrowser(p -> null);

    Enrollment.Result result = run(silent, Duration.ofMillis(300));

    assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(result.reason()).contains(silent.authorize.toString());
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aBrowserThatThrowsFailsAtOnce() {
    server = answering(200, GRANT);

    long start = System.nanoTime();
    Enrollment.Result result =
        run(
            uri -> {
              throw new IllegalStateException("no browser");
            },
            WAIT);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason()).contains("no browser");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void credentialsThatCannotBeStoredFailTheEnrollment() throws Exception {
    server = answering(200, GRANT);
    store.failSaves = true;
    FakeBrowser browser = new FakeBrowser(p -> "code=ac_x&state=" + p.get("state"));

    Enrollment.Result result = run(browser, WAIT);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason()).contains("in_1").contains("memory");
    assertThat(browser.pageBody()).contains("Enrollment failed");
  }

  @Test
  void badArgumentsAreAllNamedAndNeverThrown() {
    Enrollment.Result result =
        Enrollment.run(null, null, " ", null, Duration.ZERO, null, "", () -> NOW);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason())
        .contains("http", "endpoint", "project", "browser", "timeout", "store", "key");
  }

  @Test
  void authorizeUriKeepsTheEndpointPathAndEncodesTheRedirect() {
    Pkce pkce = Pkce.create();

    URI uri =
        Enrollment.authorizeUri(
            URI.create("https://upkeep.example/base/graphql"),
            "owner/app",
            URI.create("http://127.0.0.1:5000/callback"),
            pkce);

    assertThat(uri.getScheme()).isEqualTo("https");
    assertThat(uri.getPath()).isEqualTo("/base/oauth/authorize");
    assertThat(uri.getRawQuery())
        .isEqualTo(
            "response_type=code&client_id=owner%2Fapp"
                + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Fcallback"
                + "&state="
                + pkce.state()
                + "&code_challenge="
                + pkce.challenge()
                + "&code_challenge_method=S256&scope=usage");
  }

  private static LocalHttpServer answering(int status, String body) {
    try {
      return LocalHttpServer.start(r -> Reply.of(status, body));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
