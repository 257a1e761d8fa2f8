package dev.upkeep.client.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on 127.0.0.1 and an ephemeral port, for tests: it records every request
 * and answers what the current {@link Responder} says, or never answers ({@link Reply#HOLD}).
 *
 * <p>Written on {@link ServerSocket} because the tests run patched into the {@code
 * dev.upkeep.client} module, which does not read {@code jdk.httpserver}: {@code
 * com.sun.net.httpserver} is "not visible" there. One exchange per connection ({@code Connection:
 * close}); request bodies by {@code Content-Length} or chunked.
 */
public final class LocalHttpServer implements AutoCloseable {

  /** One request as received. */
  public static final class Request {
    public final String method;
    public final String target;
    public final Map<String, String> headers;
    public final String body;

    Request(String method, String target, Map<String, String> headers, String body) {
      this.method = method;
      this.target = target;
      this.headers = headers;
      this.body = body;
    }

    /** The path without the query. */
    public String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }

    /** A header by case-insensitive name, or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return method + " " + target + " " + body;
    }
  }

  /** An answer: status, headers, body. */
  public static final class Reply {
    /** Read the request, then never answer (until the server closes). */
    public static final Reply HOLD = new Reply(0, Map.of(), "");

    final int status;
    final Map<String, String> headers;
    final String body;

    private Reply(int status, Map<String, String> headers, String body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    public static Reply of(int status, String body) {
      return new Reply(status, Map.of(), body);
    }

    public Reply header(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Reply(status, h, body);
    }
  }

  /** Decides the answer to a request. */
  @FunctionalInterface
  public interface Responder {
    Reply answer(Request request);
  }

  private final ServerSocket server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile Responder responder;

  private LocalHttpServer(Responder responder) throws IOException {
    this.responder = responder;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    Thread acceptor = new Thread(this::accept, "local-http-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a server answering with {@code responder}. */
  public static LocalHttpServer start(Responder responder) throws IOException {
    return new LocalHttpServer(responder);
  }

  /** Starts a server answering every request with {@code status} and {@code body}. */
  public static LocalHttpServer answering(int status, String body) throws IOException {
    return start(r -> Reply.of(status, body));
  }

  /** {@code http://127.0.0.1:port}, without a trailing slash. */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  public URI uri(String path) {
    return URI.create(url() + path);
  }

  /** Changes the answer to later requests. */
  public void respond(Responder responder) {
    this.responder = responder;
  }

  /** Requests received so far, in order. */
  public List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** Connections accepted so far (a connection counts even if no request came). */
  public int connections() {
    return connections.get();
  }

  /** Waits until at least {@code n} requests arrived; fails after {@code timeout}. */
  public List<Request> awaitRequests(int n, Duration timeout) {
    Poll.until(timeout, () -> requests.size() >= n, () -> n + " requests, got " + requests);
    return requests();
  }

  /** Waits until every accepted connection was closed (by either side). */
  public void awaitNoOpenConnection(Duration timeout) {
    Poll.until(timeout, open::isEmpty, () -> open.size() + " connections still open");
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        connections.incrementAndGet();
        open.add(s);
        Thread t = new Thread(() -> serve(s), "local-http-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try {
      s.setSoTimeout(30_000);
      InputStream in = new BufferedInputStream(s.getInputStream());
      String requestLine = line(in);
      if (requestLine == null || requestLine.isEmpty()) {
        return;
      }
      String[] parts = requestLine.split(" ");
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        headers.put(
            h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      byte[] body;
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = chunked(in);
      } else {
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        body = in.readNBytes(length);
      }
      Request request =
          new Request(
              parts[0],
              parts[1],
              Collections.unmodifiableMap(headers),
              new String(body, StandardCharsets.UTF_8));
      requests.add(request);
      Reply reply = responder.answer(request);
      if (reply == Reply.HOLD) {
        s.setSoTimeout(0);
        while (in.read() >= 0) {
          // hold the connection open, answering nothing, until either side closes it
        }
        return;
      }
      byte[] content = reply.body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder();
      head.append("HTTP/1.1 ").append(reply.status).append(' ').append(reason(reply.status));
      head.append("\r\nContent-Type: application/json");
      reply.headers.forEach((k, v) -> head.append("\r\n").append(k).append(": ").append(v));
      head.append("\r\nContent-Length: ").append(content.length);
      head.append("\r\nConnection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
    } catch (IOException | RuntimeException e) {
      // the client went away, or the server is closing
    } finally {
      open.remove(s);
      closeQuietly(s);
    }
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String size = line(in); size != null; size = line(in)) {
      int n = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (n == 0) {
        while (true) {
          String trailer = line(in);
          if (trailer == null || trailer.isEmpty()) {
            break;
          }
        }
        break;
      }
      out.write(in.readNBytes(n));
      line(in);
    }
    return out.toByteArray();
  }

  /** One CRLF-terminated line (ISO-8859-1), without the terminator; null at end of stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String s = buf.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      buf.write(b);
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
  }

  private static String reason(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 202:
        return "Accepted";
      case 400:
        return "Bad Request";
      case 422:
        return "Unprocessable Entity";
      case 429:
        return "Too Many Requests";
      case 503:
        return "Service Unavailable";
      default:
        return "Status";
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
