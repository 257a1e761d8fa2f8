package dev.upkeep.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a loopback ephemeral port playing a Maven repository or the GitHub API:
 * each path answers a fixture from {@code fixtures/version-sources/} (query ignored; others 404),
 * and requests are counted.
 */
final class FakeReleaseHost implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  FakeReleaseHost() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Serves a fixture file at a path. */
  FakeReleaseHost serve(String path, String fixture) {
    bodies.put(path, fixture(fixture));
    return this;
  }

  /** Serves a fixture file through GitHub's contents API (Base64 in lines of 60). */
  FakeReleaseHost serveContents(String path, String fixture) {
    String b64 =
        Base64.getMimeEncoder(60, new byte[] {'\n'}).encodeToString(fixture(fixture)) + "\n";
    String answer =
        "{\"name\":\".migas.json\",\"path\":\".migas.json\",\"type\":\"file\",\"content\":\""
            + b64.replace("\n", "\\n")
            + "\",\"encoding\":\"base64\"}";
    bodies.put(path, answer.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  int requests() {
    return requests.get();
  }

  private static byte[] fixture(String name) {
    try (InputStream in =
        FakeReleaseHost.class.getResourceAsStream("/fixtures/version-sources/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    try (ex) {
      byte[] body = bodies.get(ex.getRequestURI().getPath());
      int status = body == null ? 404 : 200;
      byte[] out =
          body == null ? "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8) : body;
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(status, out.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(out);
      }
    }
  }

  /** Stops listening: from now on connections are refused. */
  @Override
  public void close() {
    server.stop(0);
  }
}
