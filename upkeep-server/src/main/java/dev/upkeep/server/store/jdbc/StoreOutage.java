package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.fault.StorageUnavailableException;
import dev.upkeep.server.store.jdbc.StorageFaults.Fault;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database could be reached lately, so that while it cannot, calls fail at once instead
 * of each waiting the connect timeout for a connection that will not come (a request thread held
 * for seconds per request would soon leave none for anything else).
 *
 * <p>After a call fails with a connection fault ({@link Fault#connection()}: refused, broken, shut
 * down, too many connections), calls fail at once with a {@link StorageUnavailableException} for
 * {@link #FAIL_FAST}; after that one call at a time tries the database again (the probe) while the
 * others still fail at once, and the first call that succeeds ends the outage. Health checks always
 * try the database (see {@link GuardedStore#check()}), so they end an outage too. Other faults (a
 * full disk, a statement timeout, a busy pool) concern the call that met them and start no outage.
 *
 * <p>Logs one ERROR line when an outage begins, a WARN reminder at most every {@link #REMINDER}
 * while it lasts, and one INFO line when it ends; never a line per call.
 *
 * <p>Thread-safe. Time is read from the injected monotonic clock (nanoseconds).
 */
final class StoreOutage {
  private static final Logger LOG = LoggerFactory.getLogger(StoreOutage.class);

  /** How long calls fail at once after a connection fault before one tries again: 2 seconds. */
  static final Duration FAIL_FAST = Duration.ofSeconds(2);

  /** Least time between two log lines about one outage: 5 minutes. */
  static final Duration REMINDER = Duration.ofMinutes(5);

  private final String store;
  private final LongSupplier nanoTime;
  private final AtomicBoolean probing = new AtomicBoolean();
  private final AtomicLong refused = new AtomicLong();
  private volatile boolean down;
  private volatile long retryAt;
  private volatile String condition;
  private long since;
  private long lastLogged;

  /** An outage tracker of {@code store} (its name, for messages) on {@link System#nanoTime()}. */
  StoreOutage(String store) {
    this(store, System::nanoTime);
  }

  StoreOutage(String store, LongSupplier nanoTime) {
    this.store = store;
    this.nanoTime = nanoTime;
  }

  /**
   * Lets a call through, or refuses it while the database is known to be unreachable.
   *
   * @return true when this call is the probe of an outage (it must report its outcome to {@link
   *     #succeeded} or {@link #failed} with {@code true})
   * @throws StorageUnavailableException while the outage's fail-fast time lasts, or while another
   *     call probes
   */
  boolean admit() {
    if (!down) {
      return false;
    }
    if (nanoTime.getAsLong() - retryAt >= 0 && probing.compareAndSet(false, true)) {
      return true;
    }
    refused.incrementAndGet();
    throw new StorageUnavailableException(
        condition,
        "the store "
            + store
            + " is "
            + condition
            + "; calls fail at once while it is, and one is tried every "
            + FAIL_FAST.toSeconds()
            + " s",
        null);
  }

  /** A call succeeded: ends an outage (with one log line). */
  void succeeded(boolean probe) {
    if (down) {
      synchronized (this) {
        if (down) {
          down = false;
          LOG.info(
              "the store {} answers again after {} ({} calls refused meanwhile)",
              store,
              Duration.ofNanos(nanoTime.getAsLong() - since),
              refused.getAndSet(0));
        }
      }
    }
    if (probe) {
      probing.set(false);
    }
  }

  /**
   * A call failed, with the fault it showed ({@code null} for another failure): a connection fault
   * begins or extends an outage.
   */
  void failed(boolean probe, Fault fault, Throwable failure) {
    if (fault != null && fault.connection()) {
      long now = nanoTime.getAsLong();
      synchronized (this) {
        if (!down) {
          since = now;
          lastLogged = now;
          condition = fault.condition;
          LOG.error(
              "the store {} is {} ({}); its calls are answered 503 with Retry-After until it"
                  + " answers again, tried every {} s, and the collector recovers by itself",
              store,
              fault.condition,
              failure == null ? "no detail" : StorageFaults.rootCause(failure),
              FAIL_FAST.toSeconds());
          down = true;
        } else if (now - lastLogged >= REMINDER.toNanos()) {
          lastLogged = now;
          LOG.warn(
              "the store {} is still {} after {} ({} calls refused so far)",
              store,
              condition,
              Duration.ofNanos(now - since),
              refused.get());
        }
        retryAt = now + FAIL_FAST.toNanos();
      }
    }
    if (probe) {
      probing.set(false);
    }
  }

  /** Whether an outage is going on. */
  boolean down() {
    return down;
  }
}
