package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.server.alerts.AlertEvaluator;
import dev.upkeep.server.store.AlertRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The dashboard's Release health card in Debian's headless Chromium against a real collector that
 * was sent, through {@code POST /v1/events} as a client sends them, {@value #RUNS} tracked runs of
 * 1.0.0 five days ago (1 % failed, with KeyError) and {@value #RUNS} of 1.1.0 two days ago (10 %
 * failed, 30 of them with ValueError, new in 1.1.0); 1.0.0 is flagged. The card must list 1.1.0
 * above 1.0.0 with their runs, their failure rates and 95 % intervals as text, 1.1.0 as {@code
 * regressed vs 1.0.0} with ValueError as its new error type, the adoption of each, the flag and its
 * reason, the active and flagged users; each row's range bar must be drawn where its interval lies
 * on the scale both rows share. Without alert rules no alert and no error is shown. Once a {@code
 * failure-rate} rule added through the API has fired (the server's evaluator asked directly), the
 * card shows the alert above its rows and on 1.1.0's row, badge and summary, beside the version's
 * interval, with the flag the rule set. A project whose events have no finished run says so. The
 * charts are all still there. A failing test leaves {@code
 * target/ReleaseHealthBrowserIT-<test>-failure.png}; the first test leaves {@code
 * target/health-card.png} and {@code target/health-card-dark.png}, the alert test {@code
 * /tmp/health-card-alert.png}.
 */
class ReleaseHealthBrowserIT {
  private static final String PROJECT = "lab/tensorcheck";
  private static final String QUIET = "lab/quiet";
  private static final String FAST = "lab/fast";
  private static final int RUNS = 400;
  private static final String REASON = "Fails on NFS mounts.";

  @TempDir Path data;

  private HeadlessChromium chromium;
  private RunningServer server;
  private DashboardPage page;

  @RegisterExtension ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> chromium);

  @BeforeEach
  void start() throws IOException {
    chromium = HeadlessChromium.start(); // skips (or fails under CI=true) without Chromium
    chromium.driver().manage().window().setSize(new Dimension(1280, 1000));
    server = RunningServer.start(data);
    server.register(PROJECT, "1.0.0", "1.1.0");
    server.register(QUIET, "0.1.0");
    server.register(FAST, "1.9.0", "2.0.0");
    RawHttp.Response flag =
        server.admin(
            "PUT",
            "/v1/projects/" + PROJECT + "/versions/1.0.0/flag",
            "{\"reason\":\"" + REASON + "\",\"replacement\":\"1.1.0\"}");
    assertThat(flag.status()).as(flag.body()).isEqualTo(200);

    Instant now = Instant.now();
    List<Map<String, Object>> events = new ArrayList<>();
    // 1.0.0: 400 runs by 40 users five days ago, 4 failed with KeyError (1 %)
    for (int i = 0; i < RUNS; i++) {
      String error = i < 4 ? "KeyError" : null;
      run(events, "1.0.0", "u" + (i % 40), now.minus(Duration.ofDays(5)).plusSeconds(i), error);
    }
    // 1.1.0: 400 runs by 60 users two days ago, 40 failed (10 %): 30 ValueError, 10 KeyError
    for (int i = 0; i < RUNS; i++) {
      String error = i < 30 ? "ValueError" : i < 40 ? "KeyError" : null;
      run(events, "1.1.0", "w" + (i % 60), now.minus(Duration.ofDays(2)).plusSeconds(i), error);
    }
    // the quiet project: used, but no run ever finished
    for (int i = 0; i < 3; i++) {
      events.add(event(QUIET, "0.1.0", "q" + i, "q-" + i, now.minus(Duration.ofHours(i + 1))));
    }
    // the fast project: 2.0.0 first ran ten days ago; on its seventh day (four days ago) 3 users
    // ran it and 1 still ran 1.9.0 (first seen twelve days ago; its seventh day had no users)
    Instant noon = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
    run(events, FAST, "1.9.0", "old", noon.minus(Duration.ofDays(12)), null);
    run(events, FAST, "2.0.0", "n0", noon.minus(Duration.ofDays(10)), null);
    run(events, FAST, "1.9.0", "old", noon.minus(Duration.ofDays(4)), null);
    for (int i = 0; i < 3; i++) {
      run(events, FAST, "2.0.0", "n" + i, noon.minus(Duration.ofDays(4)).plusSeconds(i), null);
    }
    UsageFixture.post(server.url(), events);
    page = new DashboardPage(chromium.driver(), server.url());
  }

  @AfterEach
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void eachVersionShowsItsIntervalVerdictNewErrorsAdoptionAndFlag() throws Exception {
    page.open();
    page.signIn(server.masterToken);
    page.choose(PROJECT);
    page.ready(PROJECT);
    WebElement card = page.health(30);
    assertThat(card.getAttribute("data-health")).isEqualTo("ready");
    JsonNode health = health(30);

    List<Map<String, Object>> rows = rows();
    assertThat(rows).extracting(r -> r.get("version")).containsExactly("1.1.0", "1.0.0");
    Map<String, Object> newer = rows.get(0);
    Map<String, Object> older = rows.get(1);

    assertThat(newer.get("runs")).isEqualTo("400");
    assertThat(newer.get("rate")).isEqualTo("10.0% (7.4–13.3%)");
    assertThat(newer.get("verdict")).isEqualTo("regressed vs 1.0.0");
    assertThat(newer.get("state")).isEqualTo("regressed");
    assertThat(newer.get("newErrors")).isEqualTo(List.of("ValueError"));
    assertThat(newer.get("newErrorsText")).isEqualTo("ValueError (30)");
    assertThat(newer.get("adoption")).isEqualTo("60%");
    assertThat(newer.get("flag")).isNull();

    assertThat(older.get("runs")).isEqualTo("400");
    assertThat(older.get("rate")).isEqualTo("1.0% (0.4–2.5%)");
    assertThat(older.get("verdict")).as("nothing older to compare with").isEqualTo("–");
    assertThat(older.get("newErrors")).isEqualTo(List.of("KeyError"));
    assertThat(older.get("adoption")).isEqualTo("40%");
    assertThat(older.get("flag")).isEqualTo(REASON);

    assertThat(text("#health [data-health-total='active']"))
        .isEqualTo("Active users, last 7 days: 100");
    assertThat(text("#health [data-health-total='flagged']"))
        .isEqualTo("On flagged versions: 40 (40%)");
    assertThat(text("#health-summary"))
        .startsWith("1.1.0 regressed against 1.0.0: 10.0% of its 400 runs failed, against 1.0%.")
        .contains("Runs of the last 30 days");

    assertRangesDrawnWhereTheIntervalsLie(health);
    assertThat(
            page.js(
                "return document.getElementById('range').getBoundingClientRect().bottom"
                    + " <= document.getElementById('kpis').getBoundingClientRect().top"))
        .as("the card's styles leave the page's date range form as it was")
        .isEqualTo(true);

    assertThat(page.js("return document.querySelectorAll('#health .alert').length"))
        .as("no alerts: the project has no alert rules")
        .isEqualTo(0L);
    assertThat(page.js("return document.querySelector('#health .health-note')")).isNull();
    assertThat(page.js("return document.getElementById('message').hidden")).isEqualTo(true);
    assertThat(requests("/v1/projects/" + PROJECT + "/alerts"))
        .containsExactly("/v1/projects/" + PROJECT + "/alerts");
    assertThat(requests("/v1/projects/" + PROJECT + "/health"))
        .as("read once for the project and range")
        .containsExactly("/v1/projects/" + PROJECT + "/health?days=30");
    assertThat(page.chartIds())
        .containsExactly(
            "activity",
            "versions",
            "adoption",
            "flagged",
            "outcomes",
            "errors",
            "platforms",
            "containers",
            "ci");

    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "health-card.png"), card.getScreenshotAs(OutputType.BYTES));
    chromium
        .driver()
        .executeCdpCommand(
            "Emulation.setEmulatedMedia",
            Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(page.js("return getComputedStyle(document.body).backgroundColor"))
                    .isEqualTo("rgb(13, 17, 23)"));
    Files.write(Path.of("target", "health-card-dark.png"), card.getScreenshotAs(OutputType.BYTES));

    page.preset(PROJECT, 365);
    assertThat(page.health(365).getAttribute("data-health")).isEqualTo("ready");
    assertThat(requests("/v1/projects/" + PROJECT + "/health"))
        .endsWith("/v1/projects/" + PROJECT + "/health?days=365");
  }

  @Test
  void aFiredAlertShowsAboveTheRowsAndOnItsVersionBesideTheInterval() throws Exception {
    RawHttp.Response made =
        server.admin(
            "POST",
            "/v1/projects/" + PROJECT + "/alert-rules",
            "{\"when\":\"failure-rate\",\"then\":\"flag\"}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    long rule = RunningServer.JSON.readTree(made.body()).get("id").asLong();
    AlertEvaluator.Outcome outcome = server.server.alerting().evaluator().evaluateAll();
    assertThat(outcome.fired()).hasSize(1);
    AlertRecord fired = outcome.fired().get(0);
    assertThat(fired.version()).isEqualTo("1.1.0");
    String summary = fired.summary();
    assertThat(summary)
        .isEqualTo(
            PROJECT
                + " 1.1.0: failure rate 10.0% (7.4–13.3%) over 400 runs, above 1.0.0's 1.0%"
                + " (0.4–2.5%)");

    page.open();
    page.signIn(server.masterToken);
    page.choose(PROJECT);
    page.ready(PROJECT);
    WebElement card = page.health(30);
    assertThat(card.getAttribute("data-health")).isEqualTo("ready");

    // the top list of open alerts
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> listed =
        (List<Map<String, Object>>)
            page.js(
                "return [...document.querySelectorAll('#health .alert-list > li')].map(li => {"
                    + " const a = li.querySelector('.alert');"
                    + " return {id: a ? a.dataset.alert : null, state: a ? a.dataset.state : null,"
                    + " badge: a ? a.querySelector('.alert-badge').textContent : null,"
                    + " text: li.textContent}; });");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("id")).isEqualTo(Long.toString(fired.id()));
    assertThat(listed.get(0).get("state")).isEqualTo("firing");
    assertThat(listed.get(0).get("badge")).isEqualTo("firing");
    assertThat(listed.get(0).get("text")).isEqualTo("firing " + summary + " · 1.1.0");
    assertThat(
            page.js(
                "return document.querySelector('#health .alert-list').getAttribute('aria-label')"))
        .isEqualTo("Open alerts");

    // 1.1.0's row: its interval as text and as a range, its verdict, the alert's badge and summary
    // beside them, and the flag the rule set
    Map<String, Object> row = rows().get(0);
    assertThat(row.get("version")).isEqualTo("1.1.0");
    assertThat(row.get("rate")).isEqualTo("10.0% (7.4–13.3%)");
    assertThat(row.get("verdict")).isEqualTo("regressed vs 1.0.0");
    assertThat(row.get("flag"))
        .isEqualTo("1.1.0 fails 10.0% of runs (was 1.0% in 1.0.0): flagged by alert rule " + rule);
    @SuppressWarnings("unchecked")
    Map<String, Object> inRow =
        (Map<String, Object>)
            page.js(
                "const tr = document.querySelector('#health tbody tr[data-version=\"1.1.0\"]');"
                    + " const a = tr.querySelector('.verdict .alert');"
                    + " const r = tr.querySelector('.interval');"
                    + " return {state: a.dataset.state, title: a.title,"
                    + " badge: a.querySelector('.alert-badge').textContent,"
                    + " text: a.textContent, lower: Number(r.dataset.lower),"
                    + " upper: Number(r.dataset.upper), visible: a.getBoundingClientRect().height > 0"
                    + " && r.getBoundingClientRect().width > 0,"
                    + " others: document.querySelectorAll('#health tbody .alert').length};");
    assertThat(inRow.get("state")).isEqualTo("firing");
    assertThat(inRow.get("badge")).isEqualTo("firing");
    assertThat(inRow.get("text")).isEqualTo("firing " + summary);
    assertThat((String) inRow.get("title")).startsWith("failure-rate on 1.1.0, fired ");
    assertThat(inRow.get("visible")).isEqualTo(true);
    assertThat(inRow.get("others")).as("1.0.0 has no alert").isEqualTo(1L);
    JsonNode v = health(30).get("versions");
    JsonNode newer = v.get(0).get("version").asText().equals("1.1.0") ? v.get(0) : v.get(1);
    assertThat(number(inRow.get("lower"))).isEqualTo(newer.get("interval").get("lower").asDouble());
    assertThat(number(inRow.get("upper"))).isEqualTo(newer.get("interval").get("upper").asDouble());
    assertThat(page.js("return document.querySelector('#health .health-note')")).isNull();

    Files.write(Path.of("/tmp/health-card-alert.png"), card.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void firstWeekIsTheVersionsShareOfTheUsersOfItsSeventhDay() throws Exception {
    page.open();
    page.signIn(server.masterToken);
    page.choose(FAST);
    page.ready(FAST);
    assertThat(page.health(30).getAttribute("data-health")).isEqualTo("ready");
    LocalDate first = LocalDate.now(ZoneOffset.UTC).minusDays(10);
    String seventh =
        first.plusDays(6).format(DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US));

    assertThat(firstWeek("2.0.0"))
        .containsExactly(
            "75%",
            "Its share of the users of "
                + seventh
                + ", its seventh day (first seen "
                + first.format(DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US))
                + ")");
    assertThat(firstWeek("1.9.0").get(0)).isEqualTo("–");
    assertThat(firstWeek("1.9.0").get(1)).startsWith("No figure: its seventh day");
  }

  /** The first-week cell of VERSION's row: its text and its title. */
  @SuppressWarnings("unchecked")
  private List<String> firstWeek(String version) {
    return (List<String>)
        page.js(
            "const td = document.querySelector('#health tbody tr[data-version=\"' + arguments[0]"
                + " + '\"]').children[6]; return [td.textContent, td.title];",
            version);
  }

  @Test
  void aProjectWithoutFinishedRunsSaysSo() throws Exception {
    page.open();
    page.signIn(server.masterToken);
    page.choose(QUIET);
    page.ready(QUIET);
    WebElement card = page.health(30);
    assertThat(card.getAttribute("data-health")).isEqualTo("empty");
    assertThat(text("#health .health-empty")).isEqualTo("No finished runs in this range.");
    assertThat(page.js("return document.querySelector('#health table')")).isNull();
    assertThat(text("#health [data-health-total='active']"))
        .isEqualTo("Active users, last 7 days: 3");
    assertThat(page.chartIds()).hasSize(9);
  }

  /**
   * Each row's range: its bar from the lower to the upper bound and its tick at the estimate, as
   * set (style) and as drawn (the boxes Chromium laid out), on a scale from 0 that both rows share.
   */
  @SuppressWarnings("unchecked")
  private void assertRangesDrawnWhereTheIntervalsLie(JsonNode health) {
    List<Map<String, Object>> ranges =
        (List<Map<String, Object>>)
            page.js(
                "return [...document.querySelectorAll('#health tbody tr')].map(tr => {"
                    + " const r = tr.querySelector('.interval');"
                    + " const fill = r.querySelector('.interval-fill');"
                    + " const tick = r.querySelector('.interval-tick');"
                    + " const t = r.getBoundingClientRect();"
                    + " const f = fill.getBoundingClientRect();"
                    + " const k = tick.getBoundingClientRect();"
                    + " return {version: tr.dataset.version, end: Number(r.dataset.end),"
                    + " left: fill.style.left, width: fill.style.width, tick: tick.style.left,"
                    + " track: t.width, from: (f.left - t.left) / t.width,"
                    + " to: (f.right - t.left) / t.width,"
                    + " at: ((k.left + k.right) / 2 - t.left) / t.width}; });");
    Map<String, JsonNode> byVersion = new LinkedHashMap<>();
    health.get("versions").forEach(v -> byVersion.put(v.get("version").asText(), v));
    assertThat(ranges).extracting(r -> number(r.get("end"))).containsOnly(0.15);
    assertThat(text("#health .interval-axis")).isEqualTo("015%");
    for (Map<String, Object> r : ranges) {
      JsonNode v = byVersion.get((String) r.get("version"));
      double end = number(r.get("end"));
      double lower = v.get("interval").get("lower").asDouble() / end;
      double upper = v.get("interval").get("upper").asDouble() / end;
      double estimate = v.get("failure_rate").asDouble() / end;
      String what = "range of " + r.get("version");
      assertThat(percent(r.get("left"))).as(what + " left").isCloseTo(100 * lower, within(0.01));
      assertThat(percent(r.get("width")))
          .as(what + " width")
          .isCloseTo(100 * (upper - lower), within(0.01));
      assertThat(percent(r.get("tick"))).as(what + " tick").isCloseTo(100 * estimate, within(0.01));
      double pixel = 1.5 / number(r.get("track"));
      assertThat(number(r.get("from"))).as(what + " drawn from").isCloseTo(lower, within(pixel));
      assertThat(number(r.get("to"))).as(what + " drawn to").isCloseTo(upper, within(pixel));
      assertThat(number(r.get("at")))
          .as(what + " tick drawn at")
          .isCloseTo(estimate, within(pixel));
    }
    assertThat(number(ranges.get(0).get("from")))
        .as("1.1.0's bar starts right of where 1.0.0's ends: the intervals do not overlap")
        .isGreaterThan(number(ranges.get(1).get("to")));
  }

  /** The card's rows as shown, newest first. */
  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> rows() {
    return (List<Map<String, Object>>)
        page.js(
            "return [...document.querySelectorAll('#health tbody tr')].map(tr => {"
                + " const flag = tr.querySelector('.flag');"
                + " return {version: tr.dataset.version, state: tr.dataset.verdict,"
                + " runs: tr.children[1].textContent,"
                + " rate: tr.querySelector('.rate-text').textContent,"
                + " verdict: tr.querySelector('.verdict > span').textContent,"
                + " newErrors: [...tr.querySelectorAll('[data-error-type]')].map(c =>"
                + " c.dataset.errorType),"
                + " newErrorsText: tr.querySelector('.new-errors').textContent,"
                + " adoption: tr.children[5].textContent,"
                + " flag: flag ? flag.title : null}; });");
  }

  /** The collector's own health answer with the master token. */
  private JsonNode health(int days) throws IOException {
    RawHttp.Response r =
        server.admin("GET", "/v1/projects/" + PROJECT + "/health?days=" + days, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return RunningServer.JSON.readTree(r.body());
  }

  /** The paths and queries of the page's requests whose path starts with {@code path}, in order. */
  @SuppressWarnings("unchecked")
  private List<String> requests(String path) {
    return (List<String>)
        page.js(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name))"
                + ".filter(u => u.pathname.startsWith(arguments[0])).map(u => u.pathname + u.search);",
            path);
  }

  private String text(String selector) {
    return (String)
        page.js("return document.querySelector(arguments[0]).textContent.trim()", selector);
  }

  /** A tracked run as a client sends it: its start, then its end with the outcome. */
  /**
   * A run of {@link #PROJECT}'s VERSION, as {@link #run(List, String, String, String, Instant,
   * String)}.
   */
  private static void run(
      List<Map<String, Object>> events, String version, String user, Instant at, String error) {
    run(events, PROJECT, version, user, at, error);
  }

  private static void run(
      List<Map<String, Object>> events,
      String project,
      String version,
      String user,
      Instant at,
      String error) {
    String session = version + "-" + user + "-" + at.getEpochSecond();
    Map<String, Object> start = event(project, version, user, session, at);
    events.add(start);
    Map<String, Object> end = new LinkedHashMap<>(start);
    end.put("status", error == null ? "C" : "F");
    if (error != null) {
      end.put("error_type", error);
      end.put("error_desc", "failed on purpose");
    }
    events.add(end);
  }

  private static Map<String, Object> event(
      String project, String version, String user, String session, Instant at) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("project", project);
    e.put("version", version);
    e.put("user_id", user);
    e.put("session_id", session);
    e.put("platform", "linux");
    e.put("container", "none");
    e.put("is_ci", false);
    e.put("timestamp", at.toString());
    return e;
  }

  private static double number(Object o) {
    return ((Number) o).doubleValue();
  }

  private static double percent(Object css) {
    String s = (String) css;
    assertThat(s).endsWith("%");
    return Double.parseDouble(s.substring(0, s.length() - 1));
  }
}
