package dev.upkeep.server.http;

import java.io.IOException;
import java.util.Optional;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;

/**
 * Tells a request the client broke from a fault of the server: a Jetty {@link HttpException} with a
 * 4xx code (a {@code BadMessageException}: bad chunk size, header too large, body over the limit)
 * or any {@link IOException} while the body was read ({@code EofException}: a body shorter than its
 * {@code Content-Length}, a client that went away mid-body). Looks at the exception and at most
 * {@value #MAX_CAUSES} causes. Stateless.
 */
final class UnreadableRequest {
  /** How deep the cause chain is searched: {@value}. */
  static final int MAX_CAUSES = 8;

  private UnreadableRequest() {}

  /** The client error of a request, or empty when {@code e} is the server's own fault. */
  static Optional<ApiException> of(Throwable e) {
    Throwable t = e;
    for (int i = 0; t != null && i <= MAX_CAUSES; i++, t = t.getCause()) {
      if (t instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
        return Optional.of(forStatus(h.getCode()));
      }
      if (t instanceof EofException || (t instanceof IOException && thrownByJetty(t))) {
        return Optional.of(forStatus(400));
      }
    }
    return Optional.empty();
  }

  /**
   * Whether Jetty threw it: an {@link IOException} of the application (a file it could not read) is
   * the server's own fault and stays a 500.
   */
  private static boolean thrownByJetty(Throwable t) {
    StackTraceElement[] stack = t.getStackTrace();
    return stack.length > 0 && stack[0].getClassName().startsWith("org.eclipse.jetty.");
  }

  private static ApiException forStatus(int status) {
    return switch (status) {
      case 413 ->
          ApiException.of(413, "body_too_large", "The request body is larger than the limit.");
      case 431 ->
          ApiException.of(
              431, "headers_too_large", "The request headers are larger than the limit.");
      case 400 ->
          ApiException.of(
              400,
              "bad_framing",
              "The request could not be read: it ended early or its framing (Content-Length,"
                  + " chunk sizes) is broken.");
      default -> ApiException.of(status, "bad_request", "The request could not be read.");
    };
  }
}
