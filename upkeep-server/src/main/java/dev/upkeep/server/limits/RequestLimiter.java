package dev.upkeep.server.limits;

import java.time.Duration;
import java.util.List;

/**
 * The request limit per client address, as migas-server limits: at most {@code limit} requests per
 * fixed window, which starts at the address's first request; counted in a {@link LimitStore} under
 * a keyed hash of the address ({@link LimitKeys#requests}), so shared by every collector on a
 * shared store. Thread-safe.
 */
public final class RequestLimiter {
  private final long limit;
  private final Duration window;
  private final LimitStore store;
  private final LimitKeys keys;

  /**
   * @param limit requests per window, at least 1
   * @param window the window, at least one millisecond
   */
  public RequestLimiter(long limit, Duration window, LimitStore store, LimitKeys keys) {
    if (limit < 1 || window.toMillis() < 1) {
      throw new IllegalArgumentException(
          "rate-limit and its window must be positive, were " + limit + " and " + window);
    }
    this.limit = limit;
    this.window = window;
    this.store = store;
    this.keys = keys;
  }

  /**
   * Counts one request of {@code address}.
   *
   * @return 0 if it is allowed, otherwise the seconds until the address's window restarts (for
   *     {@code Retry-After}, at least 1)
   */
  public long acquire(String address) {
    return store
        .take(List.of(Charge.request(keys.requests(address), limit, window)))
        .retryAfterSeconds();
  }
}
