package dev.upkeep.archive;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal HTTP/1.1 server for {@link FakeCdcs}, on {@link ServerSocket}: the tests run patched
 * into the {@code dev.upkeep.archive} module, which does not read {@code jdk.httpserver}, so {@code
 * com.sun.net.httpserver} is not visible (upkeep-client's tests meet the same limit). One exchange
 * per connection ({@code Connection: close}); request bodies by {@code Content-Length} only.
 */
final class FakeHttp implements AutoCloseable {
  /** Answers one exchange. */
  interface Handler {
    void handle(Exchange exchange) throws IOException;
  }

  /** One request and its answer. */
  static final class Exchange {
    private final Socket socket;
    private final String method;
    private final URI uri;
    private final Map<String, String> headers;
    private final InputStream body;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private boolean answered;

    private Exchange(
        Socket socket, String method, URI uri, Map<String, String> headers, InputStream body) {
      this.socket = socket;
      this.method = method;
      this.uri = uri;
      this.headers = headers;
      this.body = body;
    }

    String method() {
      return method;
    }

    URI uri() {
      return uri;
    }

    /** A request header, by name in any case; null when absent. */
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The request body: exactly its {@code Content-Length} bytes. */
    InputStream body() {
      return body;
    }

    /** Sets a response header. */
    void responseHeader(String name, String value) {
      responseHeaders.put(name, value);
    }

    /** Answers with {@code bytes} as the body. */
    void respond(int status, byte[] bytes) throws IOException {
      try (OutputStream out = respond(status, bytes.length)) {
        out.write(bytes);
      }
    }

    /** Sends the status and headers; the body, {@code length} bytes, goes to the stream. */
    OutputStream respond(int status, long length) throws IOException {
      answered = true;
      StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Fake\r\n");
      responseHeaders.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: ").append(length).append("\r\n");
      head.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return out;
    }

    /** Closes the connection without an answer. */
    void abort() throws IOException {
      answered = true;
      socket.close();
    }
  }

  private final ServerSocket server;
  private final Handler handler;
  private final ExecutorService pool;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  FakeHttp(Handler handler) throws IOException {
    this.handler = handler;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-http");
              t.setDaemon(true);
              return t;
            });
    pool.execute(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        pool.execute(() -> serve(socket));
      } catch (IOException | RuntimeException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String[] line = readLine(in).split(" ");
      if (line.length != 3) {
        return;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h; !(h = readLine(in)).isEmpty(); ) {
        int colon = h.indexOf(':');
        headers.put(
            h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
      }
      long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
      Exchange exchange =
          new Exchange(socket, line[0], URI.create(line[1]), headers, limited(in, length));
      if (headers.containsKey("transfer-encoding")) {
        exchange.respond(411, "{\"detail\":\"Length Required\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      handler.handle(exchange);
      if (!exchange.answered) {
        exchange.respond(500, new byte[0]);
      }
    } catch (SocketException closed) {
      // the client went away, or the test closed the server
    } catch (IOException | RuntimeException e) {
      // a broken request; the connection closes
    } finally {
      open.remove(socket);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new IOException("connection closed in the request head");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /** At most {@code length} bytes of {@code in}; fails when the connection ends first. */
  private static InputStream limited(InputStream in, long length) {
    return new InputStream() {
      private long left = length;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left == 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
          throw new IOException("request body cut short: " + left + " bytes missing");
        }
        left -= n;
        return n;
      }
    };
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    pool.shutdownNow();
  }
}
