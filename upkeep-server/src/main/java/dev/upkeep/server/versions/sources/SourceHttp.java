package dev.upkeep.server.versions.sources;

import dev.upkeep.server.settings.DurationText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET requests of the version sources: a deadline for the whole fetch, a body limit, and the
 * failures turned into {@link SourceException}s whose message a person can act on. Rate limits
 * ({@code 429}, or {@code 403} with {@code Retry-After} or GitHub's {@code X-RateLimit-Remaining:
 * 0}) carry the time to wait from {@code Retry-After} (seconds or an HTTP date) or {@code
 * X-RateLimit-Reset}. Thread-safe; one instance is shared by every source.
 */
final class SourceHttp {
  /** The largest body read: {@value} bytes (8 MiB). */
  static final int MAX_BODY_BYTES = 8 << 20;

  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final HttpClient client;
  private final Clock clock;

  /** {@code clock} dates a {@code Retry-After} or {@code X-RateLimit-Reset} given as a time. */
  SourceHttp(Duration connectTimeout, Clock clock) {
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** An answer: 2xx, or 404 when the caller accepts it. */
  record Response(int status, byte[] body, HttpHeaders headers) {
    /** The {@code rel="next"} URL of a {@code Link} header (GitHub's pagination), if any. */
    Optional<URI> next() {
      for (String link : headers.allValues("Link")) {
        Matcher m = NEXT_LINK.matcher(link);
        if (m.find()) {
          return Optional.of(URI.create(m.group(1)));
        }
      }
      return Optional.empty();
    }
  }

  /** When a whole fetch must be done: {@link System#nanoTime()} and the timeout it came from. */
  record Deadline(long nanos, Duration timeout) {
    /** A deadline {@code timeout} from now. */
    static Deadline after(Duration timeout) {
      return new Deadline(System.nanoTime() + timeout.toNanos(), timeout);
    }

    String tooSlow(URI uri) {
      return "no answer from " + host(uri) + " within " + DurationText.format(timeout);
    }
  }

  /**
   * GETs a URL before the deadline.
   *
   * @param notFoundIsAnswer whether 404 is an answer (else a failure)
   * @throws SourceException for any other status, a timeout, a refused connection, a body over the
   *     limit
   */
  Response get(URI uri, Map<String, String> headers, Deadline deadline, boolean notFoundIsAnswer)
      throws SourceException {
    long deadlineNanos = deadline.nanos();
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new SourceException(deadline.tooSlow(uri));
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(left)).GET();
    headers.forEach(req::header);
    CompletableFuture<HttpResponse<byte[]>> pending =
        client.sendAsync(req.build(), info -> new LimitedBody());
    HttpResponse<byte[]> res;
    try {
      res = pending.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new SourceException(deadline.tooSlow(uri), e);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new SourceException("interrupted while asking " + host(uri), e);
    } catch (ExecutionException e) {
      throw failure(uri, deadline, e.getCause());
    }
    int status = res.statusCode();
    if (status / 100 == 2 || (status == 404 && notFoundIsAnswer)) {
      return new Response(status, res.body(), res.headers());
    }
    throw statusFailure(uri, status, res.headers());
  }

  private static SourceException failure(URI uri, Deadline deadline, Throwable cause) {
    if (cause instanceof BodyTooLargeException) {
      return new SourceException(
          uri + " answered more than " + (MAX_BODY_BYTES >> 20) + " MiB", cause);
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return new SourceException(
          "could not connect to "
              + host(uri)
              + " within "
              + DurationText.format(deadline.timeout()),
          cause);
    }
    if (cause instanceof java.net.http.HttpTimeoutException) {
      return new SourceException(deadline.tooSlow(uri), cause);
    }
    if (cause instanceof ConnectException) {
      return new SourceException("cannot connect to " + host(uri) + " (connection refused)", cause);
    }
    if (cause instanceof IOException && cause.getCause() instanceof ConnectException) {
      return new SourceException("cannot connect to " + host(uri) + " (connection refused)", cause);
    }
    String m = cause.getMessage();
    return new SourceException(
        "request to " + host(uri) + " failed: " + (m == null ? cause.getClass().getName() : m),
        cause);
  }

  private SourceException statusFailure(URI uri, int status, HttpHeaders headers) {
    Duration retryAfter = retryAfter(headers, clock).orElse(null);
    boolean rateLimited =
        status == 429
            || (status == 403
                && (retryAfter != null
                    || headers.firstValue("X-RateLimit-Remaining").orElse("").equals("0")));
    if (rateLimited) {
      return new SourceException(
          "rate-limited by "
              + host(uri)
              + " (HTTP "
              + status
              + ")"
              + (retryAfter == null ? "" : ", retry after " + DurationText.format(retryAfter)),
          retryAfter,
          null);
    }
    return new SourceException(
        (status == 403 ? "refused by " : "HTTP " + status + " from ")
            + host(uri)
            + (status == 403 ? " (HTTP 403)" : "")
            + " for "
            + uri.getPath(),
        retryAfter,
        null);
  }

  /** {@code Retry-After} (seconds or an HTTP date), else GitHub's {@code X-RateLimit-Reset}. */
  static Optional<Duration> retryAfter(HttpHeaders headers, Clock clock) {
    Optional<String> after = headers.firstValue("Retry-After").map(String::strip);
    if (after.isPresent()) {
      String v = after.get();
      if (v.matches("\\d{1,9}")) {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      }
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        long s = at.toEpochSecond() - clock.millis() / 1000;
        return Optional.of(Duration.ofSeconds(Math.max(0, s)));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    if (headers.firstValue("X-RateLimit-Remaining").orElse("").equals("0")) {
      Optional<String> reset = headers.firstValue("X-RateLimit-Reset").map(String::strip);
      if (reset.isPresent() && reset.get().matches("\\d{1,12}")) {
        long s = Long.parseLong(reset.get()) - clock.millis() / 1000;
        return Optional.of(Duration.ofSeconds(Math.max(0, s)));
      }
    }
    return Optional.empty();
  }

  private static String host(URI uri) {
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  /** A body over {@link #MAX_BODY_BYTES}. */
  private static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
  }

  /** Collects a body up to the limit, then cancels. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        if (out.size() + b.remaining() > MAX_BODY_BYTES) {
          subscription.cancel();
          result.completeExceptionally(new BodyTooLargeException());
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        out.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }
  }
}
