package dev.upkeep.server.http;

import static dev.upkeep.server.http.RawHttp.concat;
import static dev.upkeep.server.http.RawHttp.head;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.upkeep.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14 item 3 on the wire: requests with broken framing, invalid UTF-8, huge headers and huge
 * bodies, sent over a raw socket to every body-reading endpoint of a real collector. Each is
 * answered 4xx or with a closed connection, never 5xx; the answer holds no internal message; the
 * log gets no stack trace and at most one line per request.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MalformedRequestsIT {
  static final List<String> PATHS =
      List.of(
          "/v1/events",
          "/api/breadcrumb",
          "/graphql",
          "/usagestats/nipreps/fmriprep",
          "/otumat/nipreps/fmriprep/api/usage-event",
          "/v1/projects");

  @TempDir Path data;
  TestServer server;
  LogCapture log;

  @BeforeEach
  void start() {
    server = TestServer.start(data, Duration.ofMinutes(10));
    server.register("nipreps/fmriprep");
    log = new LogCapture();
  }

  @AfterEach
  void stop() {
    log.close();
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz", "-1", "fffffffffffffffffffff", "1;\u0000"})
  void brokenChunkSizes(String size) throws Exception {
    for (String path : PATHS) {
      byte[] request =
          concat(
              head(
                  "POST " + path + " HTTP/1.1",
                  "Host: localhost",
                  "Content-Type: application/json",
                  "Transfer-Encoding: chunked",
                  "Connection: close"),
              (size + "\r\n{\"a\":1}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      assertRefused(path, RawHttp.exchange(server.server.port(), request, false));
    }
    assertQuietLog(PATHS.size());
  }

  @Test
  void aChunkShorterThanItsSizeThenTheEnd() throws Exception {
    for (String path : PATHS) {
      byte[] request =
          concat(
              head(
                  "POST " + path + " HTTP/1.1",
                  "Host: localhost",
                  "Content-Type: application/json",
                  "Transfer-Encoding: chunked"),
              "400\r\n{\"a\":1}".getBytes(StandardCharsets.ISO_8859_1));
      assertRefused(path, RawHttp.exchange(server.server.port(), request, true));
    }
    assertQuietLog(PATHS.size());
  }

  @Test
  void aBodyShorterThanItsContentLength() throws Exception {
    for (String path : PATHS) {
      byte[] request =
          concat(
              head(
                  "POST " + path + " HTTP/1.1",
                  "Host: localhost",
                  "Content-Type: application/json",
                  "Content-Length: 1000"),
              "{\"project\":\"nipreps/fmriprep\"".getBytes(StandardCharsets.ISO_8859_1));
      assertRefused(path, RawHttp.exchange(server.server.port(), request, true));
    }
    assertQuietLog(PATHS.size());
  }

  @Test
  void aClientThatResetsMidBodyLeavesNoStackTrace() throws Exception {
    for (String path : List.of("/v1/events", "/api/breadcrumb", "/graphql")) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.server.port())) {
        s.getOutputStream()
            .write(
                concat(
                    head(
                        "POST " + path + " HTTP/1.1",
                        "Host: localhost",
                        "Content-Type: application/json",
                        "Content-Length: 100000"),
                    "[{\"id\":".getBytes(StandardCharsets.ISO_8859_1)));
        s.getOutputStream().flush();
        s.setSoLinger(true, 0); // close with a reset, as a killed client does
      }
    }
    // Javalin answers a client abort itself (no exception mapper runs) and the socket is gone:
    // nothing to read, so the test holds "no stack trace, at most one line each" for a while.
    org.awaitility.Awaitility.await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> log.withStackTrace().isEmpty());
    assertQuietLog(3);
    assertThat(server.get("/v1/health").statusCode()).isEqualTo(200);
  }

  @Test
  void invalidUtf8InTheBody() throws Exception {
    byte[] body =
        concat(
            "{\"id\":\"e1\",\"project\":\"nipreps/fmriprep\",\"version\":\"1.0.0\",\"user_id\":\""
                .getBytes(StandardCharsets.ISO_8859_1),
            new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3},
            "\"}\n".getBytes(StandardCharsets.ISO_8859_1));
    for (String path : PATHS) {
      byte[] request =
          concat(
              head(
                  "POST " + path + " HTTP/1.1",
                  "Host: localhost",
                  "Content-Type: application/json",
                  "Content-Length: " + body.length,
                  "Connection: close"),
              body);
      RawHttp.Answer a = RawHttp.exchange(server.server.port(), request, false);
      assertRefused(path, a);
      assertThat(a.closed()).as(path).isFalse();
    }
    assertThat(server.rows("SELECT count(*) FROM events")).containsExactly(List.of("0"));
    assertQuietLog(PATHS.size());
  }

  @Test
  void invalidUtf8InAHeader() throws Exception {
    for (String path : PATHS) {
      byte[] request =
          concat(
              "POST ".getBytes(StandardCharsets.ISO_8859_1),
              path.getBytes(StandardCharsets.ISO_8859_1),
              " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Junk: "
                  .getBytes(StandardCharsets.ISO_8859_1),
              new byte[] {(byte) 0xff, (byte) 0xc3, (byte) 0x28, (byte) 0x80},
              "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                  .getBytes(StandardCharsets.ISO_8859_1));
      RawHttp.Answer a = RawHttp.exchange(server.server.port(), request, false);
      assertThat(a.status()).as(path + " " + a.text()).isLessThan(500);
    }
    assertQuietLog(PATHS.size());
  }

  @Test
  void aHeaderOf64KiB() throws Exception {
    char[] big = new char[64 * 1024];
    Arrays.fill(big, 'a');
    for (String path : PATHS) {
      byte[] request =
          head(
              "POST " + path + " HTTP/1.1",
              "Host: localhost",
              "X-Big: " + new String(big),
              "Content-Length: 0",
              "Connection: close");
      RawHttp.Answer a = RawHttp.exchange(server.server.port(), request, false);
      assertRefused(path, a);
      if (!a.closed()) {
        assertThat(a.status()).as(path).isEqualTo(431);
      }
    }
    assertQuietLog(PATHS.size());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /v1/%zz HTTP/1.1",
        "GET /v1/health/../../%2e%2e/etc/passwd HTTP/1.1",
        "GET /v1/\u0001health HTTP/1.1",
        "BREW /v1/health HTTP/9.9",
        "GET v1 health HTTP/1.1"
      })
  void malformedRequestLinesGetAShortJsonAnswer(String line) throws Exception {
    RawHttp.Answer a =
        RawHttp.exchange(
            server.server.port(), head(line, "Host: localhost", "Connection: close"), false);

    assertRefused(line, a);
    if (!a.closed() && a.text().contains("Content-Type")) {
      assertThat(a.text()).as(line).contains("{\"detail\":");
    }
    assertQuietLog(1);
  }

  @Test
  void aHugeDeclaredBodyIsRefusedUnread() throws Exception {
    for (String path : PATHS) {
      byte[] request =
          head(
              "POST " + path + " HTTP/1.1",
              "Host: localhost",
              "Content-Type: application/json",
              "Content-Length: 1073741824",
              "Connection: close");
      RawHttp.Answer a = RawHttp.exchange(server.server.port(), request, false);
      assertRefused(path, a);
      assertThat(a.status()).as(path).isIn(-1, 401, 403, 413);
    }
    assertQuietLog(PATHS.size());
  }

  @Test
  void aHugeChunkedBody() throws Exception {
    byte[] chunk = new byte[1024 * 1024];
    Arrays.fill(chunk, (byte) ' ');
    byte[] size = "100000\r\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[][] parts = new byte[2 + 3 * 10][];
    parts[0] =
        head(
            "POST /v1/events HTTP/1.1",
            "Host: localhost",
            "Content-Type: application/json",
            "Transfer-Encoding: chunked",
            "Connection: close");
    for (int i = 0; i < 10; i++) {
      parts[1 + 3 * i] = size;
      parts[2 + 3 * i] = chunk;
      parts[3 + 3 * i] = crlf;
    }
    parts[parts.length - 1] = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    RawHttp.Answer a = RawHttp.exchange(server.server.port(), concat(parts), false);
    assertRefused("/v1/events", a);
    assertThat(a.status()).isIn(-1, 413);
    assertQuietLog(1);
  }

  private static void assertRefused(String path, RawHttp.Answer a) {
    assertThat(a.status()).as(path + " answered:\n" + a.text()).isLessThan(500);
    assertThat(a.closed() || a.status() >= 400).as(path + " answered:\n" + a.text()).isTrue();
    String body = a.text().substring(Math.max(0, a.text().indexOf("\r\n\r\n")));
    assertThat(body)
        .as(path)
        .doesNotContain("Exception")
        .doesNotContain("org.eclipse")
        .doesNotContain("java.")
        .doesNotContain("<html")
        .doesNotContain("at ");
  }

  private void assertQuietLog(int requests) {
    List<ILoggingEvent> events = log.events();
    assertThat(log.withStackTrace()).as("log events with a stack trace").isEmpty();
    assertThat(
            events.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                .count())
        .as("WARN lines: %s", events)
        .isLessThanOrEqualTo(requests);
  }
}
