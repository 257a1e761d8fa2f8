package dev.upkeep.client.internal.transport;

import dev.upkeep.client.internal.env.EnvSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP exchange over {@link HttpURLConnection} (not {@code java.net.http}: it costs about half
 * a second at first use and Android lacks it), with connect and read timeouts and the proxy of
 * {@link Proxies}. Thread-safe.
 */
public final class Http {
  /** Largest response body read, in bytes: {@value}. */
  static final int MAX_RESPONSE = 1 << 20;

  private final Proxies proxies;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final String userAgent;
  private final java.util.Set<HttpURLConnection> open =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final java.io.PrintStream inspect;

  public Http(Proxies proxies, int connectTimeoutMillis, int readTimeoutMillis, String userAgent) {
    this(proxies, connectTimeoutMillis, readTimeoutMillis, userAgent, null);
  }

  /**
   * @param inspect where to print every request instead of sending it ({@code UPKEEP_INSPECT=1}),
   *     or null to send
   */
  public Http(
      Proxies proxies,
      int connectTimeoutMillis,
      int readTimeoutMillis,
      String userAgent,
      java.io.PrintStream inspect) {
    this.proxies = proxies;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.readTimeoutMillis = readTimeoutMillis;
    this.userAgent = userAgent;
    this.inspect = inspect;
  }

  /**
   * An exchange with the timeouts {@code env} settled on and the proxy its variables name.
   *
   * @param inspect where to print every request instead of sending it, or null to send
   */
  public static Http of(EnvSettings env, String userAgent, java.io.PrintStream inspect) {
    return new Http(
        new Proxies(env.variables, env.properties),
        (int) env.connectTimeout.toMillis(),
        (int) env.readTimeout.toMillis(),
        userAgent,
        inspect);
  }

  /** Whether requests are printed instead of sent. */
  public boolean inspecting() {
    return inspect != null;
  }

  /** A response: status code, {@code Retry-After} in milliseconds (0 if none), body text. */
  public static final class Response {
    public final int status;
    public final long retryAfterMillis;
    public final String body;

    Response(int status, long retryAfterMillis, String body) {
      this.status = status;
      this.retryAfterMillis = retryAfterMillis;
      this.body = body;
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** Whether trying again later may succeed: 429, 502, 503, 504. */
    public boolean retryable() {
      return status == 429 || status == 502 || status == 503 || status == 504;
    }
  }

  /**
   * Sends a request.
   *
   * @param body bytes to send, or null for none
   * @throws IOException on a network error or timeout (retryable)
   */
  public Response exchange(String method, URI uri, String contentType, byte[] body)
      throws IOException {
    return exchange(method, uri, contentType, body, Map.of());
  }

  /**
   * Sends a request with extra headers, e.g. {@code Authorization: Bearer <token>}; each replaces a
   * default header of the same name ({@code User-Agent}, {@code Accept: application/json}), but
   * {@code Content-Type} is always {@code contentType} when there is a body.
   *
   * @param body bytes to send, or null for none
   * @param headers extra request headers, name to value; not null
   * @throws IOException on a network error or timeout (retryable)
   * @throws IllegalArgumentException if a header name or value holds CR or LF
   */
  public Response exchange(
      String method, URI uri, String contentType, byte[] body, Map<String, String> headers)
      throws IOException {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (breaksLine(h.getKey()) || breaksLine(h.getValue())) {
        throw new IllegalArgumentException("header " + h.getKey().strip() + " holds CR or LF");
      }
    }
    if (inspect != null) {
      return printed(method, uri, contentType, body, headers);
    }
    URL url = uri.toURL();
    Proxy proxy = proxies.select(uri);
    HttpURLConnection c =
        (HttpURLConnection) (proxy == null ? url.openConnection() : url.openConnection(proxy));
    open.add(c);
    try {
      c.setConnectTimeout(connectTimeoutMillis);
      c.setReadTimeout(readTimeoutMillis);
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setRequestMethod(method);
      c.setRequestProperty("User-Agent", userAgent);
      c.setRequestProperty("Accept", "application/json");
      for (Map.Entry<String, String> h : headers.entrySet()) {
        c.setRequestProperty(h.getKey(), h.getValue());
      }
      if (body != null) {
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", contentType);
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = c.getOutputStream()) {
          out.write(body);
        }
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      String text = in == null ? "" : read(in);
      return new Response(status, retryAfter(c.getHeaderField("Retry-After")), text);
    } finally {
      open.remove(c);
      c.disconnect();
    }
  }

  /**
   * Closes every exchange in progress; their callers get an {@link IOException}. Used at the exit
   * deadline: a thread blocked reading from a server that never answers would otherwise keep the
   * JVM's exit waiting for it (HotSpot waits for threads in native code).
   */
  public void abort() {
    for (HttpURLConnection c : open) {
      c.disconnect();
    }
  }

  /**
   * Inspect mode: prints the request as it would go on the wire (request line, headers, body; a
   * bearer token shortened to its prefix) and answers 202 with an empty body, so nothing is
   * retried, spooled or sent.
   */
  private Response printed(
      String method, URI uri, String contentType, byte[] body, Map<String, String> headers) {
    StringBuilder out =
        new StringBuilder("upkeep inspect: not sent:\n")
            .append(method)
            .append(' ')
            .append(uri)
            .append("\nUser-Agent: ")
            .append(userAgent)
            .append('\n');
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String value = h.getValue();
      out.append(h.getKey())
          .append(": ")
          .append(
              value.startsWith("Bearer ") && value.length() > 13
                  ? value.substring(0, 13) + "... (token shortened here)"
                  : value)
          .append('\n');
    }
    if (body != null) {
      out.append("Content-Type: ")
          .append(contentType)
          .append("\n\n")
          .append(new String(body, StandardCharsets.UTF_8))
          .append('\n');
    }
    synchronized (inspect) {
      inspect.print(out);
      inspect.flush();
    }
    return new Response(202, 0, "");
  }

  private static boolean breaksLine(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
  }

  private static String read(InputStream in) throws IOException {
    try (InputStream stream = in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = stream.read(buf)) > 0 && out.size() < MAX_RESPONSE) {
        out.write(buf, 0, n);
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** {@code Retry-After} in seconds (dates are not honoured), as milliseconds; 0 if absent. */
  static long retryAfter(String header) {
    if (header == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim())) * 1000;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
