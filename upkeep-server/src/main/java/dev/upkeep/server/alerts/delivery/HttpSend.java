package dev.upkeep.server.alerts.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * One HTTP request of a delivery, its answer judged: 2xx delivered; 429 and 5xx, refused
 * connections and timeouts worth another attempt ({@code Retry-After} read as seconds or an HTTP
 * date); other statuses (3xx, 4xx) and TLS failures not. Thread-safe.
 */
final class HttpSend {
  /** How much of an error answer goes into the error text: {@value} characters. */
  static final int SNIPPET_CHARS = 200;

  /** How much of an error answer is read: {@value} bytes. */
  static final int SNIPPET_READ_BYTES = 8192;

  private final HttpClient client;
  private final Duration requestTimeout;
  private final Clock clock;

  HttpSend(HttpClient client, Duration requestTimeout, Clock clock) {
    this.client = client;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
  }

  /**
   * Sends {@code body} with {@code method} to {@code uri}.
   *
   * @param label the destination's label, which error texts name instead of the URI
   */
  SendResult send(
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      String label,
      Secrets secrets) {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json")
            .header("User-Agent", "upkeep-alerts");
    headers.forEach(req::header);
    HttpResponse<InputStream> res;
    try {
      res = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.retry(0, "interrupted while sending to " + label, null);
    } catch (IOException e) {
      return failure(e, label);
    }
    int status = res.statusCode();
    String snippet = snippet(res, secrets);
    if (status / 100 == 2) {
      return SendResult.ok(status);
    }
    String error = "HTTP " + status + " from " + label + (snippet.isEmpty() ? "" : ": " + snippet);
    if (status == 429 || status / 100 == 5) {
      return SendResult.retry(status, error, retryAfter(res.headers(), clock));
    }
    if (status / 100 == 3) {
      return SendResult.fail(
          status,
          error
              + " (a redirect to "
              + res.headers().firstValue("Location").map(HttpSend::withoutQuery).orElse("nowhere")
              + "; redirects are not followed: configure the final URL)");
    }
    return SendResult.fail(status, error);
  }

  private SendResult failure(IOException e, String label) {
    if (e instanceof HttpConnectTimeoutException) {
      return SendResult.retry(0, "could not connect to " + label + " in time", null);
    }
    if (e instanceof HttpTimeoutException) {
      return SendResult.retry(
          0, "no answer from " + label + " within " + requestTimeout.toSeconds() + " s", null);
    }
    if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      return SendResult.retry(0, "cannot connect to " + label + " (connection refused)", null);
    }
    if (e instanceof SSLException || e.getCause() instanceof SSLException) {
      return SendResult.fail(
          0, "TLS with " + label + " failed: " + message(e) + " (check the server's certificate)");
    }
    return SendResult.retry(0, "request to " + label + " failed: " + message(e), null);
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /**
   * The start of the answer's body, on one line, without the attempt's secrets (a receiver may echo
   * the request); empty when there is none.
   */
  private static String snippet(HttpResponse<InputStream> res, Secrets secrets) {
    try (InputStream in = res.body()) {
      byte[] head = in.readNBytes(SNIPPET_READ_BYTES);
      String s = secrets.scrubAndCut(new String(head, StandardCharsets.UTF_8), Integer.MAX_VALUE);
      return secrets.scrubAndCut(s.replaceAll("\\s+", " ").strip(), SNIPPET_CHARS);
    } catch (IOException e) {
      return "";
    }
  }

  private static String withoutQuery(String location) {
    int q = location.indexOf('?');
    return q < 0 ? location : location.substring(0, q);
  }

  /** {@code Retry-After} as seconds or an HTTP date (relative to {@code clock}), or null. */
  static Duration retryAfter(HttpHeaders headers, Clock clock) {
    String v = headers.firstValue("Retry-After").map(String::strip).orElse(null);
    if (v == null) {
      return null;
    }
    if (v.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      return Duration.ofSeconds(Math.max(0, at.toEpochSecond() - clock.instant().getEpochSecond()));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
