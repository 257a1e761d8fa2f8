package dev.upkeep.server.alerts.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before attempt {@code n + 1}: {@code initial × 2^(n-1)}, at most {@code max}, less a
 * random part of up to {@link #JITTER} of it, so deliveries that failed together do not retry
 * together. Thread-safe.
 */
record Backoff(Duration initial, Duration max) {
  /** The largest share of a wait taken off at random: {@value}. */
  static final double JITTER = 0.25;

  /** The wait after failed attempt {@code attempt} (1 for the first). */
  Duration after(int attempt) {
    return jittered(base(attempt), ThreadLocalRandom.current().nextDouble());
  }

  /** The wait before jitter. */
  Duration base(int attempt) {
    long maxNanos = max.toNanos();
    long nanos = initial.toNanos();
    for (int i = 1; i < attempt && nanos < maxNanos; i++) {
      nanos = nanos > maxNanos / 2 ? maxNanos : nanos * 2;
    }
    return Duration.ofNanos(Math.min(nanos, maxNanos));
  }

  /** {@code base} less {@code random × JITTER} of it, {@code random} in [0, 1). */
  static Duration jittered(Duration base, double random) {
    long nanos = base.toNanos();
    return Duration.ofNanos(nanos - (long) (nanos * JITTER * random));
  }
}
