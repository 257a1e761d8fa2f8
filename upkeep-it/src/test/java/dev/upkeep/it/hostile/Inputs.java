package dev.upkeep.it.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Hostile requests: each a raw request and whether the client stops sending after it. */
final class Inputs {
  static final String PROJECT = "hostile/target";
  static final String OTHER = "hostile/bystander";

  /** A request to send as is; {@code halfClose} cuts the connection's output after it. */
  record Request(String name, byte[] bytes, boolean halfClose) {}

  /** Every route that takes a body, with a content type it expects. */
  static final List<String[]> BODY_ROUTES =
      List.of(
          new String[] {"POST", "/api/breadcrumb", "application/json"},
          new String[] {"POST", "/graphql", "application/json"},
          new String[] {"POST", "/v1/events", "application/json"},
          new String[] {"POST", "/v1/events", "application/x-ndjson"},
          new String[] {"POST", "/usagestats/" + PROJECT, "application/x-www-form-urlencoded"},
          new String[] {
            "POST",
            "/otumat/" + PROJECT + "/user/usage-install",
            "application/x-www-form-urlencoded"
          },
          new String[] {"POST", "/otumat/" + PROJECT + "/api/usage-event", "application/json"},
          new String[] {
            "POST", "/otumat/" + PROJECT + "/auth/token", "application/x-www-form-urlencoded"
          },
          new String[] {"POST", "/oauth/authorize", "application/x-www-form-urlencoded"},
          new String[] {"POST", "/oauth/token", "application/x-www-form-urlencoded"},
          new String[] {"POST", "/v1/projects", "application/json"},
          new String[] {"POST", "/v1/tokens", "application/json"},
          new String[] {"PUT", "/v1/projects/" + PROJECT + "/badge", "application/json"},
          new String[] {"POST", "/v1/projects/" + PROJECT + "/sources", "application/json"});

  /** Routes read with GET and query parameters. */
  static final List<String> GET_ROUTES =
      List.of(
          "/v1/health",
          "/v1/projects/" + PROJECT + "/usage?from=2026-01-01&to=2026-12-31",
          "/v1/projects/" + PROJECT + "/check?version=1.0.0",
          "/oauth/authorize?response_type=code&client_id=x",
          "/otumat/" + PROJECT + "/user/usage-install?callback=http://127.0.0.1:1/",
          "/badge/" + PROJECT + "/users.svg",
          "/dashboard/app.js",
          "/metrics");

  private Inputs() {}

  /** The quadratic body of issue 14 and its relatives: large inputs built to hit slow paths. */
  static List<Request> slowPathBodies(int maxBatchBytes, int maxBodyBytes) {
    List<Request> r = new ArrayList<>();
    String event = "{\"id\":\"q1\",\"project\":\"" + PROJECT + "\",\"version\":\"1.0.0\"}";
    int blank = maxBatchBytes - event.length() - 1;
    r.add(
        post(
            "4 MiB of blank NDJSON lines",
            "/v1/events",
            "application/x-ndjson",
            "\n".repeat(blank / 2) + event + "\n" + "\n".repeat(blank - blank / 2)));
    r.add(
        post(
            "4 MiB of \\r\\n lines",
            "/v1/events",
            "application/x-ndjson",
            "\r\n".repeat(blank / 4) + event + "\r\n".repeat(blank / 4)));
    r.add(
        post(
            "4 MiB of whitespace in a JSON array",
            "/v1/events",
            "application/json",
            "[" + " ".repeat(blank - 2) + event + "]"));
    r.add(post("1 M nested arrays", "/v1/events", "application/json", "[".repeat(1 << 20)));
    r.add(
        post(
            "4 MiB string",
            "/v1/events",
            "application/json",
            "[{\"project\":\"" + "a".repeat(maxBatchBytes - 40) + "\"}]"));
    r.add(
        post(
            "1000 events × 100 attributes",
            "/v1/events",
            "application/json",
            manyAttributes(1000, 100)));
    r.add(
        post(
            "60 KiB of nested GraphQL selections",
            "/graphql",
            "application/json",
            "{\"query\":\"" + "{a".repeat(maxBodyBytes / 4) + "\"}"));
    r.add(
        post(
            "GraphQL with 5 000 aliases",
            "/graphql",
            "application/json",
            "{\"query\":\"query{" + "a: get_projects ".repeat(5000) + "}\"}"));
    r.add(
        post(
            "60 KiB of JSON escapes in a breadcrumb",
            "/api/breadcrumb",
            "application/json",
            "{\"project\":\"" + "\\u0000".repeat(maxBodyBytes / 8) + "\"}"));
    r.add(
        post(
            "60 KiB of empty form pairs",
            "/otumat/" + PROJECT + "/auth/token",
            "application/x-www-form-urlencoded",
            "&".repeat(maxBodyBytes - 100)));
    r.add(
        post(
            "usagestats report of 60 000 lines",
            "/usagestats/" + PROJECT,
            "application/x-www-form-urlencoded",
            "a=b\n".repeat(60_000)));
    r.add(
        post(
            "otumat upload of 20 000 rows",
            "/otumat/" + PROJECT + "/api/usage-event",
            "application/json",
            otumatRows(20_000)));
    return r;
  }

  /** Invalid UTF-8 in a body, and in a header, for every body route. */
  static List<Request> invalidUtf8() {
    byte[] bad = {
      (byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80
    };
    List<Request> r = new ArrayList<>();
    for (String[] route : BODY_ROUTES) {
      byte[] body =
          concat(
              ("{\"project\":\"" + PROJECT + "\",\"version\":\"").getBytes(StandardCharsets.UTF_8),
              bad,
              "\"}".getBytes(StandardCharsets.UTF_8));
      r.add(
          new Request(route[1] + " body", Wire.request(route[0], route[1], route[2], body), false));
      byte[] head =
          concat(
              (route[0]
                      + " "
                      + route[1]
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                      + "X-Bad: ")
                  .getBytes(StandardCharsets.ISO_8859_1),
              bad,
              "\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      r.add(new Request(route[1] + " header", head, false));
    }
    return r;
  }

  /** A 64 KiB header and a body one byte over the limit, to every route. */
  static List<Request> oversized(int maxBatchBytes, int maxBodyBytes) {
    List<Request> r = new ArrayList<>();
    String bigHeader = "X-Big: " + "a".repeat(64 * 1024) + "\r\n";
    for (String[] route : BODY_ROUTES) {
      int limit = route[1].equals("/v1/events") ? maxBatchBytes : maxBodyBytes;
      byte[] body = new byte[limit + 1];
      Arrays.fill(body, (byte) ' ');
      r.add(
          new Request(
              route[1] + " too large", Wire.request(route[0], route[1], route[2], body), false));
      r.add(
          new Request(
              route[1] + " 64 KiB header",
              (route[0]
                      + " "
                      + route[1]
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                      + bigHeader
                      + "Content-Length: 2\r\n\r\n{}")
                  .getBytes(StandardCharsets.ISO_8859_1),
              false));
    }
    for (String target : GET_ROUTES) {
      r.add(
          new Request(
              target + " 64 KiB header",
              ("GET "
                      + target
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                      + bigHeader
                      + "\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1),
              false));
      r.add(
          new Request(
              target + " 16 KiB query",
              ("GET "
                      + target
                      + (target.contains("?") ? "&" : "?")
                      + "x="
                      + "%FF".repeat(5000)
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1),
              false));
    }
    return r;
  }

  /** Broken request framing, sent to the two busiest routes. */
  static List<Request> brokenFraming() {
    List<Request> r = new ArrayList<>();
    for (String target : List.of("/v1/events", "/api/breadcrumb")) {
      String start =
          "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
      r.add(
          raw(
              "bad chunk size",
              start + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
              false));
      r.add(
          raw(
              "chunk size overflow",
              start + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n",
              false));
      r.add(
          raw("chunk without its end", start + "Transfer-Encoding: chunked\r\n\r\n5\r\n{}", true));
      r.add(
          raw(
              "body shorter than Content-Length",
              start + "Content-Length: 1000\r\n\r\n[{}]",
              true));
      r.add(
          raw(
              "two different Content-Lengths",
              start + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
              false));
      r.add(
          raw(
              "Content-Length and chunked",
              start + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
              false));
      r.add(raw("negative Content-Length", start + "Content-Length: -5\r\n\r\n{}", false));
      r.add(
          raw(
              "Content-Length past 2^63",
              start + "Content-Length: 99999999999999999999\r\n\r\n{}",
              false));
      r.add(raw("unknown transfer coding", start + "Transfer-Encoding: gzip2\r\n\r\n{}", false));
      r.add(
          raw(
              "header without colon",
              start + "Broken header line\r\nContent-Length: 2\r\n\r\n{}",
              false));
      r.add(raw("NUL in a header", start + "X-Nul: a\0b\r\nContent-Length: 2\r\n\r\n{}", false));
      r.add(
          raw(
              "bare LF line ends",
              "POST " + target + " HTTP/1.1\nHost: x\nContent-Length: 2\n\n{}",
              false));
      r.add(raw("HTTP/0.9 request", "GET " + target + "\r\n\r\n", false));
      r.add(
          raw(
              "HTTP/7.0 request",
              "POST " + target + " HTTP/7.0\r\nContent-Length: 2\r\n\r\n{}",
              false));
      r.add(
          raw(
              "space in the target",
              "POST " + target + " x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
              false));
      r.add(raw("garbage request line", "\u0001\u0002\u0003 \u00ff\r\n\r\n", false));
      r.add(raw("request cut in the header", start + "Content-Len", true));
      r.add(
          raw(
              "gzip body that is not gzip",
              start + "Content-Encoding: gzip\r\nContent-Length: 8\r\n\r\nnot-gzip",
              false));
    }
    return r;
  }

  private static Request raw(String name, String text, boolean halfClose) {
    return new Request(name, text.getBytes(StandardCharsets.ISO_8859_1), halfClose);
  }

  private static Request post(String name, String target, String type, String body) {
    return new Request(
        name, Wire.request("POST", target, type, body.getBytes(StandardCharsets.UTF_8)), false);
  }

  private static String manyAttributes(int events, int attributes) {
    StringBuilder b = new StringBuilder("[");
    for (int e = 0; e < events; e++) {
      b.append(e == 0 ? "" : ",")
          .append("{\"id\":\"a")
          .append(e)
          .append("\",\"project\":\"")
          .append(PROJECT)
          .append("\",\"version\":\"1.0.0\",\"attributes\":[");
      for (int a = 0; a < attributes; a++) {
        b.append(a == 0 ? "" : ",").append("[\"k\",\"v\"]");
      }
      b.append("]}");
    }
    return b.append("]").toString();
  }

  static String otumatRows(int rows) {
    StringBuilder b = new StringBuilder("{\"event_type\":[");
    for (int i = 0; i < rows; i++) {
      b.append(i == 0 ? "" : ",").append("\"run\"");
    }
    return b.append("]}").toString();
  }

  /** One batch of {@code n} breadcrumbs with ids unique to {@code prefix}. */
  static byte[] batch(String prefix, int n) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(prefix)
          .append('-')
          .append(i)
          .append("\",\"project\":\"")
          .append(PROJECT)
          .append("\",\"version\":\"1.0.0\",\"user_id\":\"")
          .append(prefix)
          .append("\",\"platform\":\"linux\"}");
    }
    return b.append("]").toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
