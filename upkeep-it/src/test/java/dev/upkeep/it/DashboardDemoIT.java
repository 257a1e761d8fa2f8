package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.demo.Demo;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.jdbc.JdbcStores;
import dev.upkeep.server.store.jdbc.SqliteSynchronous;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;

/**
 * The dashboard over {@code upkeep demo} data (many versions, flags, platforms, containers, CI and
 * failures, a year of it): every chart of the biggest project is drawn, none says the collector
 * failed, and a screenshot is left in {@code target/dashboard-demo.png}. With {@code
 * -Dupkeep.docs.screenshot=PATH} (e.g. {@code ../docs/dashboard.png}) the screenshot is also copied
 * there: that is how the README's picture is made.
 */
class DashboardDemoIT {
  private static final long EVENTS = 150_000;
  private static final Path SCREENSHOT = Path.of("target", "dashboard-demo.png");

  @TempDir Path data;

  private HeadlessChromium chromium;
  private RunningServer server;

  @RegisterExtension ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> chromium);

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
  void drawsEveryChartOfTheBiggestDemoProject() throws IOException {
    chromium = HeadlessChromium.start(); // skips (or fails under CI=true) without Chromium
    Demo.Summary demo;
    try (Store store = JdbcStores.sqlite(data, SqliteSynchronous.OFF)) {
      demo = Demo.builder().events(EVENTS).build().fill(store, n -> {});
    }
    String project = demo.biggest().get(0).name();
    server = RunningServer.start(data);
    chromium.driver().manage().window().setSize(new Dimension(1280, 1000));

    DashboardPage page = new DashboardPage(chromium.driver(), server.url());
    page.open();
    page.signIn(server.masterToken);
    assertThat(page.projects()).hasSize(demo.projects()).contains(project);
    page.choose(project);
    page.ready(project);
    Map<String, String> range = page.preset(project, 90);

    assertThat(page.js("return document.getElementById('message').hidden")).isEqualTo(true);
    for (String id : page.chartIds()) {
      DashboardPage.Chart c = page.chart(id);
      assertThat(c.state()).as(id).isEqualTo("drawn");
      assertThat(c.rows()).as(id).isNotEmpty();
    }
    assertThat(page.chart("activity").rows()).hasSize(90);
    assertThat(page.chart("activity").label()).contains(range.get("first"), range.get("last"));

    page.js("document.documentElement.style.overflow = 'hidden'"); // no scroll bar in the picture
    long height = (Long) page.js("return document.documentElement.scrollHeight");
    chromium.driver().manage().window().setSize(new Dimension(1280, (int) height + 140));
    chromium.screenshot(SCREENSHOT);
    String docs = System.getProperty("upkeep.docs.screenshot");
    if (docs != null && !docs.isBlank()) {
      Files.copy(SCREENSHOT, Path.of(docs), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
