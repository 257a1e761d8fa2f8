package dev.upkeep.client.internal.delivery;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the n-th retry waits a random time up to {@code min(max,
 * base * 2^n)}, or what the server asked with {@code Retry-After} when that is longer. Not
 * thread-safe: owned by the sender thread.
 */
final class Backoff {
  private final long baseMillis;
  private final long maxMillis;
  private int failures;

  Backoff(long baseMillis, long maxMillis) {
    this.baseMillis = baseMillis;
    this.maxMillis = maxMillis;
  }

  /** Records a failure; returns how long to wait before the next attempt, in milliseconds. */
  long failed(long retryAfterMillis) {
    long cap = Math.min(maxMillis, baseMillis << Math.min(failures, 20));
    failures++;
    long jittered = ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    return Math.max(jittered, Math.min(retryAfterMillis, maxMillis));
  }

  void succeeded() {
    failures = 0;
  }

  int failures() {
    return failures;
  }
}
