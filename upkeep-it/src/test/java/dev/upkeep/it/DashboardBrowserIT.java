package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;

/**
 * The dashboard in Debian's headless Chromium against a real collector holding a known stream of
 * events ({@link UsageFixture}, posted through {@code /v1/events}): sign in, open a project, and
 * every chart shows the numbers the usage API answers for the page's own range (read back from each
 * chart's accessible table, its total and what Chart.js drew, compared with the API's answer
 * fetched here); then other ranges, CSV and JSON exports (files the browser downloaded), project
 * tokens, bad tokens and dark mode. A failing test leaves {@code
 * target/DashboardBrowserIT-<test>-failure.png}; the main test leaves {@code target/dashboard.png}.
 */
class DashboardBrowserIT {
  private static final String PROJECT = "nipreps/fmriprep";
  private static final String LATEST = "2.0.0";
  private static final String FLAGGED = "1.1.0";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Map<String, String> OUTCOMES =
      Map.of("succeeded", "C", "failed", "F", "suspended", "S");

  @TempDir Path data;
  @TempDir Path downloads;

  private HeadlessChromium chromium;
  private RunningServer server;
  private DashboardPage page;

  @RegisterExtension ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> chromium);

  @BeforeEach
  void start() throws IOException {
    chromium = HeadlessChromium.start(); // skips (or fails under CI=true) without Chromium
    chromium.driver().manage().window().setSize(new Dimension(1280, 1000));
    chromium
        .driver()
        .executeCdpCommand(
            "Browser.setDownloadBehavior",
            Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    server = RunningServer.start(data);
    server.register(PROJECT, UsageFixture.VERSIONS.toArray(String[]::new));
    RawHttp.Response flag =
        server.admin(
            "PUT",
            "/v1/projects/" + PROJECT + "/versions/" + FLAGGED + "/flag",
            "{\"reason\":\"Writes corrupt outputs.\",\"replacement\":\"" + LATEST + "\"}");
    assertThat(flag.status()).as(flag.body()).isEqualTo(200);
    UsageFixture.post(server.url(), UsageFixture.events(PROJECT, Instant.now(), 6));
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
  void everyChartShowsWhatTheApiAnswersForEveryRange() throws Exception {
    page.open();
    page.signIn(server.masterToken);
    assertThat(page.projects()).containsExactly(PROJECT);
    Map<String, String> range = page.ready(PROJECT);
    assertThat(range.get("first"))
        .isEqualTo(LocalDate.parse(range.get("last")).minusDays(29).toString());
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
    assertChartsShowTheApi(range);
    assertThat(page.usageRequests())
        .as("every usage question of the view in one request")
        .singleElement()
        .asString()
        .contains("/usage/view?")
        .contains("q=usersByDay")
        .contains("q=runsByErrorType");
    long runs30 = page.chart("outcomes").total();

    range = page.preset(PROJECT, 90);
    assertThat(range.get("first"))
        .isEqualTo(LocalDate.parse(range.get("last")).minusDays(89).toString());
    assertChartsShowTheApi(range);
    assertThat(page.chart("outcomes").total()).isGreaterThan(runs30);

    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    range = page.custom(PROJECT, today.minusDays(20).toString(), today.minusDays(14).toString());
    assertThat(page.chart("activity").rows()).hasSize(7);
    assertChartsShowTheApi(range);

    page.preset(PROJECT, 30);
    resizeToPage();
    chromium.screenshot(Path.of("target", "dashboard.png"));
  }

  @Test
  void exportsEachChartsNumbersAsCsvAndJsonFiles() throws Exception {
    page.open();
    page.signIn(server.masterToken);
    Map<String, String> range = page.ready(PROJECT);
    String stem = "nipreps_fmriprep-activity-" + range.get("first") + "-" + range.get("last");

    page.export("activity", "csv");
    List<String> csv = Files.readAllLines(downloaded(stem + ".csv"));
    DashboardPage.Chart activity = page.chart("activity");
    List<String> expected = new ArrayList<>(List.of("day,users,runs"));
    activity.rows().forEach(r -> expected.add(String.join(",", r)));
    assertThat(csv).containsExactlyElementsOf(expected);
    assertThat(csv).hasSize(31);

    page.export("activity", "json");
    JsonNode json = RunningServer.JSON.readTree(downloaded(stem + ".json").toFile());
    assertThat(json.get("project").asText()).isEqualTo(PROJECT);
    assertThat(json.get("total").get("value").asLong()).isEqualTo(activity.total());
    assertThat(json.get("rows")).hasSize(30);
    JsonNode lastRow = json.get("rows").get(29);
    assertThat(lastRow.get("day").asText()).isEqualTo(range.get("last"));
    assertThat(lastRow.get("users").asText()).isEqualTo(activity.rows().get(29).get(1));

    page.export("flagged", "csv");
    List<String> flagged =
        Files.readAllLines(
            downloaded(
                "nipreps_fmriprep-flagged-"
                    + range.get("first")
                    + "-"
                    + range.get("last")
                    + ".csv"));
    assertThat(flagged.get(0)).isEqualTo("version,users,reason,replacement");
    assertThat(flagged.get(1))
        .startsWith(FLAGGED + ",")
        .endsWith(",Writes corrupt outputs.," + LATEST);
  }

  @Test
  void aProjectTokenAsksForItsProjectAndReadsNoOther() throws Exception {
    server.register("someone/else", "0.1.0");
    RawHttp.Response issued =
        server.admin("POST", "/v1/tokens", "{\"project\":\"" + PROJECT + "\"}");
    String token = RunningServer.JSON.readTree(issued.body()).get("token").asText();

    page.open();
    page.signIn("m_not-a-token");
    assertThat(page.message()).contains("unknown or was revoked");

    page.signIn(token);
    page.openByName(PROJECT);
    Map<String, String> range = page.ready(PROJECT);
    assertThat(page.chart("activity").total())
        .isEqualTo(usage(range, "metric=users&by=day").get("hits").asLong());

    page.openByName("someone/else");
    assertThat(page.message()).contains("cannot read someone/else");
    assertThat(page.chartIds()).as("no charts of the previous project").isEmpty();

    page.signOut();
    assertThat(page.js("return sessionStorage.length")).isEqualTo(0L);
  }

  @Test
  void darkModeRedrawsInDarkColours() throws Exception {
    page.open();
    page.signIn(server.masterToken);
    page.ready(PROJECT);
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
    assertThat(
            page.js(
                "return window.Chart.getChart(document.querySelector('canvas')).options.scales.y.grid.color"))
        .isEqualTo("#262d36");
    resizeToPage();
    chromium.screenshot(Path.of("target", "dashboard-dark.png"));
  }

  /** Compares every chart with the usage API's answer for the page's range. */
  private void assertChartsShowTheApi(Map<String, String> range) throws Exception {
    JsonNode usersByDay = usage(range, "metric=users&by=day");
    JsonNode runsByDay = usage(range, "metric=runs&by=day");
    JsonNode byVersion = usage(range, "metric=users&by=version&over=day");
    JsonNode byStatus = usage(range, "metric=runs&by=status&over=day");
    JsonNode errors = usage(range, "metric=runs&by=error_type");
    Map<String, Map<String, Long>> versionDays = series(byVersion);

    for (String id : page.chartIds()) {
      DashboardPage.Chart c = page.chart(id);
      assertThat(c.label()).as(id + " accessible name").contains(range.get("first"));
      if (!"empty".equals(c.state())) {
        assertThat(c.drawn()).as(id + " drawn").isNotNull();
      }
    }

    DashboardPage.Chart activity = page.chart("activity");
    assertThat(activity.total()).isEqualTo(usersByDay.get("hits").asLong());
    assertThat(activity.rows()).containsExactlyElementsOf(rows(usersByDay, runsByDay));
    assertThat(activity.drawn().get(0)).hasSize(usersByDay.get("buckets").size());
    assertThat(sum(activity.drawn().get(1))).isEqualTo(runsByDay.get("hits").asLong());

    DashboardPage.Chart versions = page.chart("versions");
    assertThat(versions.total()).isEqualTo(byVersion.get("buckets").size());
    List<String> shown = versions.columns().subList(1, versions.columns().size());
    assertThat(shown).containsExactlyInAnyOrderElementsOf(versionDays.keySet());
    for (List<String> row : versions.rows()) {
      for (int i = 0; i < shown.size(); i++) {
        assertThat(Long.parseLong(row.get(i + 1)))
            .as("users of %s on %s", shown.get(i), row.get(0))
            .isEqualTo(versionDays.get(shown.get(i)).getOrDefault(row.get(0), 0L));
      }
    }

    DashboardPage.Chart adoption = page.chart("adoption");
    Map<String, Long> latestDays = versionDays.getOrDefault(LATEST, Map.of());
    Map<String, Long> activeDays = counts(usersByDay);
    assertThat(adoption.total()).isEqualTo(counts(byVersion).getOrDefault(LATEST, 0L));
    for (List<String> row : adoption.rows()) {
      assertThat(Long.parseLong(row.get(1))).isEqualTo(latestDays.getOrDefault(row.get(0), 0L));
      assertThat(Long.parseLong(row.get(2))).isEqualTo(activeDays.get(row.get(0)));
    }

    DashboardPage.Chart flagged = page.chart("flagged");
    long onFlagged = counts(byVersion).getOrDefault(FLAGGED, 0L);
    assertThat(flagged.total()).isEqualTo(onFlagged);
    if (onFlagged > 0) {
      assertThat(flagged.rows())
          .containsExactly(
              List.of(FLAGGED, Long.toString(onFlagged), "Writes corrupt outputs.", LATEST));
    }

    DashboardPage.Chart outcomes = page.chart("outcomes");
    assertThat(outcomes.total()).isEqualTo(byStatus.get("hits").asLong());
    Map<String, Map<String, Long>> statusDays = series(byStatus);
    for (List<String> row : outcomes.rows()) {
      for (int i = 1; i < outcomes.columns().size(); i++) {
        String status = OUTCOMES.get(outcomes.columns().get(i));
        assertThat(Long.parseLong(row.get(i)))
            .as("%s runs on %s", status, row.get(0))
            .isEqualTo(statusDays.get(status).getOrDefault(row.get(0), 0L));
      }
    }

    DashboardPage.Chart errorTypes = page.chart("errors");
    Map<String, Long> errorCounts = counts(errors);
    errorCounts.remove("unknown");
    errorCounts.values().removeIf(n -> n == 0);
    assertThat(keyCounts(errorTypes)).isEqualTo(errorCounts);
    assertThat(errorTypes.total()).isEqualTo(errorCounts.values().stream().mapToLong(n -> n).sum());

    for (String[] share :
        new String[][] {{"platforms", "platform"}, {"containers", "container"}, {"ci", "ci"}}) {
      JsonNode answer = usage(range, "metric=users&by=" + share[1]);
      Map<String, Long> expected = counts(answer);
      expected.values().removeIf(n -> n == 0);
      if (share[1].equals("ci")) {
        expected = rename(expected, Map.of("true", "CI", "false", "not CI"));
      }
      DashboardPage.Chart c = page.chart(share[0]);
      assertThat(c.total()).as(share[0]).isEqualTo(answer.get("hits").asLong());
      assertThat(keyCounts(c)).as(share[0]).isEqualTo(expected);
      assertThat(sum(c.drawn().get(0)))
          .isEqualTo(expected.values().stream().mapToLong(n -> n).sum());
    }

    Map<String, String> kpis = page.kpis();
    long runs = runsByDay.get("hits").asLong();
    assertThat(kpis.get("runs")).isEqualTo(runs < 1000 ? Long.toString(runs) : kpis.get("runs"));
  }

  /** GETs the usage API with the master token over the page's range. */
  private JsonNode usage(Map<String, String> range, String question) throws Exception {
    String path =
        "/v1/projects/"
            + PROJECT
            + "/usage?from="
            + URLEncoder.encode(range.get("from"), StandardCharsets.UTF_8)
            + "&to="
            + URLEncoder.encode(range.get("to"), StandardCharsets.UTF_8)
            + "&"
            + question;
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + server.masterToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return RunningServer.JSON.readTree(r.body());
  }

  /** The file the browser downloaded, once it is complete. */
  private Path downloaded(String name) {
    Path file = downloads.resolve(name);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                Files.isRegularFile(file)
                    && !Files.exists(downloads.resolve(name + ".crdownload"))
                    && Files.size(file) > 0);
    return file;
  }

  private void resizeToPage() {
    page.js("document.documentElement.style.overflow = 'hidden'"); // no scroll bar in the picture
    long height = (Long) page.js("return document.documentElement.scrollHeight");
    chromium.driver().manage().window().setSize(new Dimension(1280, (int) height + 140));
  }

  private static List<List<String>> rows(JsonNode users, JsonNode runs) {
    Map<String, Long> r = counts(runs);
    List<List<String>> out = new ArrayList<>();
    for (JsonNode b : users.get("buckets")) {
      String day = b.get("key").asText();
      out.add(List.of(day, b.get("count").asText(), Long.toString(r.getOrDefault(day, 0L))));
    }
    return out;
  }

  private static Map<String, Long> counts(JsonNode answer) {
    Map<String, Long> out = new LinkedHashMap<>();
    answer.get("buckets").forEach(b -> out.put(b.get("key").asText(), b.get("count").asLong()));
    return out;
  }

  private static Map<String, Map<String, Long>> series(JsonNode answer) {
    Map<String, Map<String, Long>> out = new HashMap<>();
    for (JsonNode b : answer.get("buckets")) {
      Map<String, Long> days = new HashMap<>();
      b.get("series").forEach(p -> days.put(p.get("key").asText(), p.get("count").asLong()));
      out.put(b.get("key").asText(), days);
    }
    return out;
  }

  private static Map<String, Long> keyCounts(DashboardPage.Chart c) {
    Map<String, Long> out = new LinkedHashMap<>();
    c.rows().forEach(r -> out.put(r.get(0), Long.parseLong(r.get(1))));
    return out;
  }

  private static Map<String, Long> rename(Map<String, Long> m, Map<String, String> names) {
    Map<String, Long> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(names.getOrDefault(k, k), v));
    return out;
  }

  private static long sum(List<Number> values) {
    return values.stream().mapToLong(Number::longValue).sum();
  }
}
