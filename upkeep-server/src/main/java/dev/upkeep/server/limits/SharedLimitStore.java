package dev.upkeep.server.limits;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared store (PostgreSQL or Redis) with this collector's memory behind it. While the shared
 * store answers, every decision is its. When it fails (unreachable, too slow, an error), the
 * decision is counted in memory instead, so the request is neither refused nor held for that, and
 * the limits still apply, per collector (N collectors then allow N times the limits together); the
 * shared store is tried again {@link #DEFAULT_RETRY} later. The log gets one WARN line a minute
 * while it does not answer (with the number of decisions counted locally) and one INFO line when it
 * answers again.
 *
 * <p>A refund goes where its decision most likely went: to the shared store while it answers. A
 * decision counted locally and refunded after the shared store came back gives its charge to the
 * shared counters instead (bounded: a bucket never above its limit, a day never below zero).
 *
 * <p>Thread-safe.
 */
final class SharedLimitStore implements LimitStore {
  private static final Logger LOG = LoggerFactory.getLogger(SharedLimitStore.class);

  /** Wait before the shared store is tried again after it failed: 2 seconds. */
  static final Duration DEFAULT_RETRY = Duration.ofSeconds(2);

  private static final long WARN_NANOS = Duration.ofMinutes(1).toNanos();

  private final LimitStore shared;
  private final LimitStore local;
  private final long retryNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong localDecisions = new AtomicLong();
  private volatile boolean answering = true;
  private final AtomicLong retryAt = new AtomicLong();
  private volatile long lastWarn;
  private volatile boolean warned;

  SharedLimitStore(LimitStore shared, LimitStore local, Duration retry, LongSupplier nanoTime) {
    this.shared = shared;
    this.local = local;
    this.retryNanos = retry.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public Decision take(List<Charge> charges) {
    MemoryLimitStore.requireDistinctKeys(charges);
    if (tryShared()) {
      try {
        Decision d = shared.take(charges);
        answered();
        return d;
      } catch (RuntimeException e) {
        failed(e);
      }
    }
    localDecisions.incrementAndGet();
    return local.take(charges);
  }

  @Override
  public void refund(List<Charge> charges) {
    if (answering) {
      try {
        shared.refund(charges);
        return;
      } catch (RuntimeException e) {
        failed(e);
      }
    }
    local.refund(charges);
  }

  @Override
  public boolean answering() {
    return answering;
  }

  @Override
  public String describe() {
    return shared.describe();
  }

  @Override
  public void close() {
    try {
      shared.close();
    } finally {
      local.close();
    }
  }

  /**
   * True while the shared store answers; while it does not, true for one caller once the retry
   * interval has passed (the others count locally meanwhile rather than wait on it too).
   */
  private boolean tryShared() {
    if (answering) {
      return true;
    }
    long now = nanoTime.getAsLong();
    long at = retryAt.get();
    return now - at >= 0 && retryAt.compareAndSet(at, now + retryNanos);
  }

  private void answered() {
    if (!answering) {
      answering = true;
      LOG.info(
          "rate limits: {} answers again; the limits are shared again ({} decisions were counted in"
              + " this collector alone)",
          shared.describe(),
          localDecisions.getAndSet(0));
    }
  }

  private void failed(RuntimeException e) {
    long now = nanoTime.getAsLong();
    retryAt.set(now + retryNanos);
    answering = false;
    synchronized (this) {
      if (!warned || now - lastWarn >= WARN_NANOS) {
        warned = true;
        lastWarn = now;
        LOG.warn(
            "rate limits: {} did not answer ({}); counting them in this collector alone until it"
                + " does, retried every {} s ({} decisions counted locally since the last warning)",
            shared.describe(),
            e instanceof LimitStoreException && e.getCause() != null
                ? e.getCause().toString()
                : e.toString(),
            retryNanos / 1_000_000_000.0,
            localDecisions.getAndSet(0));
      }
    }
  }
}
