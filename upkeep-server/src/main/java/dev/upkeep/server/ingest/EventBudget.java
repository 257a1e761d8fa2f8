package dev.upkeep.server.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket per key, counted in events: each key may take {@code limit} events per {@code
 * window} on average, refilled continuously, and may burst up to {@code limit}. A request is
 * admitted whenever its key's bucket is not in debt, and takes all its events even when that drives
 * the bucket below zero; the key then waits until the debt is repaid. So a request larger than the
 * limit (an otumat client's whole cache) is never refused forever, and the average rate still
 * holds.
 *
 * <p>Buckets live in memory only, for keys seen in the last window (a full bucket is forgotten).
 * Thread-safe.
 */
final class EventBudget {
  private final long limit;
  private final double perMilli;
  private final long windowMillis;
  private final Clock clock;
  private final ConcurrentHashMap<Object, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep = new AtomicLong();

  /**
   * @param limit events per window, at least 1
   * @param window the refill period, at least one second
   */
  EventBudget(long limit, Duration window, Clock clock) {
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.perMilli = (double) limit / windowMillis;
    this.clock = clock;
  }

  /**
   * Takes {@code events} from {@code key}'s bucket.
   *
   * @return 0 if admitted, otherwise the whole seconds until the bucket is out of debt (at least 1)
   */
  long take(Object key, int events) {
    long now = clock.millis();
    sweep(now);
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(limit, now));
    synchronized (b) {
      b.refill(now);
      if (b.tokens <= 0) {
        return Math.max(1, (long) Math.ceil((1 - b.tokens) / perMilli / 1000));
      }
      b.tokens -= events;
      return 0;
    }
  }

  /** Gives back events taken by {@link #take} for a request that was then refused elsewhere. */
  void refund(Object key, int events) {
    Bucket b = buckets.get(key);
    if (b != null) {
      synchronized (b) {
        b.tokens = Math.min(limit, b.tokens + events);
      }
    }
  }

  private void sweep(long now) {
    long last = lastSweep.get();
    if (now - last >= windowMillis && lastSweep.compareAndSet(last, now)) {
      buckets
          .values()
          .removeIf(
              b -> {
                synchronized (b) {
                  b.refill(now);
                  return b.tokens >= limit;
                }
              });
    }
  }

  private final class Bucket {
    double tokens;
    long at;

    Bucket(long tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    void refill(long now) {
      if (now > at) {
        tokens = Math.min(limit, tokens + (now - at) * perMilli);
        at = now;
      }
    }
  }
}
