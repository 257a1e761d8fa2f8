package dev.upkeep.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What every packaging of the collector must do once it listens: answer {@code /v1/health}, and
 * store a migas breadcrumb that its own {@code upkeep} command then counts.
 */
final class Collector {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Runs one {@code upkeep} command line, as the packaging under test runs it. */
  @FunctionalInterface
  interface Upkeep {
    Installation.Result run(String... args) throws IOException, InterruptedException;
  }

  private Collector() {}

  /**
   * Health, then {@code project register}, a breadcrumb over HTTP and {@code usage} through {@code
   * upkeep}, which must count it.
   */
  static void answersAndStoresABreadcrumb(String url, String masterToken, Upkeep upkeep)
      throws IOException, InterruptedException {
    HttpResponse<String> health = get(url + "/v1/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\"");

    Installation.Result register =
        upkeep.run(
            "project", "register", "nipreps/nipreps", "--server", url, "--token", masterToken);
    assertThat(register.code()).as(register.err()).isZero();

    HttpResponse<String> crumb =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url + "/api/breadcrumb"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"project\":\"nipreps/nipreps\",\"project_version\":\"1.0.0\","
                            + "\"ctx\":{\"platform\":\"linux\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(crumb.statusCode()).as(crumb.body()).isEqualTo(202);

    Installation.Result usage =
        upkeep.run(
            "usage",
            "nipreps/nipreps",
            "--from",
            "2020-01-01",
            "--server",
            url,
            "--token",
            masterToken);
    assertThat(usage.code()).as(usage.err()).isZero();
    assertThat(usage.out()).startsWith("nipreps/nipreps hits ").endsWith(": 1\n");
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
