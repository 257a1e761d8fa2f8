package dev.upkeep.server.http;

import static dev.upkeep.server.http.RawHttp.concat;
import static dev.upkeep.server.http.RawHttp.head;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FastPosts} answers a breadcrumb exactly as Javalin's route does: the same body sent with a
 * {@code Content-Length} (answered on Jetty's core API) and chunked (left to Javalin) gets the same
 * status, headers and body, for stored crumbs and for every kind of refusal.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FastPostsIT {
  @TempDir Path data;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(data, Duration.ofMinutes(10));
    server.register("nipreps/fmriprep");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"project\": \"nipreps/fmriprep\", \"project_version\": \"1.0.0\", \"ctx\": {\"user_id\":"
            + " \"3571e622-beaf-3c5e-b094-65f5809f8c1f\", \"is_ci\": false}}",
        "{\"project\": \"nipreps/fmriprep\", \"project_version\": \"1.0.0\"}",
        "{\"project\":",
        "{\"ctx\": {\"user_id\": \"zz\", \"is_ci\": 3}}",
        "[1]",
        "",
        "{\"project\": \"fmriprep\", \"project_version\": \"1.0.0\"}",
        "{\"project\": \"nipreps/unknown\", \"project_version\": \"1.0.0\"}",
        "{\"project\": \"nipreps/fmriprep\", \"project_version\": \"1.0.0\", \"language\": \"\u00e9\"}"
      })
  void answersAsJavalinDoes(String body) throws Exception {
    for (String path : List.of("/api/breadcrumb", "/api/breadcrumb?wait=true")) {
      String fast = send(path, body, false);
      String javalin = send(path, body, true);
      assertThat(fast).as(path + " " + body).isEqualTo(javalin);
      assertThat(fast).contains("X-Backend-Server: ", "X-Content-Type-Options: nosniff");
    }
  }

  /** The answer's status line, headers (without Date) and body. */
  private String send(String path, String body, boolean chunked) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    byte[] request =
        chunked
            ? concat(
                head(
                    "POST " + path + " HTTP/1.1",
                    "Host: localhost",
                    "Content-Type: application/json",
                    "Transfer-Encoding: chunked",
                    "Connection: close"),
                bytes.length == 0
                    ? new byte[0]
                    : concat(
                        (Integer.toHexString(bytes.length) + "\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1),
                        bytes,
                        "\r\n".getBytes(StandardCharsets.ISO_8859_1)),
                "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))
            : concat(
                head(
                    "POST " + path + " HTTP/1.1",
                    "Host: localhost",
                    "Content-Type: application/json",
                    "Content-Length: " + bytes.length,
                    "Connection: close"),
                bytes);
    RawHttp.Answer answer = RawHttp.exchange(server.server.port(), request, false);
    assertThat(answer.status()).as(answer.text()).isPositive();
    return answer.text().replaceAll("(?m)^Date: [^\r\n]*\r\n", "");
  }
}
