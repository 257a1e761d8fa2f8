package dev.upkeep.server.api.otumat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.auth.Tokens;
import dev.upkeep.server.store.Install;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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

/** otumat's four routes on a real server: install page, install POST, events, refresh. */
class OtumatRoutesIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String BASE = "/otumat/datajoint/datajoint-python";
  static final String INSTALL = BASE + "/user/usage-install";
  static final String EVENTS = BASE + "/api/usage-event";
  static final String REFRESH = BASE + "/auth/token";
  static final String REDIRECT = "http://127.0.0.1:5123/install-completed";
  static final String CANCEL = "http://127.0.0.1:5123/install-cancelled";
  static final String EXPIRED_BODY =
      "{\"error_msg\": \"Authorization Failed\","
          + " \"error_desc\": \"TokenExpiredError: access token expired\"}";

  @TempDir Path data;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(data, Duration.ofSeconds(3600));
    server.register("datajoint/datajoint-python");
    server.register("other/project");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Every parameter of otumat's install link, as otumat 0.3 builds it. */
  static List<Map.Entry<String, String>> otumatParams(String redirect, String cancel) {
    return List.of(
        Map.entry("operatingSystem", "linux"),
        Map.entry("macAddress", "02:42:ac:11:00:02"),
        Map.entry("platform", "Python"),
        Map.entry("platformVersion", "3.11"),
        Map.entry("packageManager", "pip"),
        Map.entry("packageManagerVersion", "23.0.1"),
        Map.entry("packageName", "datajoint"),
        Map.entry("packageVersion", "0.14.1"),
        Map.entry("location", "Houston, Texas, US"),
        Map.entry("timezone", "CST, CDT, America/Chicago"),
        Map.entry("timestamp", "1714557600"),
        Map.entry("health", "http://127.0.0.1:5123/health"),
        Map.entry("redirect", redirect),
        Map.entry("cancel", cancel));
  }

  static List<Map.Entry<String, String>> with(
      List<Map.Entry<String, String>> params, String name, String value) {
    List<Map.Entry<String, String>> out = new ArrayList<>(params);
    out.add(Map.entry(name, value));
    return out;
  }

  /** Allows an install and returns the redirect's parameters. */
  Map<String, String> enroll() throws Exception {
    HttpResponse<String> r = server.consent(INSTALL, otumatParams(REDIRECT, CANCEL), "allow");
    assertThat(r.statusCode()).isEqualTo(303);
    return TestServer.query(r.headers().firstValue("Location").orElseThrow());
  }

  /**
   * Posts {@code params} (and {@code decision} unless null) with the token and cookie of a valid
   * install page, as a browser would after the page was shown.
   */
  HttpResponse<String> postWithAValidPagesToken(
      List<Map.Entry<String, String>> params, String decision, String... headers) throws Exception {
    HttpResponse<String> page =
        server.get(INSTALL + "?" + TestServer.encode(otumatParams(REDIRECT, CANCEL)));
    List<Map.Entry<String, String>> form = new ArrayList<>(params);
    TestServer.hidden(page.body()).stream()
        .filter(e -> e.getKey().equals("csrf"))
        .forEach(form::add);
    if (decision != null) {
      form.add(Map.entry("decision", decision));
    }
    List<String> h = new ArrayList<>(List.of(headers));
    h.addAll(List.of("Cookie", TestServer.cookie(page).orElseThrow()));
    return server.postForm(INSTALL, form, h.toArray(new String[0]));
  }

  HttpResponse<String> events(String accessToken, String body) throws Exception {
    return server.post(EVENTS, "application/json", body, "Authorization", "Bearer " + accessToken);
  }

  static String eventBody(String installId, String... rows) {
    return "{\"installId\": \""
        + installId
        + "\", \"headers\": [\"install_id\", \"event_date\", \"event_type\"], \"rows\": ["
        + String.join(", ", rows)
        + "]}";
  }

  HttpResponse<String> refresh(String clientId, String secret, String form) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return server.post(
        REFRESH, "application/x-www-form-urlencoded", form, "Authorization", "Basic " + basic);
  }

  @Test
  void installPageAsksWithTheProjectAndWhatIsStored() throws Exception {
    HttpResponse<String> r =
        server.get(INSTALL + "?" + TestServer.encode(otumatParams(REDIRECT, CANCEL)));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(r.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));
    String html = r.body();
    assertThat(html)
        .contains("datajoint/datajoint-python")
        .contains("<form method=\"post\" action=\"usage-install\">")
        .contains("id=\"allow\" name=\"decision\" value=\"allow\"")
        .contains("id=\"deny\" name=\"decision\" value=\"deny\"")
        .contains("<li>The package and its version: datajoint 0.14.1.</li>")
        .contains("<li>Your operating system: linux.</li>")
        .contains("<li>Your MAC address.</li>")
        .contains("<li>Your location.</li>")
        .contains("<li>Your time zone.</li>");
    for (Map.Entry<String, String> p : otumatParams(REDIRECT, CANCEL)) {
      assertThat(html)
          .contains(
              "<input type=\"hidden\" name=\"" + p.getKey() + "\" value=\"" + p.getValue() + "\">");
    }
  }

  @Test
  void installPageEscapesWhatItShows() throws Exception {
    List<Map.Entry<String, String>> params =
        with(otumatParams(REDIRECT, CANCEL), "packageName", "<script>alert(1)</script>");
    params.set(6, Map.entry("packageName", "<img src=x onerror=\"alert(1)\">"));

    String html = server.get(INSTALL + "?" + TestServer.encode(params)).body();

    assertThat(html).doesNotContain("<script").doesNotContain("<img");
    assertThat(html).contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  }

  @Test
  void allowStoresTheInstallAndRedirectsWithItsCredentials() throws Exception {
    HttpResponse<String> r = server.consent(INSTALL, otumatParams(REDIRECT, CANCEL), "allow");

    assertThat(r.statusCode()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(REDIRECT + "?accessToken=ua_");
    Map<String, String> q = TestServer.query(location);
    assertThat(q.keySet())
        .containsExactly(
            "accessToken",
            "refreshToken",
            "expiresIn",
            "scope",
            "installId",
            "clientId",
            "clientSecret");
    assertThat(q.get("accessToken")).matches("ua_[A-Za-z0-9_-]{43}");
    assertThat(q.get("refreshToken")).matches("ur_[A-Za-z0-9_-]{43}");
    assertThat(q.get("expiresIn")).isEqualTo("3600");
    assertThat(q.get("scope")).isEqualTo("usage");
    assertThat(q.get("installId")).matches("in_[A-Za-z0-9_-]{22}");
    assertThat(q.get("clientId")).matches("ci_[A-Za-z0-9_-]{22}");
    assertThat(q.get("clientSecret")).matches("cs_[A-Za-z0-9_-]{43}");

    Install install = server.server.store().installs().find(q.get("installId")).orElseThrow();
    assertThat(install.flow()).isEqualTo(Install.Flow.OTUMAT);
    assertThat(install.clientId()).isEqualTo(q.get("clientId"));
    assertThat(install.clientSecretHash()).isEqualTo(Tokens.hash(q.get("clientSecret")));
    assertThat(install.packageVersion()).isEqualTo("0.14.1");
    assertThat(install.metadata())
        .containsExactly(
            Map.entry("operatingSystem", "linux"),
            Map.entry("platform", "Python"),
            Map.entry("platformVersion", "3.11"),
            Map.entry("packageManager", "pip"),
            Map.entry("packageManagerVersion", "23.0.1"),
            Map.entry("packageName", "datajoint"),
            Map.entry("packageVersion", "0.14.1"));
    String stored = server.rows("SELECT * FROM installs").toString();
    assertThat(stored)
        .doesNotContain("02:42:ac:11:00:02")
        .doesNotContain("Houston")
        .doesNotContain("Chicago")
        .doesNotContain(q.get("clientSecret"));
    assertThat(server.rows("SELECT hash FROM install_tokens").toString())
        .doesNotContain(q.get("accessToken"))
        .contains(Tokens.hash(q.get("accessToken")));
  }

  @Test
  void allowAskingForJsonAnswers201() throws Exception {
    HttpResponse<String> r =
        server.consent(
            INSTALL, otumatParams(REDIRECT, CANCEL), "allow", "Accept", "application/json");

    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.fieldNames())
        .toIterable()
        .containsExactly(
            "installId",
            "accessToken",
            "refreshToken",
            "expiresIn",
            "scope",
            "clientId",
            "clientSecret");
    assertThat(body.get("expiresIn").asLong()).isEqualTo(3600);
    assertThat(server.server.store().installs().find(body.get("installId").asText())).isPresent();
  }

  @Test
  void redirectWithAQueryKeepsIt() throws Exception {
    HttpResponse<String> r =
        server.consent(INSTALL, otumatParams(REDIRECT + "?port=5123", CANCEL), "allow");

    assertThat(r.headers().firstValue("Location").orElseThrow())
        .startsWith(REDIRECT + "?port=5123&accessToken=ua_");
  }

  @Test
  void denyRedirectsToCancelAndStoresNothing() throws Exception {
    HttpResponse<String> r = server.consent(INSTALL, otumatParams(REDIRECT, CANCEL), "deny");

    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue(CANCEL);
    assertThat(server.rows("SELECT id FROM installs")).isEmpty();
  }

  @Test
  void decisionInTheLinkCannotOverrideTheButton() throws Exception {
    List<Map.Entry<String, String>> link =
        with(otumatParams(REDIRECT, CANCEL), "decision", "allow");
    String html = server.get(INSTALL + "?" + TestServer.encode(link)).body();

    assertThat(html).doesNotContain("type=\"hidden\" name=\"decision\"");
  }

  @ParameterizedTest
  @CsvSource({
    "redirect, http://203.0.113.20.nip.io:5123/install-completed",
    "redirect, https://127.0.0.1:5123/install-completed",
    "redirect, http://evil.example/install-completed",
    "cancel, http://0.0.0.0:5123/install-cancelled",
    "cancel, ftp://127.0.0.1/x"
  })
  void publicOrMalformedRedirectIs400NamingIt(String param, String value) throws Exception {
    List<Map.Entry<String, String>> params = new ArrayList<>();
    for (Map.Entry<String, String> p : otumatParams(REDIRECT, CANCEL)) {
      params.add(p.getKey().equals(param) ? Map.entry(param, value) : p);
    }

    HttpResponse<String> get = server.get(INSTALL + "?" + TestServer.encode(params));
    HttpResponse<String> post = postWithAValidPagesToken(params, "allow");

    for (HttpResponse<String> r : List.of(get, post)) {
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
      assertThat(r.headers().firstValue("Location")).isEmpty();
      assertThat(r.body()).contains("The parameter &quot;" + param + "&quot; must be a URL");
    }
    assertThat(server.rows("SELECT id FROM installs")).isEmpty();
  }

  @Test
  void missingRedirectOrCancelIs400NamingIt() throws Exception {
    List<Map.Entry<String, String>> noCancel = new ArrayList<>(otumatParams(REDIRECT, CANCEL));
    noCancel.removeIf(p -> p.getKey().equals("cancel"));

    HttpResponse<String> r = server.get(INSTALL + "?" + TestServer.encode(noCancel));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("The parameter &quot;cancel&quot; is missing.");
    assertThat(server.get(INSTALL).body())
        .contains("The parameter &quot;redirect&quot; is missing.");
  }

  @Test
  void unknownProjectIs404Page() throws Exception {
    HttpResponse<String> r =
        server.get(
            "/otumat/nobody/nothing/user/usage-install?"
                + TestServer.encode(otumatParams(REDIRECT, CANCEL)));

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("&quot;nobody/nothing&quot; is not registered");
  }

  @Test
  void badDecisionCrossSitePostAndNonFormAreRefused() throws Exception {
    HttpResponse<String> noDecision =
        postWithAValidPagesToken(otumatParams(REDIRECT, CANCEL), null);
    HttpResponse<String> crossSite =
        server.consent(
            INSTALL, otumatParams(REDIRECT, CANCEL), "allow", "Sec-Fetch-Site", "cross-site");
    HttpResponse<String> json = server.post(INSTALL, "application/json", "{}");

    assertThat(noDecision.statusCode()).isEqualTo(400);
    assertThat(noDecision.body()).contains("The form has no &quot;decision&quot;");
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(json.body()).contains("application/x-www-form-urlencoded");
    assertThat(server.rows("SELECT id FROM installs")).isEmpty();
  }

  @Test
  void eventsAreStoredOnePerRow() throws Exception {
    Map<String, String> c = enroll();

    HttpResponse<String> r =
        events(
            c.get("accessToken"),
            eventBody(
                c.get("installId"),
                "[\"2026-03-01 10:00:00.123456\", \"import\"]",
                "[\"2026-03-01 10:05:00.000001\", \"populate\"]"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"stored\":2}");
    assertThat(
            server.rows(
                "SELECT kind, ts, version, user_id, platform, language, language_version,"
                    + " status, attributes FROM events ORDER BY id"))
        .containsExactly(
            List.of(
                "event",
                Long.toString(Instant.parse("2026-03-01T10:00:00.123Z").toEpochMilli()),
                "0.14.1",
                c.get("installId"),
                "linux",
                "python",
                "3.11",
                "C",
                "[[\"event_type\",\"import\"]]"),
            List.of(
                "event",
                Long.toString(Instant.parse("2026-03-01T10:05:00Z").toEpochMilli()),
                "0.14.1",
                c.get("installId"),
                "linux",
                "python",
                "3.11",
                "C",
                "[[\"event_type\",\"populate\"]]"));
  }

  @Test
  void aResentRequestIsNotStoredTwice() throws Exception {
    Map<String, String> c = enroll();
    String body =
        eventBody(
            c.get("installId"),
            "[\"2026-03-01 10:00:00.000000\", \"import\"]",
            "[\"2026-03-01 10:00:00.000000\", \"import\"]");

    assertThat(events(c.get("accessToken"), body).body()).isEqualTo("{\"stored\":2}");
    assertThat(events(c.get("accessToken"), body).body()).isEqualTo("{\"stored\":0}");
    assertThat(server.rows("SELECT id FROM events")).hasSize(2);
  }

  @Test
  void futureEventDatesAreStoredAsTheServersTime() throws Exception {
    Map<String, String> c = enroll();

    // TestServer.START is 2026-03-01T12:00:00Z; up to a day later is a drifting clock.
    events(c.get("accessToken"), eventBody(c.get("installId"), "[\"2026-03-02 11:00:00\", \"x\"]"));

    assertThat(server.rows("SELECT ts FROM events"))
        .containsExactly(List.of(Long.toString(TestServer.START.toEpochMilli())));
  }

  @Test
  void rowsDatedOutsideTheWindowAreLeftOutAndNamedInA200() throws Exception {
    Map<String, String> c = enroll();

    HttpResponse<String> r =
        events(
            c.get("accessToken"),
            eventBody(
                c.get("installId"),
                "[\"0000-01-01 00:00:00\", \"year0\"]",
                "[\"2026-03-01 10:00:00\", \"ok\"]",
                "[\"2099-01-01 00:00:00\", \"future\"]"));
    HttpResponse<String> none =
        events(
            c.get("accessToken"),
            eventBody(c.get("installId"), "[\"1969-12-31 23:59:59\", \"before1970\"]"));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body())
        .startsWith("{\"stored\":1,")
        .contains("\"index\":0,\"field\":\"event_date\",\"reason\":\"rows[0].event_date must be")
        .contains("\"index\":2,\"field\":\"event_date\"");
    // Even when every row is refused the answer is a 200, so that otumat clears its cache.
    assertThat(none.statusCode()).as(none.body()).isEqualTo(200);
    assertThat(none.body())
        .startsWith("{\"stored\":0,\"rejected\":[{\"index\":0,\"field\":\"event_date\"");
    assertThat(server.rows("SELECT count(*) FROM events")).containsExactly(List.of("1"));
  }

  @Test
  void expiredTokenIs401WithOtumatsBody() throws Exception {
    Map<String, String> c = enroll();
    server.clock.advance(Duration.ofSeconds(3600));

    HttpResponse<String> r =
        events(
            c.get("accessToken"),
            eventBody(c.get("installId"), "[\"2026-03-01 10:00:00\", \"x\"]"));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body()).isEqualTo(EXPIRED_BODY);
    assertThat(server.rows("SELECT id FROM events")).isEmpty();
  }

  @Test
  void tokenIsValidUntilJustBeforeItsExpiry() throws Exception {
    Map<String, String> c = enroll();
    server.clock.advance(Duration.ofSeconds(3600).minusMillis(1));

    assertThat(
            events(
                    c.get("accessToken"),
                    eventBody(c.get("installId"), "[\"2026-03-01 10:00:00\", \"x\"]"))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void invalidTokensAre401InvalidTokenError() throws Exception {
    Map<String, String> c = enroll();
    Map<String, String> other = enroll();
    String row = "[\"2026-03-01 10:00:00\", \"x\"]";
    String body = eventBody(c.get("installId"), row);

    assertThat(invalid(events("ua_unknown", body))).isEqualTo("unknown access token");
    assertThat(invalid(events(c.get("refreshToken"), body)))
        .isEqualTo("a refresh token is not an access token");
    assertThat(invalid(server.post(EVENTS, "application/json", body)))
        .startsWith("no access token");
    assertThat(invalid(events(other.get("accessToken"), body)))
        .isEqualTo("installId is not the install this access token was issued to");
    assertThat(
            invalid(
                server.post(
                    "/otumat/other/project/api/usage-event",
                    "application/json",
                    body,
                    "Authorization",
                    "Bearer " + c.get("accessToken"))))
        .isEqualTo("this access token was issued for another project, not other/project");
    server.server.store().installs().revoke(c.get("installId"), TestServer.START);
    assertThat(invalid(events(c.get("accessToken"), body)))
        .isEqualTo("install " + c.get("installId") + " was revoked");
    assertThat(server.rows("SELECT id FROM events")).isEmpty();
  }

  @Test
  void theAdministratorListsInstallsAndRevokesOneWhoseTokensAreThenRefused() throws Exception {
    String master = "Bearer " + server.server.initialMasterToken().orElseThrow();
    Map<String, String> first = enroll();
    Map<String, String> second = enroll();
    String list = "/v1/projects/datajoint/datajoint-python/installs";

    HttpResponse<String> listed = server.get(list, "Authorization", master);
    assertThat(listed.statusCode()).isEqualTo(200);
    JsonNode installs = JSON.readTree(listed.body()).get("installs");
    assertThat(installs).hasSize(2);
    assertThat(installs.findValuesAsText("id"))
        .containsExactlyInAnyOrder(first.get("installId"), second.get("installId"));
    assertThat(installs.get(0).get("flow").asText()).isEqualTo("otumat");
    assertThat(installs.get(0).get("package_version").asText()).isEqualTo("0.14.1");
    assertThat(installs.get(0).get("revoked_at").isNull()).isTrue();
    assertThat(installs.get(0).get("metadata").get("operatingSystem").asText()).isEqualTo("linux");
    assertThat(installs.get(0).get("metadata").has("macAddress")).isFalse();

    String revoke = "/v1/installs/" + first.get("installId");
    assertThat(server.delete(revoke).statusCode()).isEqualTo(401);
    HttpResponse<String> revoked = server.delete(revoke, "Authorization", master);
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(revoked.body()).get("id").asText()).isEqualTo(first.get("installId"));
    assertThat(server.delete(revoke, "Authorization", master).statusCode()).isEqualTo(404);

    String row = "[\"2026-03-01 10:00:00\", \"x\"]";
    assertThat(invalid(events(first.get("accessToken"), eventBody(first.get("installId"), row))))
        .isEqualTo("install " + first.get("installId") + " was revoked");
    HttpResponse<String> refreshed =
        refresh(
            first.get("clientId"),
            first.get("clientSecret"),
            "grant_type=refresh_token&refresh_token=" + first.get("refreshToken"));
    assertThat(refreshed.statusCode()).isIn(400, 401);
    assertThat(
            events(second.get("accessToken"), eventBody(second.get("installId"), row)).statusCode())
        .as("the other install still reports")
        .isBetween(200, 299);
    JsonNode after =
        JSON.readTree(server.get(list, "Authorization", master).body()).get("installs");
    assertThat(after.findValuesAsText("revoked_at")).hasSize(2);
    assertThat(server.get("/v1/projects/no/such/installs", "Authorization", master).statusCode())
        .isEqualTo(404);
  }

  private static String invalid(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).isEqualTo(401);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("error_msg").asText()).isEqualTo("Authorization Failed");
    String desc = body.get("error_desc").asText();
    assertThat(desc).startsWith("InvalidTokenError: ").doesNotContain("TokenExpiredError");
    assertThat(r.body()).startsWith("{\"error_msg\": \"Authorization Failed\", \"error_desc\": \"");
    return desc.substring("InvalidTokenError: ".length());
  }

  @Test
  void badBodiesAre400NamingTheProblemAndStoreNothing() throws Exception {
    Map<String, String> c = enroll();
    String token = c.get("accessToken");
    String id = c.get("installId");

    HttpResponse<String> badRow =
        events(
            token, eventBody(id, "[\"2026-03-01 10:00:00\", \"ok\"]", "[\"01/03/2026\", \"bad\"]"));
    HttpResponse<String> notJson = events(token, "{\"installId\": ");
    HttpResponse<String> noInstallId = events(token, "{\"headers\": [], \"rows\": []}");

    assertThat(badRow.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badRow.body()).get("detail").asText())
        .isEqualTo(
            "Nothing was stored: rows[1].event_date must be \"YYYY-MM-DD HH:MM:SS[.ffffff]\""
                + " (UTC), was \"01/03/2026\".");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("The body is not valid JSON");
    assertThat(noInstallId.statusCode()).isEqualTo(400);
    assertThat(noInstallId.body()).contains("Field \\\"installId\\\" is required.");
    assertThat(server.rows("SELECT id FROM events")).isEmpty();
  }

  @Test
  void eventsOfAnUnknownProjectAre404Json() throws Exception {
    HttpResponse<String> r =
        server.post("/otumat/nobody/nothing/api/usage-event", "application/json", "{}");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).get("detail").asText())
        .isEqualTo("Project \"nobody/nothing\" is not registered.");
  }

  @Test
  void refreshRotatesTheRefreshToken() throws Exception {
    Map<String, String> c = enroll();

    HttpResponse<String> r =
        refresh(
            c.get("clientId"),
            c.get("clientSecret"),
            "grant_type=refresh_token&refresh_token=" + c.get("refreshToken"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.fieldNames())
        .toIterable()
        .containsExactly("access_token", "expires_in", "refresh_token", "scope");
    assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
    assertThat(body.get("scope").asText()).isEqualTo("usage");
    assertThat(body.get("refresh_token").asText())
        .matches("ur_[A-Za-z0-9_-]{43}")
        .isNotEqualTo(c.get("refreshToken"));
    assertThat(
            events(
                    body.get("access_token").asText(),
                    eventBody(c.get("installId"), "[\"2026-03-01 10:00:00\", \"x\"]"))
                .statusCode())
        .isEqualTo(200);

    server.clock.advance(Duration.ofSeconds(61));
    HttpResponse<String> again =
        refresh(
            c.get("clientId"),
            c.get("clientSecret"),
            "grant_type=refresh_token&refresh_token=" + c.get("refreshToken"));
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(again.body()).get("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void refreshErrorsFollowRfc6749() throws Exception {
    Map<String, String> c = enroll();
    Map<String, String> other = enroll();
    String form = "grant_type=refresh_token&refresh_token=" + c.get("refreshToken");

    HttpResponse<String> noBasic = server.post(REFRESH, "application/x-www-form-urlencoded", form);
    assertThat(noBasic.statusCode()).isEqualTo(401);
    assertThat(noBasic.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"upkeep\"");
    assertThat(error(noBasic)).isEqualTo("invalid_client");
    assertThat(error(refresh(c.get("clientId"), "cs_wrong", form))).isEqualTo("invalid_client");
    assertThat(error(refresh("ci_unknown", c.get("clientSecret"), form)))
        .isEqualTo("invalid_client");
    assertThat(
            error(
                server.post(
                    REFRESH,
                    "application/x-www-form-urlencoded",
                    form,
                    "Authorization",
                    "Basic !!!")))
        .isEqualTo("invalid_client");
    assertThat(
            error(
                server.post(
                    "/otumat/other/project/auth/token",
                    "application/x-www-form-urlencoded",
                    form,
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                (c.get("clientId") + ":" + c.get("clientSecret")).getBytes()))))
        .isEqualTo("invalid_client");

    HttpResponse<String> password =
        refresh(c.get("clientId"), c.get("clientSecret"), "grant_type=password&username=x");
    assertThat(password.statusCode()).isEqualTo(400);
    assertThat(error(password)).isEqualTo("unsupported_grant_type");
    assertThat(error(refresh(c.get("clientId"), c.get("clientSecret"), "refresh_token=x")))
        .isEqualTo("invalid_request");
    assertThat(error(refresh(c.get("clientId"), c.get("clientSecret"), "grant_type=refresh_token")))
        .isEqualTo("invalid_request");
    assertThat(
            error(
                refresh(
                    c.get("clientId"),
                    c.get("clientSecret"),
                    "grant_type=refresh_token&refresh_token=ur_unknown")))
        .isEqualTo("invalid_grant");
    assertThat(
            error(
                refresh(
                    c.get("clientId"),
                    c.get("clientSecret"),
                    "grant_type=refresh_token&refresh_token=" + other.get("refreshToken"))))
        .isEqualTo("invalid_grant");
    assertThat(error(refresh(c.get("clientId"), c.get("clientSecret"), form)))
        .isNull(); // still unused after all of the above: this one succeeds
  }

  @Test
  void concurrentRefreshesOfOneTokenRotateOnceAndAllSucceed() throws Exception {
    Map<String, String> c = enroll();
    String form = "grant_type=refresh_token&refresh_token=" + c.get("refreshToken");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(
            pool.submit(
                () -> {
                  go.await();
                  return refresh(c.get("clientId"), c.get("clientSecret"), form).statusCode();
                }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : calls) {
        statuses.add(f.get(60, TimeUnit.SECONDS));
      }
      // one rotation; the others, within the grace period, get the winner's pair
      assertThat(statuses).containsOnly(200);
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.rows("SELECT hash FROM install_tokens WHERE kind = 'refresh'")).hasSize(2);
  }

  /** The {@code error} of an OAuth error answer, or null for a 200. */
  private static String error(HttpResponse<String> r) throws Exception {
    if (r.statusCode() == 200) {
      return null;
    }
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.fieldNames()).toIterable().containsExactly("error", "error_description");
    return body.get("error").asText();
  }
}
