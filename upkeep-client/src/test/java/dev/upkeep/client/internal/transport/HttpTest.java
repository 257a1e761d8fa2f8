package dev.upkeep.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.client.internal.LocalHttpServer;
import dev.upkeep.client.internal.LocalHttpServer.Reply;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpTest {
  private static final String AGENT = "upkeep-client/0.1.0 mytool/2.3.0";

  private LocalHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Http http(int connectMillis, int readMillis) {
    return new Http(new Proxies(Map.of(), name -> null), connectMillis, readMillis, AGENT);
  }

  @Test
  void postSendsBodyAndHeadersAndReadsTheAnswer() throws IOException {
    server = LocalHttpServer.answering(202, "{\"received\":1}");
    byte[] body =
        "[{\"project\":\"owner/app\",\"version\":\"1.0\"}]".getBytes(StandardCharsets.UTF_8);

    Http.Response r =
        http(2_000, 2_000).exchange("POST", server.uri("/v1/events"), "application/json", body);

    assertThat(r.status).isEqualTo(202);
    assertThat(r.ok()).isTrue();
    assertThat(r.retryable()).isFalse();
    assertThat(r.body).isEqualTo("{\"received\":1}");
    assertThat(r.retryAfterMillis).isZero();
    LocalHttpServer.Request got = server.requests().get(0);
    assertThat(got.method).isEqualTo("POST");
    assertThat(got.target).isEqualTo("/v1/events");
    assertThat(got.body).isEqualTo("[{\"project\":\"owner/app\",\"version\":\"1.0\"}]");
    assertThat(got.header("User-Agent")).isEqualTo(AGENT);
    assertThat(got.header("Content-Type")).isEqualTo("application/json");
    assertThat(got.header("Content-Length")).isEqualTo(String.valueOf(body.length));
    assertThat(got.header("Accept")).isEqualTo("application/json");
  }

  @Test
  void getSendsNoBody() throws IOException {
    server = LocalHttpServer.answering(200, "{\"latest\":\"2.0\"}");

    Http.Response r =
        http(2_000, 2_000)
            .exchange("GET", server.uri("/v1/projects/owner/app/check?version=1.0"), null, null);

    assertThat(r.status).isEqualTo(200);
    assertThat(r.body).isEqualTo("{\"latest\":\"2.0\"}");
    LocalHttpServer.Request got = server.requests().get(0);
    assertThat(got.method).isEqualTo("GET");
    assertThat(got.path()).isEqualTo("/v1/projects/owner/app/check");
    assertThat(got.target).endsWith("?version=1.0");
    assertThat(got.body).isEmpty();
    assertThat(got.header("Content-Type")).isNull();
    assertThat(got.header("User-Agent")).isEqualTo(AGENT);
  }

  @Test
  void clientErrorStatusAndBodyAreRead() throws IOException {
    server = LocalHttpServer.answering(400, "{\"detail\":\"Project is not registered.\"}");

    Http.Response r =
        http(2_000, 2_000)
            .exchange(
                "POST",
                server.uri("/api/breadcrumb"),
                "application/json",
                "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(r.status).isEqualTo(400);
    assertThat(r.ok()).isFalse();
    assertThat(r.retryable()).isFalse();
    assertThat(r.body).isEqualTo("{\"detail\":\"Project is not registered.\"}");
  }

  @Test
  void retryAfterSecondsAreParsed() throws IOException {
    server =
        LocalHttpServer.start(
            r -> Reply.of(429, "{\"detail\":\"slow down\"}").header("Retry-After", "7"));

    Http.Response r = http(2_000, 2_000).exchange("GET", server.uri("/"), null, null);

    assertThat(r.status).isEqualTo(429);
    assertThat(r.retryable()).isTrue();
    assertThat(r.retryAfterMillis).isEqualTo(7_000);
    assertThat(r.body).isEqualTo("{\"detail\":\"slow down\"}");
  }

  @Test
  void retryAfterHeaderValues() {
    assertThat(Http.retryAfter(null)).isZero();
    assertThat(Http.retryAfter("120")).isEqualTo(120_000);
    assertThat(Http.retryAfter(" 3 ")).isEqualTo(3_000);
    assertThat(Http.retryAfter("0")).isZero();
    assertThat(Http.retryAfter("-5")).isZero();
    assertThat(Http.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT")).isZero();
    assertThat(Http.retryAfter("soon")).isZero();
  }

  @Test
  void redirectsAreNotFollowed() throws IOException {
    server =
        LocalHttpServer.start(
            r -> Reply.of(302, "").header("Location", "http://127.0.0.1:1/elsewhere"));

    Http.Response r = http(2_000, 2_000).exchange("GET", server.uri("/"), null, null);

    assertThat(r.status).isEqualTo(302);
    assertThat(server.requests()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503, 504})
  void retryableStatuses(int status) {
    assertThat(new Http.Response(status, 0, "").retryable()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 202, 204, 301, 400, 401, 403, 404, 408, 413, 422, 500, 501, 505})
  void otherStatusesAreNotRetryable(int status) {
    assertThat(new Http.Response(status, 0, "").retryable()).isFalse();
  }

  @Test
  void okMeans2xx() {
    for (int status : List.of(200, 201, 202, 204, 299)) {
      assertThat(new Http.Response(status, 0, "").ok()).as("%d", status).isTrue();
    }
    for (int status : List.of(199, 300, 302, 400, 500)) {
      assertThat(new Http.Response(status, 0, "").ok()).as("%d", status).isFalse();
    }
  }

  @Test
  void largeBodiesAreCutAtTheLimit() throws IOException {
    String big = "x".repeat(3 * Http.MAX_RESPONSE);
    server = LocalHttpServer.answering(200, big);

    Http.Response r = http(2_000, 2_000).exchange("GET", server.uri("/"), null, null);

    assertThat(r.body.length()).isBetween(Http.MAX_RESPONSE, Http.MAX_RESPONSE + 8192);
  }

  @Test
  void refusedConnectionThrowsAtOnce() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Http http = http(1_000, 1_000);
    URI closed = URI.create("http://127.0.0.1:" + port + "/v1/events");

    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                http.exchange(
                    "POST", closed, "application/json", "[]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ConnectException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_000));
  }

  @Test
  void silentServerTimesOutAfterTheReadTimeout() throws IOException {
    server = LocalHttpServer.start(r -> Reply.HOLD);
    Http http = http(1_000, 300);

    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                http.exchange(
                    "POST",
                    server.uri("/v1/events"),
                    "application/json",
                    "[]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SocketTimeoutException.class);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofMillis(1_200));
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void silentServerTimesOutForGetToo() throws IOException {
    server = LocalHttpServer.start(r -> Reply.HOLD);
    Http http = http(1_000, 300);

    long start = System.nanoTime();
    assertThatThrownBy(() -> http.exchange("GET", server.uri("/v1/projects/a/b/check"), null, null))
        .isInstanceOf(SocketTimeoutException.class);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofMillis(1_200));
  }
}
