package dev.upkeep.server.installs;

import dev.upkeep.server.store.InstallStore;
import dev.upkeep.server.threads.DaemonTimer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges, every {@code purge-interval} (default one hour), what the install flows no longer need
 * ({@link InstallStore#purge}): authorization codes and access tokens past their expiry, the sealed
 * successor of refresh tokens past the {@code refresh-grace} period, revoked tokens, and, after
 * {@link #RETENTION}, used refresh tokens and revoked installs. Cut-offs are computed from the
 * injected clock; the interval is real time on one daemon thread started by {@link #start()} and
 * stopped by {@link #close()}. A failed run logs one WARN line and the next run tries again.
 * Thread-safe.
 */
public final class TokenPurge implements AutoCloseable {
  /**
   * How long used refresh tokens and revoked installs are kept: 30 days. Until then a reuse of a
   * used refresh token is recognised as a replay and revokes its family; after it, it is only an
   * unknown token ({@code invalid_grant} all the same), and a revoked install leaves the
   * administrator's list.
   */
  public static final Duration RETENTION = Duration.ofDays(30);

  private static final Logger LOG = LoggerFactory.getLogger(TokenPurge.class);

  private final InstallStore store;
  private final Clock clock;
  private final Duration grace;
  private final Duration interval;
  private ScheduledExecutorService timer;

  /**
   * @param grace the refresh grace period (setting {@code refresh-grace})
   * @param interval time between runs (setting {@code purge-interval})
   */
  public TokenPurge(InstallStore store, Clock clock, Duration grace, Duration interval) {
    this.store = store;
    this.clock = clock;
    this.grace = grace;
    this.interval = interval;
  }

  /** Purges once, now. */
  public InstallStore.Purged run() {
    Instant now = clock.instant();
    InstallStore.Purged p = store.purge(now, now.minus(grace), now.minus(RETENTION));
    if (p.codes() + p.tokens() + p.installs() > 0) {
      LOG.info(
          "purged {} expired authorization codes, {} install tokens and {} revoked installs",
          p.codes(),
          p.tokens(),
          p.installs());
    }
    return p;
  }

  /** Runs {@link #run()} every interval, the first after one interval. */
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer = DaemonTimer.single("upkeep-token-purge");
    long ms = interval.toMillis();
    timer.scheduleWithFixedDelay(this::runLogged, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void runLogged() {
    try {
      run();
    } catch (RuntimeException e) {
      LOG.warn("token purge failed, next try in {} s: {}", interval.toSeconds(), e.toString());
    }
  }

  /** Stops the timer; a run in progress finishes. Idempotent. */
  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
