package dev.upkeep.server.http;

import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;

/**
 * The headers every answer of the collector carries, set in one place for all routes, the error
 * mapper ({@link HttpErrors}), Javalin's own answers (404, 405) and Jetty's (400 for a malformed
 * request, 431 for huge headers):
 *
 * <ul>
 *   <li>{@code X-Content-Type-Options: nosniff} on every answer;
 *   <li>{@code Cache-Control: no-store} on every answer whose route does not set its own (JSON
 *       answers may carry tokens, usage figures or install ids; pages carry form tokens). The badge
 *       sets {@code public, max-age=...}, which replaces it.
 * </ul>
 *
 * <p>The headers are put on the response before any handler runs ({@link #customizer()}), and again
 * by Jetty's error handler ({@link PlainErrorHandler}), which clears a response's headers before
 * writing an error page. Thread-safe and stateless.
 */
public final class SecurityHeaders {
  /** {@code X-Content-Type-Options: nosniff}. */
  public static final HttpField NOSNIFF = new HttpField("X-Content-Type-Options", "nosniff");

  /** {@code Cache-Control: no-store}. */
  public static final HttpField NO_STORE = new HttpField(HttpHeader.CACHE_CONTROL, "no-store");

  private static final List<HttpField> ALL = List.of(NOSNIFF, NO_STORE);

  private SecurityHeaders() {}

  /** A connector customizer putting the headers on every response before it is handled. */
  public static HttpConfiguration.Customizer customizer() {
    return (request, responseHeaders) -> {
      put(responseHeaders);
      return request;
    };
  }

  /** Puts both headers on {@code headers} (Jetty's error pages, see {@link PlainErrorHandler}). */
  static void put(HttpFields.Mutable headers) {
    for (HttpField f : ALL) {
      headers.put(f);
    }
  }
}
