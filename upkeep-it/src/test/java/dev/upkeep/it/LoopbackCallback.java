package dev.upkeep.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The local HTTP server an enrolling application runs on 127.0.0.1 to receive the browser after the
 * consent page (otumat's {@code /install-completed} and {@code /install-cancelled}, or an OAuth
 * redirect URI). Records each request's path and query parameters.
 */
final class LoopbackCallback implements AutoCloseable {
  /** One request the browser made: its path and decoded query parameters in order. */
  record Hit(String path, Map<String, String> params) {}

  private final HttpServer server;
  private final BlockingQueue<Hit> hits = new LinkedBlockingQueue<>();

  private LoopbackCallback(HttpServer server) {
    this.server = server;
  }

  static LoopbackCallback start() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    LoopbackCallback cb = new LoopbackCallback(s);
    s.createContext(
        "/",
        exchange -> {
          URI uri = exchange.getRequestURI();
          cb.hits.add(new Hit(uri.getPath(), params(uri.getRawQuery())));
          byte[] body = "<!doctype html><p>You may close this window.</p>".getBytes();
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    s.start();
    return cb;
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Follows a redirect the server answered, as the browser does; returns what arrived here. */
  Hit follow(String location) throws Exception {
    URI uri = URI.create(location);
    if (uri.getPort() != server.getAddress().getPort()) {
      throw new AssertionError("redirect is not to this callback: " + location);
    }
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    RawHttp.Response r =
        RawHttp.send(
            uri.getPort(),
            "GET " + target + " HTTP/1.1",
            java.util.List.of("Connection: close"),
            new byte[0]);
    if (r.status() != 200) {
      throw new AssertionError("callback answered " + r);
    }
    Hit hit = hits.poll(10, TimeUnit.SECONDS);
    if (hit == null) {
      throw new AssertionError("the callback saw no request for " + location);
    }
    return hit;
  }

  private static Map<String, String> params(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null) {
      return out;
    }
    for (String part : rawQuery.split("&")) {
      int eq = part.indexOf('=');
      out.put(
          URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
