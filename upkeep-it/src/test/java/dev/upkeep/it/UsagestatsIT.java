package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usagestats drop point: the uploads usagestats 1.0.1 made (fixture), replayed byte for byte,
 * and the reference server's answers to bad requests.
 */
class UsagestatsIT {
  private static final String PROJECT = "example/stats-app";
  private static final String DROP_POINT = "/usagestats/example/stats-app";

  @TempDir Path data;
  RunningServer server;

  @BeforeEach
  void start() throws Exception {
    server = RunningServer.start(data);
    server.register(PROJECT);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void realUploadsAreStoredWithEveryPairInOrder() throws Exception {
    List<Capture> uploads = uploads();
    for (Capture upload : uploads) {
      RawHttp.Response r =
          upload.withRequestLine("POST " + DROP_POINT + " HTTP/1.1").replay(server.port());
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("stored");
      assertThat(r.header("Content-Type")).startsWith("text/plain");
    }

    List<StoredEvents.Row> rows = StoredEvents.all(data);
    assertThat(rows).hasSize(2);
    JsonNode second = RunningServer.JSON.readTree(rows.get(1).attributes());
    assertThat(second).hasSize(12);
    assertThat(second.get(0).toString()).isEqualTo("[\"date\",\"1795235279.160\"]");
    assertThat(second.get(3).toString()).isEqualTo("[\"unicode\",\"café ☃\"]");
    assertThat(second.get(4).toString()).isEqualTo("[\"multi\",\"line one line two\"]");
    assertThat(second.get(5).toString()).isEqualTo("[\"k\",\"colon:v:colon\"]");
    assertThat(rows.get(1).userId()).isEqualTo("c35dfce1-b733-4b06-a388-d80bc931181c");
    assertThat(rows.get(1).language()).isEqualTo("python");

    CliIT.Run usage =
        CliIT.raw(
            "usage",
            PROJECT,
            "--from",
            "2026-01-01",
            "--kind",
            "report",
            "--by",
            "version",
            "--server",
            server.url(),
            "--token",
            server.masterToken);
    assertThat(usage.out()).isEqualTo("VERSION  REPORTS\n0.1      2\ntotal    2\n");
  }

  @Test
  void badRequestsGetTheReferenceServersMessagesWith4xxFor500() throws Exception {
    RawHttp.Response get =
        RawHttp.send(
            server.port(),
            "GET " + DROP_POINT + " HTTP/1.1",
            List.of("Connection: close"),
            new byte[0]);
    assertThat(get.status()).isEqualTo(403);
    assertThat(get.body()).isEqualTo("invalid request");

    // The reference server answers these 500; a malformed report is the client's fault (issue 14),
    // and usagestats drops a report on any error status, so Upkeep answers 400.
    assertThat(post("version:1\n")).isEqualTo("400 missing date field");
    assertThat(post("date:yesterday\nversion:1\n")).isEqualTo("400 invalid date");
    assertThat(post("date:1795235279.1600\n")).isEqualTo("400 invalid date");

    RawHttp.Response tooBig =
        RawHttp.send(
            server.port(),
            "POST " + DROP_POINT + " HTTP/1.1",
            List.of("Content-Length: " + (512 * 1024 + 1), "Connection: close"),
            new byte[0]);
    assertThat(tooBig.status()).isEqualTo(403);
    assertThat(tooBig.body()).isEqualTo("report too big");

    RawHttp.Response chunked =
        RawHttp.send(
            server.port(),
            "POST " + DROP_POINT + " HTTP/1.1",
            List.of("Transfer-Encoding: chunked", "Connection: close"),
            "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(chunked.status()).isEqualTo(400);
    assertThat(chunked.body()).isEqualTo("invalid content length");

    RawHttp.Response unknown =
        RawHttp.post(server.port(), "/usagestats/nobody/here", null, "date:1795235279.160\n");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("project nobody/here is not registered");

    assertThat(StoredEvents.all(data)).isEmpty();
  }

  private String post(String body) throws Exception {
    RawHttp.Response r = RawHttp.post(server.port(), DROP_POINT, null, body);
    return r.status() + " " + r.body();
  }

  /** The uploads of the fixture, as usagestats 1.0.1 sent them (no Content-Type). */
  private static List<Capture> uploads() throws Exception {
    try (InputStream in =
        UsagestatsIT.class.getResourceAsStream(
            "/fixtures/usagestats-reports/usagestats-1.0.1-uploads.json")) {
      List<Capture> out = new ArrayList<>();
      for (JsonNode u : RunningServer.JSON.readTree(in).get("uploads")) {
        List<String> headers = new ArrayList<>();
        u.get("headers").forEach(h -> headers.add(h.textValue()));
        out.add(new Capture(u.get("request_line").textValue(), headers, u.get("body").textValue()));
      }
      return out;
    }
  }
}
