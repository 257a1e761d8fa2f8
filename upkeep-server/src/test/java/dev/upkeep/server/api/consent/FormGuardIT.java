package dev.upkeep.server.api.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every HTML form that changes state refuses a post without its token or from another origin. */
class FormGuardIT {
  static final String INSTALL = "/otumat/datajoint/datajoint-python/user/usage-install";
  static final List<Map.Entry<String, String>> OTUMAT =
      List.of(
          Map.entry("packageName", "datajoint"),
          Map.entry("redirect", "http://127.0.0.1:5123/install-completed"),
          Map.entry("cancel", "http://127.0.0.1:5123/install-cancelled"));
  static final List<Map.Entry<String, String>> OAUTH =
      List.of(
          Map.entry("response_type", "code"),
          Map.entry("client_id", "datajoint/datajoint-python"),
          Map.entry("redirect_uri", "http://127.0.0.1:49152/callback"),
          Map.entry("state", "s1"),
          Map.entry("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
          Map.entry("code_challenge_method", "S256"));

  @TempDir Path data;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(data, Duration.ofHours(1));
    server.register("datajoint/datajoint-python");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The page's hidden inputs plus decision=allow, and its cookie. */
  record Shown(List<Map.Entry<String, String>> form, String cookie) {}

  Shown show(String path, List<Map.Entry<String, String>> params) throws Exception {
    HttpResponse<String> page = server.get(path + "?" + TestServer.encode(params));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Set-Cookie").orElseThrow())
        .matches("upkeep_form=[A-Za-z0-9_-]{43}; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    List<Map.Entry<String, String>> form = new ArrayList<>(TestServer.hidden(page.body()));
    assertThat(form).anySatisfy(e -> assertThat(e.getKey()).isEqualTo("csrf"));
    form.add(Map.entry("decision", "allow"));
    return new Shown(form, TestServer.cookie(page).orElseThrow());
  }

  String origin() {
    return "http://127.0.0.1:" + server.server.port();
  }

  void assertRefused(HttpResponse<String> r, String why) throws Exception {
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(r.body()).contains("Not sent from this page").contains(why);
    assertThat(server.rows("SELECT COUNT(*) FROM installs")).containsExactly(List.of("0"));
    assertThat(server.rows("SELECT COUNT(*) FROM authorization_codes"))
        .containsExactly(List.of("0"));
  }

  @Test
  void aForeignOriginWithoutSecFetchSiteGetsNoCode() throws Exception {
    for (String path : List.of("/oauth/authorize", INSTALL)) {
      Shown s = show(path, path.equals(INSTALL) ? OTUMAT : OAUTH);
      // everything right but the Origin: the attack of issue 14
      assertRefused(
          server.postForm(path, s.form(), "Cookie", s.cookie(), "Origin", "http://evil.example"),
          "posted from http://evil.example, not from this server");
      assertRefused(
          server.postForm(path, s.form(), "Cookie", s.cookie(), "Origin", "null"),
          "hides its origin");
      assertRefused(
          server.postForm(path, s.form(), "Cookie", s.cookie(), "Sec-Fetch-Site", "same-origin"),
          "sent no Origin");
    }
  }

  @Test
  void aPostWithoutTheTokenOrCookieIsRefused() throws Exception {
    for (String path : List.of("/oauth/authorize", INSTALL)) {
      Shown s = show(path, path.equals(INSTALL) ? OTUMAT : OAUTH);
      List<Map.Entry<String, String>> noToken = new ArrayList<>(s.form());
      noToken.removeIf(e -> e.getKey().equals("csrf"));
      List<Map.Entry<String, String>> forged = new ArrayList<>(noToken);
      forged.add(Map.entry("csrf", "9999999999.AAAA"));

      assertRefused(
          server.postForm(path, noToken, "Cookie", s.cookie(), "Origin", origin()),
          "carries no form token");
      assertRefused(
          server.postForm(path, s.form(), "Origin", origin()), "The form&#39;s cookie is missing");
      assertRefused(
          server.postForm(path, forged, "Cookie", s.cookie(), "Origin", origin()),
          "does not belong to this browser&#39;s page");
      assertRefused(
          server.postForm(
              path,
              s.form(),
              "Cookie",
              "upkeep_form=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
              "Origin",
              origin()),
          "does not belong to this browser&#39;s page");
    }
  }

  @Test
  void anExpiredPageIsRefusedAndAFreshOneWorks() throws Exception {
    Shown s = show(INSTALL, OTUMAT);
    server.clock.advance(Duration.ofMinutes(61));

    assertRefused(
        server.postForm(INSTALL, s.form(), "Cookie", s.cookie(), "Origin", origin()),
        "older than 60 minutes");

    Shown fresh = show("/oauth/authorize", OAUTH);
    HttpResponse<String> ok =
        server.postForm(
            "/oauth/authorize",
            fresh.form(),
            "Cookie",
            fresh.cookie(),
            "Origin",
            origin(),
            "Sec-Fetch-Site",
            "same-origin");
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(ok.headers().firstValue("Location").orElseThrow())
        .startsWith("http://127.0.0.1:49152/callback?code=ac_");
  }
}
