package dev.upkeep.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed-window request counter per client key (the client IP), as migas-server limits: at most
 * {@code limit} requests per window; the window restarts when it has passed. Keys are held only in
 * memory and only for the current window; they are never stored. Thread-safe.
 */
public final class RateLimiter {
  private final int limit;
  private final long windowMillis;
  private final Clock clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep = new AtomicLong();

  public RateLimiter(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  /**
   * Counts one request.
   *
   * @return 0 if it is allowed, otherwise the seconds until the key's window restarts (for {@code
   *     Retry-After}, at least 1)
   */
  public long acquire(String key) {
    long now = clock.millis();
    sweep(now);
    Window w =
        windows.compute(key, (k, old) -> old == null || old.expired(now) ? new Window(now) : old);
    if (w.count.incrementAndGet() <= limit) {
      return 0;
    }
    return Math.max(1, (w.start + windowMillis - now + 999) / 1000);
  }

  private void sweep(long now) {
    long last = lastSweep.get();
    if (now - last >= windowMillis && lastSweep.compareAndSet(last, now)) {
      windows.values().removeIf(w -> w.expired(now));
    }
  }

  private final class Window {
    final long start;
    final AtomicLong count = new AtomicLong();

    Window(long start) {
      this.start = start;
    }

    boolean expired(long now) {
      return now - start >= windowMillis;
    }
  }
}
