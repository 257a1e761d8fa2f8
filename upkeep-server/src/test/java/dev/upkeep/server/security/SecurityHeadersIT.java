package dev.upkeep.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every answer has {@code X-Content-Type-Options: nosniff}, and every JSON answer {@code
 * Cache-Control: no-store}: routes, the error mapper, Javalin's 404 and Jetty's own 431.
 */
class SecurityHeadersIT {
  @TempDir Path dir;
  TestServer server;
  String master;

  @BeforeEach
  void start() {
    server = TestServer.start(dir.resolve("data"), Duration.ofHours(1));
    master = server.server.initialMasterToken().orElseThrow();
    server.register("nipreps/fmriprep");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static void assertPrivateJson(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(r.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
    assertThat(r.headers().allValues("Cache-Control")).containsExactly("no-store");
  }

  @Test
  void jsonAnswersOfRoutesAreNotStoredAndNotSniffed() throws Exception {
    assertPrivateJson(server.get("/v1/health"), 200);
    assertPrivateJson(server.get("/v1/projects", "Authorization", "Bearer " + master), 200);
    assertPrivateJson(
        server.post(
            "/v1/tokens",
            "application/json",
            "{\"project\":\"nipreps/fmriprep\"}",
            "Authorization",
            "Bearer " + master),
        201);
    assertPrivateJson(
        server.post(
            "/v1/events",
            "application/json",
            "[{\"id\":\"e1\",\"project\":\"nipreps/fmriprep\",\"version\":\"1.0.0\"}]"),
        200);
    assertPrivateJson(server.get("/v1/projects/nipreps/fmriprep/versions"), 200);
  }

  @Test
  void errorAnswersHaveTheHeadersToo() throws Exception {
    assertPrivateJson(server.get("/v1/projects"), 401);
    assertPrivateJson(server.post("/v1/events", "application/json", "[{"), 400);
    assertPrivateJson(
        server.post(
            "/v1/projects",
            "application/json",
            "{\"name\":\"nipreps/fmriprep\"}",
            "Authorization",
            "Bearer " + master),
        409);
    assertPrivateJson(server.get("/v1/projects/no/such/versions"), 404);
    HttpResponse<String> javalin404 = server.get("/no/such/route", "Accept", "application/json");
    assertThat(javalin404.statusCode()).isEqualTo(404);
    assertThat(javalin404.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
    assertThat(javalin404.headers().allValues("Cache-Control")).containsExactly("no-store");
  }

  @Test
  void jettysOwnErrorAnswersHaveTheHeaders() throws Exception {
    String head =
        raw(
            "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(64 * 1024)
                + "\r\nConnection: close\r\n\r\n");
    assertThat(head).startsWith("HTTP/1.1 431");
    assertThat(head.toLowerCase()).contains("x-content-type-options: nosniff");
    assertThat(head.toLowerCase()).contains("cache-control: no-store");

    String bad = raw("GET /v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
    assertThat(bad).startsWith("HTTP/1.1 400");
    assertThat(bad.toLowerCase()).contains("x-content-type-options: nosniff");
    assertThat(bad).doesNotContain("at org.eclipse");
  }

  @Test
  void otherAnswersAreNotSniffedAndTheBadgeKeepsItsCache() throws Exception {
    HttpResponse<String> metrics = server.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
    HttpResponse<String> page = server.get("/");
    assertThat(page.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");

    server.server.store().projects().setBadgeEnabled("nipreps/fmriprep", true);
    HttpResponse<String> badge = server.get("/badge/nipreps/fmriprep/users.svg");
    assertThat(badge.statusCode()).isEqualTo(200);
    assertThat(badge.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
    assertThat(badge.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("public"));
  }

  private String raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = in.readAllBytes();
      String all = new String(buf, StandardCharsets.ISO_8859_1);
      int end = all.indexOf("\r\n\r\n");
      return end < 0 ? all : all.substring(0, end + 2) + all.substring(end);
    }
  }
}
