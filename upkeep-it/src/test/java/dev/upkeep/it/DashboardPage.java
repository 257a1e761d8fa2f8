package dev.upkeep.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as a test drives it: sign in, pick a project, change the range, read what each
 * chart shows. The numbers are read from the page itself: each chart's accessible table (the same
 * rows its exports hold), its {@code data-total}, and what Chart.js drew.
 */
final class DashboardPage {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final WebDriver driver;
  private final String url;

  DashboardPage(WebDriver driver, String url) {
    this.driver = driver;
    this.url = url;
  }

  /** What one chart shows: its total, its table's columns and rows, and Chart.js's datasets. */
  record Chart(
      String id,
      long total,
      String state,
      String label,
      List<String> columns,
      List<List<String>> rows,
      List<List<Number>> drawn) {}

  void open() {
    driver.get(url + "/");
    until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
  }

  void signIn(String token) {
    WebElement field = until(ExpectedConditions.elementToBeClickable(By.id("token")));
    field.clear();
    field.sendKeys(token);
    driver.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
  }

  /** The visible message (errors), waiting for it to say something. */
  String message() {
    return until(
        d -> {
          WebElement m = d.findElement(By.id("message"));
          return m.isDisplayed() && !m.getText().isBlank() ? m.getText() : null;
        });
  }

  /** The project picker's choices (master token). */
  List<String> projects() {
    WebElement select =
        until(ExpectedConditions.visibilityOfElementLocated(By.id("project-select")));
    return new Select(select).getOptions().stream().map(WebElement::getText).toList();
  }

  void choose(String project) {
    new Select(driver.findElement(By.id("project-select"))).selectByVisibleText(project);
  }

  /** Opens a project by name (project token: the page asks for it). */
  void openByName(String project) {
    WebElement name = until(ExpectedConditions.visibilityOfElementLocated(By.id("project-name")));
    name.clear();
    name.sendKeys(project);
    driver.findElement(By.cssSelector("#project-form button[type=submit]")).click();
  }

  /** Waits until the dashboard shows {@code project} with every chart drawn; returns its range. */
  Map<String, String> ready(String project) {
    return until(
        d -> {
          @SuppressWarnings("unchecked")
          Map<String, String> data =
              (Map<String, String>)
                  js(
                      "const d = document.getElementById('dashboard');"
                          + " return d.hidden ? null : {project: d.dataset.project, state:"
                          + " d.dataset.state, first: d.dataset.first, last: d.dataset.last, from:"
                          + " d.dataset.from, to: d.dataset.to};");
          return data != null
                  && project.equals(data.get("project"))
                  && "ready".equals(data.get("state"))
              ? data
              : null;
        });
  }

  /** Clicks a range preset and waits for the charts of the new range. */
  Map<String, String> preset(String project, int days) {
    String before = ready(project).get("first");
    driver.findElement(By.cssSelector("#range [data-days='" + days + "']")).click();
    until(d -> !before.equals(js("return document.getElementById('dashboard').dataset.first")));
    return ready(project);
  }

  /** Enters a custom range (first and last day, YYYY-MM-DD) and waits for its charts. */
  Map<String, String> custom(String project, String first, String last) {
    js(
        "document.getElementById('range-from').value = arguments[0];"
            + " document.getElementById('range-to').value = arguments[1];",
        first,
        last);
    driver.findElement(By.id("range-apply")).click();
    until(d -> first.equals(js("return document.getElementById('dashboard').dataset.first")));
    return ready(project);
  }

  /** The usage requests the page made so far (paths and queries), in order. */
  @SuppressWarnings("unchecked")
  List<String> usageRequests() {
    return (List<String>)
        js(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name))"
                + ".filter(u => u.pathname.includes('/usage')).map(u => u.pathname + u.search);");
  }

  /** The ids of the charts on the page, in order. */
  @SuppressWarnings("unchecked")
  List<String> chartIds() {
    return (List<String>)
        js("return [...document.querySelectorAll('[data-chart]')].map(c => c.dataset.chart);");
  }

  /** What the chart {@code id} shows. */
  @SuppressWarnings("unchecked")
  Chart chart(String id) {
    Map<String, Object> m =
        (Map<String, Object>)
            js(
                "const c = document.querySelector(`[data-chart='${arguments[0]}']`);"
                    + " const canvas = c.querySelector('canvas');"
                    + " const drawn = window.Chart.getChart(canvas);"
                    + " return {total: c.dataset.total, state: c.dataset.state,"
                    + " label: canvas.getAttribute('aria-label'),"
                    + " columns: [...c.querySelectorAll('thead th')].map(t => t.textContent),"
                    + " rows: [...c.querySelectorAll('tbody tr')].map(tr => [...tr.children].map("
                    + "(td, i) => i === 0 ? td.textContent : td.dataset.value)),"
                    + " drawn: drawn ? drawn.data.datasets.map(d => d.data) : null};",
                id);
    return new Chart(
        id,
        Long.parseLong((String) m.get("total")),
        (String) m.get("state"),
        (String) m.get("label"),
        (List<String>) m.get("columns"),
        (List<List<String>>) m.get("rows"),
        (List<List<Number>>) m.get("drawn"));
  }

  /**
   * The Releases view's table as shown: one row per release, newest first, each its cells' texts
   * (release, published, size, files, signed, yanked, downloads); empty when there is no table.
   */
  @SuppressWarnings("unchecked")
  List<List<String>> releases() {
    return (List<List<String>>)
        js(
            "return [...document.querySelectorAll('#release-list tbody tr')].map("
                + "tr => [...tr.children].map(c => c.textContent));");
  }

  /** The Releases view's visible text: its summary, or the line saying there are none. */
  String releasesText() {
    return driver.findElement(By.id("release-list")).getText();
  }

  /**
   * The Release health card once it has been read for the window of {@code days} days: its state
   * ({@code ready}, {@code empty} or {@code error}) is its {@code data-health} attribute.
   */
  WebElement health(int days) {
    return until(
        d -> {
          List<WebElement> cards = d.findElements(By.cssSelector("#health .health-card"));
          if (cards.isEmpty()) {
            return null;
          }
          WebElement c = cards.get(0);
          return String.valueOf(days).equals(c.getAttribute("data-days"))
                  && !"loading".equals(c.getAttribute("data-health"))
              ? c
              : null;
        });
  }

  /** The headline tiles' texts by id. */
  @SuppressWarnings("unchecked")
  Map<String, String> kpis() {
    return (Map<String, String>)
        js(
            "return Object.fromEntries([...document.querySelectorAll('[data-kpi]')].map("
                + "k => [k.dataset.kpi, k.querySelector('.kpi-value').textContent]));");
  }

  /** Clicks a chart's export button ({@code csv} or {@code json}). */
  void export(String chart, String format) {
    driver
        .findElement(By.cssSelector("[data-chart='" + chart + "'] [data-export='" + format + "']"))
        .click();
  }

  void signOut() {
    driver.findElement(By.id("sign-out")).click();
    until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private <T> T until(java.util.function.Function<? super WebDriver, T> condition) {
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    wait.withMessage(
        () ->
            "the dashboard at "
                + driver.getCurrentUrl()
                + " shows: "
                + driver.findElement(By.tagName("body")).getText());
    return wait.until(condition);
  }
}
