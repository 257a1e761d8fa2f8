package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A project's public page ({@code /p/{owner}/{name}}) in Debian's headless Chromium, without a
 * token: the dashboard's aggregate charts drawn read-only, the groups of fewer than 5 users not
 * there (a version and a platform used by 3 users), nothing about runs' outcomes or errors.
 */
class PublicPageBrowserIT {
  private static final String PROJECT = "nipreps/fmriprep";

  @TempDir Path data;

  private HeadlessChromium chromium;
  private RunningServer server;

  @RegisterExtension ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> chromium);

  @BeforeEach
  void start() throws IOException {
    chromium = HeadlessChromium.start(); // skips (or fails under CI=true) without Chromium
    chromium.driver().manage().window().setSize(new Dimension(1280, 1000));
    server = RunningServer.start(data);
    server.register(PROJECT, "1.0.0", "2.0.0");
    // yesterday: 9 users on linux with 2.0.0 and 3 on win32 with 1.0.0, a run each
    Instant yesterday = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(12));
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("project", PROJECT);
      e.put("version", i < 9 ? "2.0.0" : "1.0.0");
      e.put("platform", i < 9 ? "linux" : "win32");
      e.put("user_id", "user-" + i);
      e.put("status", i == 11 ? "F" : "C");
      if (i == 11) {
        e.put("error_type", "SecretError");
      }
      e.put("timestamp", yesterday.toString());
      events.add(e);
    }
    UsageFixture.post(server.url(), events);
    RawHttp.Response on =
        server.admin("PUT", "/v1/projects/" + PROJECT + "/public-page", "{\"enabled\":true}");
    assertThat(on.status()).as(on.body()).isEqualTo(200);
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
  void showsTheAggregateChartsWithSmallGroupsLeftOut() {
    chromium.driver().get(server.url() + "/p/" + PROJECT + "?days=30");
    new WebDriverWait(chromium.driver(), Duration.ofSeconds(20))
        .withMessage(() -> chromium.driver().findElement(By.tagName("body")).getText())
        .until(d -> "ready".equals(d.findElement(By.id("dashboard")).getAttribute("data-state")));
    DashboardPage page = new DashboardPage(chromium.driver(), server.url());
    assertThat(page.chartIds())
        .containsExactly(
            "activity", "versions", "adoption", "flagged", "platforms", "containers", "ci");
    assertThat(chromium.driver().findElement(By.id("project-title")).getText()).isEqualTo(PROJECT);
    assertThat(page.kpis()).containsEntry("users", "12").containsEntry("runs", "12");

    DashboardPage.Chart platforms = page.chart("platforms");
    assertThat(platforms.state()).isEqualTo("drawn");
    assertThat(platforms.rows()).hasSize(1);
    assertThat(platforms.rows().get(0).subList(0, 2)).containsExactly("linux", "9");
    assertThat(page.chart("versions").columns()).contains("2.0.0").doesNotContain("1.0.0");
    assertThat(page.chart("activity").total()).isEqualTo(12);
    String text = chromium.driver().findElement(By.tagName("body")).getText();
    assertThat(text)
        .contains("fewer than 5 users")
        .doesNotContain("win32")
        .doesNotContain("SecretError")
        .doesNotContain("Sign in");
  }
}
