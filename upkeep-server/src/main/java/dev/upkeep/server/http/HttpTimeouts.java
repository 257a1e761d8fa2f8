package dev.upkeep.server.http;

import java.time.Duration;

/**
 * How long a client may take, so that slow clients cannot hold connections (slowloris): a request's
 * header must be complete within {@code header} of its first byte, the whole request (header and
 * body) within {@code request} (longer for a large declared body: the time it takes at {@link
 * #MIN_BODY_RATE}), and a connection on which nothing moves is closed after {@code idle}. A
 * connection past a deadline is closed without an answer.
 *
 * @param header first byte to end of header; default {@link #DEFAULT_HEADER}
 * @param request first byte to end of body; default {@link #DEFAULT_REQUEST}
 * @param idle no byte read or written; default {@link #DEFAULT_IDLE} (Jetty's idle timeout)
 */
public record HttpTimeouts(Duration header, Duration request, Duration idle) {
  /** Default header deadline: 10 s. */
  public static final Duration DEFAULT_HEADER = Duration.ofSeconds(10);

  /** Default request deadline: 60 s (a 4 MiB batch at 70 KB/s). */
  public static final Duration DEFAULT_REQUEST = Duration.ofSeconds(60);

  /** Default idle timeout: 30 s. */
  public static final Duration DEFAULT_IDLE = Duration.ofSeconds(30);

  /**
   * The slowest body the request deadline waits for, in bytes per second: {@value} (64 KiB/s). A
   * request declaring a body of N bytes has at least N / {@value} seconds after its header (a 32
   * MiB otumat upload: 512 s).
   */
  public static final long MIN_BODY_RATE = 64 * 1024;

  public HttpTimeouts {
    positive("header-timeout", header);
    positive("request-timeout", request);
    positive("idle-timeout", idle);
    if (request.compareTo(header) < 0) {
      throw new IllegalArgumentException(
          "request-timeout ("
              + request.toMillis()
              + " ms) must not be shorter than header-timeout ("
              + header.toMillis()
              + " ms)");
    }
  }

  private static void positive(String name, Duration d) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d.toMillis() + " ms");
    }
  }
}
