package dev.upkeep.client.internal.enroll;

import dev.upkeep.client.internal.Log;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The loopback redirect target of a native-app authorization request (RFC 8252 section 7.3): a
 * plain {@link ServerSocket} bound to {@code 127.0.0.1} and an ephemeral port, never to a wildcard
 * address, that waits for the browser's {@code GET /callback?...}.
 *
 * <p>Each connection is read on its own short-lived daemon thread (a browser may open idle
 * speculative connections first), at most {@value #MAX_CONNECTIONS} at once; more are closed at
 * once. A request line longer than {@value #MAX_LINE} bytes, or a header section longer than
 * {@value #MAX_HEAD} bytes, is answered 431 and ignored; so is anything that is not {@code GET}
 * (405) or not under {@code /callback} (404, e.g. {@code /favicon.ico}). A connection that sends
 * nothing is dropped after {@value #READ_TIMEOUT_MILLIS} ms.
 *
 * <p>The first {@code GET /callback} is the answer: its query parameters (percent-decoded as UTF-8,
 * {@code +} as space, the first value of a repeated name kept) are what {@link #await} returns, and
 * its connection gets a small HTML page that says enrollment is complete or why it failed. Later
 * callbacks get 404.
 *
 * <p>Thread-safe; one {@code await} at a time is the intended use. {@link #close()} is idempotent.
 */
final class LoopbackReceiver implements AutoCloseable {
  /** The path of the redirect URI: {@value}. */
  static final String PATH = "/callback";

  /** Longest request line accepted, in bytes: {@value}. */
  static final int MAX_LINE = 8 * 1024;

  /** Longest request head (request line and headers) accepted, in bytes: {@value}. */
  static final int MAX_HEAD = 32 * 1024;

  /** Connections read at once: {@value}. */
  static final int MAX_CONNECTIONS = 8;

  /** How long a connection may take to send its request head, in milliseconds: {@value}. */
  static final int READ_TIMEOUT_MILLIS = 10_000;

  /**
   * How much longer than its timeout {@link #await} waits for a callback whose page is being
   * decided (the verdict may exchange a code over the network), in milliseconds: {@value}.
   */
  static final long VERDICT_GRACE_MILLIS = 120_000;

  private static final int WAITING = 0;
  private static final int ANSWERED = 1;
  private static final int ENDED = 2;

  private static final byte[] LOOPBACK_V4 = {127, 0, 0, 1};

  private final ServerSocket server;
  private final URI redirectUri;
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  /** {@link #WAITING}, then {@link #ANSWERED} by a callback or {@link #ENDED} by await or close. */
  private final AtomicInteger phase = new AtomicInteger(WAITING);

  private final CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
  private volatile Function<Map<String, String>, String> verdict = LoopbackReceiver::defaultVerdict;

  /**
   * Opens the listening socket on {@code 127.0.0.1}, an ephemeral port.
   *
   * @throws IOException if no socket can be bound (e.g. no loopback interface)
   */
  LoopbackReceiver() throws IOException {
    ServerSocket s = new ServerSocket();
    try {
      s.bind(new InetSocketAddress(InetAddress.getByAddress(LOOPBACK_V4), 0), MAX_CONNECTIONS);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    this.server = s;
    this.redirectUri = URI.create("http://127.0.0.1:" + s.getLocalPort() + PATH);
  }

  /** {@code http://127.0.0.1:<port>/callback}. */
  URI redirectUri() {
    return redirectUri;
  }

  /**
   * Waits for the first {@code GET /callback} and answers it with {@link #defaultVerdict}'s page.
   *
   * @return the callback's query parameters (possibly empty), or null if none came within {@code
   *     timeout}, the receiver was closed, or the thread was interrupted (the interrupt flag is
   *     kept)
   */
  Map<String, String> await(Duration timeout) {
    return await(timeout, LoopbackReceiver::defaultVerdict);
  }

  /**
   * Waits for the first {@code GET /callback}; {@code verdict} decides its page on the connection's
   * thread before the page is sent: null for "Enrollment complete — you can close this window", or
   * a failure message to show instead. A verdict that throws shows a generic failure. If the
   * callback arrived within {@code timeout}, this waits for its verdict too (at most {@value
   * #VERDICT_GRACE_MILLIS} ms more).
   *
   * @return the callback's query parameters (possibly empty), or null if none came within {@code
   *     timeout}, the receiver was closed, or the thread was interrupted (the interrupt flag is
   *     kept)
   */
  Map<String, String> await(Duration timeout, Function<Map<String, String>, String> verdict) {
    this.verdict = verdict;
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    while (phase.get() == WAITING && !server.isClosed()) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        break;
      }
      try {
        server.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        Socket s = server.accept();
        if (!slots.tryAcquire()) {
          closeQuietly(s);
          continue;
        }
        open.add(s);
        Thread t = new Thread(() -> serve(s), "upkeep-enrollment-callback");
        t.setDaemon(true);
        t.start();
      } catch (SocketTimeoutException e) {
        // the deadline is checked by the loop
      } catch (IOException e) {
        break; // closed, by a callback's thread or by close()
      }
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    if (phase.compareAndSet(WAITING, ENDED) || phase.get() == ENDED) {
      return null; // timed out, closed or interrupted: a callback arriving now is turned away
    }
    try {
      return result.get(
          Math.max(0, deadline - System.nanoTime())
              + TimeUnit.MILLISECONDS.toNanos(VERDICT_GRACE_MILLIS),
          TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  /** Stops listening and drops every connection still open. Idempotent; never throws. */
  @Override
  public void close() {
    phase.compareAndSet(WAITING, ENDED);
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  /**
   * The page for a callback by its parameters alone: a failure naming {@code error} (and {@code
   * error_description}) if present, a failure if there is no {@code code}, else null (complete).
   */
  static String defaultVerdict(Map<String, String> params) {
    String error = params.get("error");
    if (error != null) {
      String description = params.get("error_description");
      return "access_denied".equals(error)
          ? "Enrollment was declined."
          : "The server answered " + error + (description == null ? "." : ": " + description);
    }
    return params.get("code") == null ? "The answer holds no authorization code." : null;
  }

  private void serve(Socket s) {
    try {
      s.setSoTimeout(READ_TIMEOUT_MILLIS);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      String requestLine;
      try {
        requestLine = line(in, MAX_LINE);
        if (requestLine == null || requestLine.isEmpty()) {
          return;
        }
        skipHeaders(in, MAX_HEAD - requestLine.length());
      } catch (TooLarge e) {
        respond(out, 431, "Request Header Fields Too Large", page("The request is too large."));
        return;
      }
      String[] parts = requestLine.split(" ");
      if (parts.length != 3 || !parts[2].startsWith("HTTP/")) {
        respond(out, 400, "Bad Request", page("This is not an HTTP request."));
        return;
      }
      String target = parts[1];
      int q = target.indexOf('?');
      String path = q < 0 ? target : target.substring(0, q);
      if (!PATH.equals(path)) {
        respond(out, 404, "Not Found", page("Nothing here."));
        return;
      }
      if (!"GET".equals(parts[0])) {
        respond(out, 405, "Method Not Allowed", page("Only GET is answered here."));
        return;
      }
      Map<String, String> params;
      try {
        params = query(q < 0 ? "" : target.substring(q + 1));
      } catch (IllegalArgumentException e) {
        respond(out, 400, "Bad Request", page("The answer's query string is malformed."));
        return;
      }
      if (!phase.compareAndSet(WAITING, ANSWERED)) {
        respond(out, 404, "Not Found", page("This enrollment has already been answered."));
        return;
      }
      try {
        String failure;
        try {
          failure = verdict.apply(params);
        } catch (RuntimeException e) {
          Log.debug("enrollment callback verdict failed: " + e);
          failure = "Something went wrong on this computer; see the application's output.";
        }
        respond(out, 200, "OK", failure == null ? SUCCESS_PAGE : page(failure));
      } finally {
        result.complete(Collections.unmodifiableMap(params));
        closeServerQuietly();
      }
    } catch (IOException | RuntimeException e) {
      // the browser went away or sent nonsense: nothing to answer
    } finally {
      open.remove(s);
      closeQuietly(s);
      slots.release();
    }
  }

  private static final String SUCCESS_PAGE =
      html("Enrollment complete", "Enrollment complete \u2014 you can close this window.");

  private static String page(String failure) {
    return html(
        "Enrollment failed",
        "Enrollment failed: "
            + escape(failure)
            + (failure.endsWith(".") ? "" : ".")
            + " You can close this window.");
  }

  private static String html(String title, String message) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
        + title
        + "</title></head><body><p>"
        + message
        + "</p></body></html>\n";
  }

  private static void respond(OutputStream out, int status, String reason, String body)
      throws IOException {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\nContent-Type: text/html; charset=utf-8"
            + "\r\nContent-Length: "
            + content.length
            + "\r\nCache-Control: no-store"
            + "\r\nReferrer-Policy: no-referrer"
            + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(content);
    out.flush();
  }

  /**
   * Decodes an {@code application/x-www-form-urlencoded} query: UTF-8 percent-escapes, {@code +} as
   * space; the first value of a repeated name wins; a name without {@code =} has value "".
   *
   * @throws IllegalArgumentException on a malformed escape
   */
  static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.putIfAbsent(name, value);
    }
    return params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '&':
          out.append("&amp;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&#39;");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }

  /** Thrown when a request head exceeds its bounds. */
  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("request head too large");
    }
  }

  /**
   * Reads header lines up to the blank line (or end of stream).
   *
   * @throws TooLarge if they exceed {@code budget} bytes
   */
  private static void skipHeaders(InputStream in, int budget) throws IOException {
    int left = budget;
    for (String h = line(in, left); h != null && !h.isEmpty(); h = line(in, left)) {
      left -= h.length() + 2;
      if (left <= 0) {
        throw new TooLarge();
      }
    }
  }

  /**
   * One LF- or CRLF-terminated line (ISO-8859-1) without its terminator; null at end of stream.
   *
   * @throws TooLarge if the line is longer than {@code max} bytes
   */
  private static String line(InputStream in, int max) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String s = buf.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      if (buf.size() >= max) {
        throw new TooLarge();
      }
      buf.write(b);
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
  }

  private void closeServerQuietly() {
    try {
      server.close();
    } catch (IOException e) {
      // the callback is in
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
