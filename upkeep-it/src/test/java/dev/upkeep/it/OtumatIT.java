package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * otumat 0.3's usage tracking against the real collector, request for request as its {@code
 * UsageAgent} makes them (PROTOCOLS.md section 3): the install link opened in a browser, the
 * consent form, the browser sent to otumat's local callback server, the event upload with its three
 * header names and two values per row, and the Basic-authenticated refresh otumat makes before
 * every upload. The agent is configured with {@code host=http://127.0.0.1:<port>/otumat/
 * datajoint/datajoint-python} and the routes {@code /user/usage-install}, {@code /api/usage-event},
 * {@code /auth/token}.
 */
class OtumatIT {
  private static final String PROJECT = "datajoint/datajoint-python";
  private static final String HOST = "/otumat/" + PROJECT;
  private static final String INSTALL_ROUTE = HOST + "/user/usage-install";
  private static final String EVENT_ROUTE = HOST + "/api/usage-event";
  private static final String REFRESH_ROUTE = HOST + "/auth/token";
  private static final DateTimeFormatter OTUMAT_DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
  private static final String EXPIRED =
      "{\"error_msg\": \"Authorization Failed\","
          + " \"error_desc\": \"TokenExpiredError: access token expired\"}";

  @TempDir Path data;
  RunningServer server;
  LoopbackCallback callback;

  @BeforeEach
  void callback() throws Exception {
    callback = LoopbackCallback.start();
  }

  @AfterEach
  void stop() {
    callback.close();
    if (server != null) {
      server.close();
    }
  }

  void start(Duration installTokenTtl) throws Exception {
    server = RunningServer.start(data, b -> b.installTokenTtl(installTokenTtl));
    server.register(PROJECT, "0.14.1");
  }

  /** otumat's {@code query_params}, in its order, its callback server at {@code host}. */
  List<Map.Entry<String, String>> linkParams(String callbackHost) {
    String base = callback.url("").replace("127.0.0.1", callbackHost);
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
        Map.entry("health", base + "/health"),
        Map.entry("redirect", base + "/install-completed"),
        Map.entry("cancel", base + "/install-cancelled"));
  }

  /** {@code host + install_route + '?' + urlencode(query_params)}. */
  String link(List<Map.Entry<String, String>> params) {
    return INSTALL_ROUTE + "?" + ConsentBrowser.encode(params);
  }

  /** The user opens the link and presses a button; returns where the browser ended up. */
  LoopbackCallback.Hit consent(String decision) throws Exception {
    String link = link(linkParams("127.0.0.1"));
    RawHttp.Response page = ConsentBrowser.open(server.port(), link);
    assertThat(page.status()).isEqualTo(200);
    RawHttp.Response answer =
        ConsentBrowser.submit(server.port(), ConsentBrowser.form(link, page), decision);
    assertThat(answer.status()).isEqualTo(303);
    return callback.follow(answer.header("Location"));
  }

  @Test
  void installLinkShowsTheConsentPageCarryingEveryParameter() throws Exception {
    start(Duration.ofHours(1));
    String link = link(linkParams("127.0.0.1"));

    RawHttp.Response page = ConsentBrowser.open(server.port(), link);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body())
        .contains("Share usage of datajoint/datajoint-python with its maintainers?")
        .contains("<button type=\"submit\" id=\"allow\" name=\"decision\" value=\"allow\"")
        .contains("<button type=\"submit\" id=\"deny\" name=\"decision\" value=\"deny\"")
        .contains("<li>Your MAC address.</li>");
    ConsentBrowser.Form form = ConsentBrowser.form(link, page);
    assertThat(form.action()).isEqualTo(INSTALL_ROUTE);
    assertThat(form.request()).isEqualTo(linkParams("127.0.0.1"));
    assertThat(form.hidden()).anySatisfy(e -> assertThat(e.getKey()).isEqualTo("csrf"));
  }

  @Test
  void allowSendsTheBrowserToOtumatsCallbackWithEveryCredential() throws Exception {
    start(Duration.ofHours(1));

    LoopbackCallback.Hit hit = consent("allow");

    assertThat(hit.path()).isEqualTo("/install-completed");
    assertThat(hit.params().keySet())
        .containsExactly(
            "accessToken",
            "refreshToken",
            "expiresIn",
            "scope",
            "installId",
            "clientId",
            "clientSecret");
    assertThat(hit.params().get("accessToken")).matches("ua_[A-Za-z0-9_-]{43}");
    assertThat(hit.params().get("refreshToken")).matches("ur_[A-Za-z0-9_-]{43}");
    assertThat(Integer.parseInt(hit.params().get("expiresIn"))).isEqualTo(3600);
    assertThat(hit.params().get("scope")).isEqualTo("usage");
    assertThat(hit.params().get("installId")).matches("in_[A-Za-z0-9_-]{22}");
    assertThat(hit.params().get("clientId")).matches("ci_[A-Za-z0-9_-]{22}");
    assertThat(hit.params().get("clientSecret")).matches("cs_[A-Za-z0-9_-]{43}");
    assertThat(sql("SELECT COUNT(*) FROM installs")).isEqualTo("1");
    assertThat(sql("SELECT metadata FROM installs"))
        .doesNotContain("02:42:ac:11:00:02")
        .doesNotContain("Houston")
        .doesNotContain("Chicago");
  }

  @Test
  void denySendsTheBrowserToCancelAndStoresNothing() throws Exception {
    start(Duration.ofHours(1));

    LoopbackCallback.Hit hit = consent("deny");

    assertThat(hit.path()).isEqualTo("/install-cancelled");
    assertThat(hit.params()).isEmpty();
    assertThat(sql("SELECT COUNT(*) FROM installs")).isEqualTo("0");
  }

  @Test
  void uploadedEventsAreStoredAndCounted() throws Exception {
    start(Duration.ofHours(1));
    Agent agent = new Agent(consent("allow").params());
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
    List<String[]> rows =
        List.of(
            new String[] {now.minusMinutes(2).format(OTUMAT_DATE), "import"},
            new String[] {now.minusMinutes(1).format(OTUMAT_DATE), "populate"});

    RawHttp.Response r = agent.postEvents(rows);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"stored\":2}");
    List<StoredEvents.Row> stored = StoredEvents.all(data);
    assertThat(stored)
        .extracting(
            StoredEvents.Row::userId, StoredEvents.Row::status, StoredEvents.Row::attributes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                agent.installId, "C", "[[\"event_type\",\"import\"]]"),
            org.assertj.core.groups.Tuple.tuple(
                agent.installId, "C", "[[\"event_type\",\"populate\"]]"));
    assertThat(stored).extracting(StoredEvents.Row::language).containsOnly("python");

    JsonNode usage =
        RunningServer.JSON.readTree(
            server
                .admin(
                    "GET",
                    "/v1/projects/"
                        + PROJECT
                        + "/usage?from="
                        + LocalDate.now(ZoneOffset.UTC).minusDays(1)
                        + "&kind=event&by=version",
                    null)
                .body());
    assertThat(usage.get("kind").asText()).isEqualTo("event");
    assertThat(usage.get("hits").asLong()).isEqualTo(2);
    assertThat(usage.get("buckets").toString()).isEqualTo("[{\"key\":\"0.14.1\",\"count\":2}]");
  }

  @Test
  void refreshRotatesAndTheOldRefreshTokenIsRefused() throws Exception {
    start(Duration.ofHours(1));
    Agent agent = new Agent(consent("allow").params());
    String first = agent.refreshToken;

    RawHttp.Response r = agent.refresh();

    assertThat(r.status()).isEqualTo(200);
    JsonNode body = RunningServer.JSON.readTree(r.body());
    assertThat(body.fieldNames())
        .toIterable()
        .containsExactly("access_token", "expires_in", "refresh_token", "scope");
    assertThat(agent.refreshToken).isNotEqualTo(first);
    assertThat(agent.postEvents(List.<String[]>of(new String[] {pastDate(), "x"})).status())
        .isEqualTo(200);

    // otumat's second daemon of the same install refreshes with the same token, within the grace
    // period: it gets the same pair, so both daemons keep working
    String access = agent.accessToken;
    String refresh = agent.refreshToken;
    agent.refreshToken = first;
    RawHttp.Response second = agent.refresh();
    assertThat(second.status()).isEqualTo(200);
    assertThat(agent.accessToken).isEqualTo(access);
    assertThat(agent.refreshToken).isEqualTo(refresh);
    assertThat(agent.postEvents(List.<String[]>of(new String[] {pastDate(), "y"})).status())
        .isEqualTo(200);
  }

  @Test
  void aCacheOfTwentyThousandEventsIsStoredAndOtumatMayClearIt() throws Exception {
    start(Duration.ofHours(1));
    Agent agent = new Agent(consent("allow").params());
    LocalDateTime t0 = LocalDateTime.now(ZoneOffset.UTC).minusDays(1);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      rows.add(new String[] {t0.plusSeconds(i).format(OTUMAT_DATE), i % 2 == 0 ? "import" : "run"});
    }

    assertThat(agent.send(rows)).isEqualTo(200);

    assertThat(StoredEvents.all(data)).hasSize(20_000);
  }

  @Test
  void expiredTokenGetsOtumatsBodyAndItsRetryStoresTheRows() throws Exception {
    start(Duration.ofSeconds(1));
    Agent agent = new Agent(consent("allow").params());
    // A probe that stores nothing (no rows) until the one-second token has expired.
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> agent.postEvents(List.of()).status() == 401);

    RawHttp.Response expired = agent.postEvents(List.<String[]>of(new String[] {pastDate(), "x"}));

    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.header("Content-Type")).isEqualTo("application/json");
    assertThat(expired.body()).isEqualTo(EXPIRED);
    assertThat(StoredEvents.all(data)).isEmpty();

    assertThat(agent.send(List.<String[]>of(new String[] {pastDate(), "x"}))).isEqualTo(200);
    assertThat(StoredEvents.all(data)).hasSize(1);
  }

  @Test
  void linkWithItsLanAddressAsCallbackIsAccepted() throws Exception {
    start(Duration.ofHours(1));
    // otumat 0.3 puts the address of its outgoing interface in health/redirect/cancel.
    String link = link(linkParams("192.168.1.23"));

    RawHttp.Response page = ConsentBrowser.open(server.port(), link);
    RawHttp.Response answer =
        ConsentBrowser.submit(server.port(), ConsentBrowser.form(link, page), "allow");

    assertThat(page.status()).isEqualTo(200);
    assertThat(answer.status()).isEqualTo(303);
    assertThat(answer.header("Location")).startsWith("http://192.168.1.23:");
    assertThat(sql("SELECT COUNT(*) FROM installs")).isEqualTo("1");
  }

  @Test
  void linkWithAPublicAddressAsCallbackIsAcceptedAndThePageShowsIt() throws Exception {
    start(Duration.ofHours(1));
    // otumat 0.3 on a machine with a public IPv4 address names that address in its callback URLs.
    int port = java.net.URI.create(callback.url("")).getPort();
    String link = link(linkParams("203.0.113.7"));

    RawHttp.Response page = ConsentBrowser.open(server.port(), link);
    RawHttp.Response answer =
        ConsentBrowser.submit(server.port(), ConsentBrowser.form(link, page), "allow");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains(
            "<p class=\"destination\">After you choose, your browser is sent to"
                + " http://203.0.113.7:"
                + port
                + ", the address datajoint 0.14.1 gave for itself. This is not a loopback"
                + " address");
    assertThat(answer.status()).isEqualTo(303);
    assertThat(answer.header("Location"))
        .startsWith("http://203.0.113.7:" + port + "/install-completed?accessToken=ua_");
    assertThat(sql("SELECT COUNT(*) FROM installs")).isEqualTo("1");
  }

  @Test
  void linkWithAHostNameAsCallbackIs400NamingRedirect() throws Exception {
    start(Duration.ofHours(1));
    String link = link(linkParams("evil.example"));

    RawHttp.Response page = ConsentBrowser.open(server.port(), link);

    assertThat(page.status()).isEqualTo(400);
    assertThat(page.header("Location")).isNull();
    assertThat(page.body())
        .contains("The parameter &quot;redirect&quot; must be a URL on this computer")
        .contains("host names are refused");
    assertThat(sql("SELECT COUNT(*) FROM installs")).isEqualTo("0");
  }

  private static String pastDate() {
    return LocalDateTime.now(ZoneOffset.UTC).minusSeconds(30).format(OTUMAT_DATE);
  }

  private String sql(String query) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("upkeep.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  /** otumat's {@code UsageAgent} after installation: its config and its three requests. */
  final class Agent {
    final String installId;
    final String clientId;
    final String clientSecret;
    String accessToken;
    String refreshToken;

    Agent(Map<String, String> installCompleted) {
      this.installId = installCompleted.get("installId");
      this.clientId = installCompleted.get("clientId");
      this.clientSecret = installCompleted.get("clientSecret");
      this.accessToken = installCompleted.get("accessToken");
      this.refreshToken = installCompleted.get("refreshToken");
    }

    /** {@code send()}: refresh, upload, and on TokenExpiredError start over (as otumat does). */
    int send(List<String[]> rows) throws Exception {
      for (int attempt = 0; attempt < 5; attempt++) {
        assertThat(refresh().status()).isEqualTo(200);
        RawHttp.Response r = postEvents(rows);
        if (r.status() != 401 || !r.body().contains("TokenExpiredError")) {
          return r.status();
        }
      }
      throw new AssertionError("the access token expired five times in a row");
    }

    /** The event POST: {@code json.dumps(body)} through urllib. */
    RawHttp.Response postEvents(List<String[]> rows) throws Exception {
      List<String> r = new ArrayList<>();
      for (String[] row : rows) {
        r.add("[\"" + row[0] + "\", \"" + row[1] + "\"]");
      }
      String body =
          "{\"installId\": \""
              + installId
              + "\", \"headers\": [\"install_id\", \"event_date\", \"event_type\"], \"rows\": ["
              + String.join(", ", r)
              + "]}";
      return urllib(
          EVENT_ROUTE,
          body,
          "Content-type: application/json",
          "Authorization: Bearer " + accessToken);
    }

    /** {@code refresh_token()}: the Basic-authenticated refresh grant; keeps what it returns. */
    RawHttp.Response refresh() throws Exception {
      String basic =
          Base64.getEncoder()
              .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
      RawHttp.Response r =
          urllib(
              REFRESH_ROUTE,
              "grant_type=refresh_token&refresh_token=" + refreshToken,
              "Content-type: application/x-www-form-urlencoded",
              "Authorization: Basic " + basic);
      if (r.status() == 200) {
        JsonNode body = RunningServer.JSON.readTree(r.body());
        accessToken = body.get("access_token").asText();
        refreshToken = body.get("refresh_token").asText();
      }
      return r;
    }

    /** A POST as Python 3.11's {@code urllib.request.urlopen} writes it. */
    private RawHttp.Response urllib(String target, String body, String... headers)
        throws Exception {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      List<String> h = new ArrayList<>();
      h.add("Accept-Encoding: identity");
      h.add("Content-Length: " + bytes.length);
      h.add("User-Agent: Python-urllib/3.11");
      h.addAll(List.of(headers));
      h.add("Connection: close");
      return RawHttp.send(server.port(), "POST " + target + " HTTP/1.1", h, bytes);
    }
  }
}
