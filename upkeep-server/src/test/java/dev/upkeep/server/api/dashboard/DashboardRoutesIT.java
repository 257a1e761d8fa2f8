package dev.upkeep.server.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /} for browsers and for JSON clients, and the dashboard's files. */
class DashboardRoutesIT {
  private static final String BROWSER_ACCEPT =
      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  @TempDir Path dir;
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(dir, Duration.ofHours(1));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void browsersGetThePageWithAContentSecurityPolicy() throws Exception {
    HttpResponse<String> r = server.get("/", "Accept", BROWSER_ACCEPT);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(r.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
    assertThat(r.headers().firstValue("Vary")).hasValue("Accept");
    assertThat(r.body())
        .contains("<title>Upkeep dashboard</title>")
        .contains("/dashboard/vendor/chart.umd.min.js")
        .doesNotContain("http://", "https://");
  }

  @Test
  void jsonClientsAndCurlStillGetTheDescription() throws Exception {
    for (String accept : new String[] {"application/json", "*/*", "application/json, text/html"}) {
      HttpResponse<String> r = server.get("/", "Accept", accept);
      assertThat(r.headers().firstValue("Content-Type"))
          .as(accept)
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      assertThat(r.body()).contains("\"graphql\":\"/graphql\"");
    }
    assertThat(server.get("/").body()).contains("\"health\":\"/v1/health\"");
  }

  @Test
  void servesEveryModuleAndChartJsFromTheClassPath() throws Exception {
    for (String f : DashboardAssets.FILES) {
      HttpResponse<String> r = server.get("/dashboard/" + f);
      assertThat(r.statusCode()).as(f).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue(Asset.contentType(f));
    }
    HttpResponse<String> chart = server.get("/dashboard/" + DashboardAssets.CHART_JS);
    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.body()).contains("Chart.js v").hasSizeGreaterThan(100_000);
  }

  @Test
  void answers304ToItsOwnETagAnd404ToUnknownFiles() throws Exception {
    HttpResponse<String> first = server.get("/dashboard/main.js");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
    HttpResponse<String> again = server.get("/dashboard/main.js", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(server.get("/dashboard/../pom.xml").statusCode()).isEqualTo(404);
    assertThat(server.get("/dashboard/nothing.js").statusCode()).isEqualTo(404);
  }

  @Test
  void everyFileTheModulesImportIsServed() throws Exception {
    for (String f : DashboardAssets.FILES) {
      if (!f.endsWith(".js")) {
        continue;
      }
      String text = server.get("/dashboard/" + f).body();
      var m = java.util.regex.Pattern.compile("from '\\./([a-z]+\\.js)'").matcher(text);
      while (m.find()) {
        assertThat(DashboardAssets.FILES).as(f + " imports " + m.group(1)).contains(m.group(1));
      }
    }
  }
}
