package dev.upkeep.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One request a real migas client put on the wire, from {@code fixtures/migas-requests/} (captured
 * byte for byte by a listening socket, {@code Host} removed).
 */
record Capture(String requestLine, List<String> headers, String body) {

  /** Loads every capture of a fixture file, in order. */
  static List<Capture> load(String file) throws IOException {
    try (InputStream in = Capture.class.getResourceAsStream("/fixtures/migas-requests/" + file)) {
      JsonNode root = RunningServer.JSON.readTree(in);
      List<Capture> out = new ArrayList<>();
      for (JsonNode c : root) {
        List<String> headers = new ArrayList<>();
        c.get("headers").forEach(h -> headers.add(h.textValue()));
        out.add(new Capture(c.get("request_line").textValue(), headers, c.get("body").textValue()));
      }
      return out;
    }
  }

  /** Replays it unchanged (plus the Host header) against a server. */
  RawHttp.Response replay(int port) throws IOException {
    return RawHttp.send(port, requestLine, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  /** The same capture with another request line. */
  Capture withRequestLine(String line) {
    return new Capture(line, headers, body);
  }
}
