package dev.upkeep.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a loopback ephemeral port (the JDK's {@code com.sun.net.httpserver}) that
 * plays a release source: a Maven repository or the GitHub API. Each path answers what the test set
 * (by path, query ignored; unknown paths 404) and counts its requests. A route can be slow: its
 * handler holds the answer back, as a source slower than the timeout does. Thread-safe.
 */
public final class FakeSourceServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();

  /** What a path answers. */
  public record Route(
      int status, String contentType, byte[] body, List<String> headers, Duration delay) {}

  private FakeSourceServer(HttpServer server, ExecutorService pool) {
    this.server = server;
    this.pool = pool;
  }

  /** Starts one on 127.0.0.1 and an ephemeral port. */
  public static FakeSourceServer start() {
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      ExecutorService pool =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "fake-source");
                t.setDaemon(true);
                return t;
              });
      s.setExecutor(pool);
      FakeSourceServer fake = new FakeSourceServer(s, pool);
      s.createContext("/", fake::handle);
      s.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:port} (no trailing slash). */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers a path with a body; {@code headers} are name/value pairs. */
  public FakeSourceServer serve(
      String path, int status, String contentType, String body, String... headers) {
    return route(
        path,
        new Route(
            status,
            contentType,
            body.getBytes(StandardCharsets.UTF_8),
            List.of(headers),
            Duration.ZERO));
  }

  /** Answers a path with a classpath resource, 200. */
  public FakeSourceServer serveResource(String path, String contentType, String resource) {
    try (InputStream in = FakeSourceServer.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return route(path, new Route(200, contentType, in.readAllBytes(), List.of(), Duration.ZERO));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets a path's answer. */
  public FakeSourceServer route(String path, Route route) {
    routes.put(path, route);
    return this;
  }

  /** Makes every path hold its answer back this long (a source slower than the timeout). */
  public void slowDown(Duration delay) {
    routes.replaceAll(
        (p, r) -> new Route(r.status(), r.contentType(), r.body(), r.headers(), delay));
  }

  /** Makes every path answer this status with this body (rate limits, errors, garbage). */
  public void answerEverywhere(int status, String contentType, String body, String... headers) {
    routes.replaceAll(
        (p, r) ->
            new Route(
                status,
                contentType,
                body.getBytes(StandardCharsets.UTF_8),
                List.of(headers),
                Duration.ZERO));
  }

  /** Requests a path got. */
  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /** Requests every path got. */
  public int totalHits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** The headers of every request, in arrival order. */
  public List<Map<String, List<String>>> requestHeaders() {
    return new ArrayList<>(requestHeaders);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    requestHeaders.add(Map.copyOf(ex.getRequestHeaders()));
    Route r = routes.get(path);
    try (ex) {
      if (r == null) {
        send(
            ex,
            404,
            "application/json",
            "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8),
            List.of());
        return;
      }
      if (!r.delay().isZero()) {
        try {
          Thread.sleep(r.delay().toMillis()); // plays a slow source; the test never waits on it
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      send(ex, r.status(), r.contentType(), r.body(), r.headers());
    } catch (IOException e) {
      // the client went away (a timed-out fetch): nothing to answer
    }
  }

  private static void send(
      HttpExchange ex, int status, String type, byte[] body, List<String> headers)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      ex.getResponseHeaders().add(headers.get(i), headers.get(i + 1));
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** Stops listening (later requests are refused) and ends slow answers. */
  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
