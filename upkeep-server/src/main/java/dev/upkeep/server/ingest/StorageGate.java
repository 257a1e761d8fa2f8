package dev.upkeep.server.ingest;

import dev.upkeep.server.store.fault.StorageUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store takes writes, as the last group commit found: after a {@link
 * StorageUnavailableException} new events are refused at once for a pause (so a full disk or a
 * database that is down costs no queueing and no write attempt per request), then the next commit
 * tries the store again; the first success reopens the gate. The pause is {@link #PAUSE} after a
 * fault of the disk, which someone must fix, and {@link #RECONNECT_PAUSE} when the database could
 * not be reached or answered too late, which ends by itself once it is back. Recovery needs nobody:
 * free space or make the disk writable, or bring the database back, and ingest resumes within the
 * pause. Refused requests are told the pause as {@code Retry-After}.
 *
 * <p>Logs one ERROR line when the store stops taking writes, one INFO line when it takes them
 * again, and while it stays unavailable one WARN reminder at most every {@link #REMINDER}, never
 * one per request.
 *
 * <p>Thread-safe: request threads call {@link #check()}, the writer threads (several on PostgreSQL)
 * the rest.
 */
final class StorageGate {
  private static final Logger LOG = LoggerFactory.getLogger(StorageGate.class);

  /** How long events are refused after a disk fault before the store is tried again: 10 s. */
  static final Duration PAUSE = Duration.ofSeconds(10);

  /**
   * How long events are refused after the database could not be reached (or timed out, or had no
   * free connection) before it is tried again: 2 seconds, as long as the store itself waits before
   * it tries an unreachable database again.
   */
  static final Duration RECONNECT_PAUSE = Duration.ofSeconds(2);

  /** Least time between two log lines about one outage: 5 minutes. */
  static final Duration REMINDER = Duration.ofMinutes(5);

  private final Clock clock;
  private volatile Instant pausedUntil;
  private volatile String condition;
  private volatile int retryAfterSeconds;
  private Instant since;
  private Instant lastLogged;
  private long refusedWrites;

  StorageGate(Clock clock) {
    this.clock = clock;
  }

  /**
   * @throws IngestPausedException while the pause after a failed write lasts
   */
  void check() {
    Instant until = pausedUntil;
    if (until != null && clock.instant().isBefore(until)) {
      throw new IngestPausedException(condition, retryAfterSeconds);
    }
  }

  /** The exception answering a request whose write failed for {@code e}; pauses the gate. */
  synchronized IngestPausedException failed(StorageUnavailableException e) {
    Instant now = clock.instant();
    Duration pause = diskFault(e.condition()) ? PAUSE : RECONNECT_PAUSE;
    refusedWrites++;
    if (pausedUntil == null) {
      since = now;
      lastLogged = now;
      refusedWrites = 1;
      LOG.error(
          "ingest paused: {}; events are answered 503 with Retry-After until a write succeeds,"
              + " tried again every {} s: {}",
          e.getMessage(),
          pause.toSeconds(),
          diskFault(e.condition())
              ? "free space on the data disk and ingest resumes by itself (a disk the kernel"
                  + " made read-only needs a restart once repaired)"
              : "ingest resumes by itself once the database answers again");
    } else if (!now.isBefore(lastLogged.plus(REMINDER))) {
      lastLogged = now;
      LOG.warn(
          "ingest still paused since {} ({}; {} failed writes so far)",
          since,
          e.condition(),
          refusedWrites);
    }
    condition = e.condition();
    retryAfterSeconds = (int) pause.toSeconds();
    pausedUntil = now.plus(pause);
    return new IngestPausedException(e.condition(), retryAfterSeconds);
  }

  /** Whether new events are refused now (the pause after a failed write lasts). */
  boolean paused() {
    Instant until = pausedUntil;
    return until != null && clock.instant().isBefore(until);
  }

  /** Whether {@code condition} is a fault of the disk rather than of reaching the database. */
  static boolean diskFault(String condition) {
    return switch (condition) {
      case "disk full", "read-only", "I/O error" -> true;
      default -> false;
    };
  }

  /** A write succeeded: reopens the gate (with one log line when it was paused). */
  synchronized void succeeded() {
    if (pausedUntil != null) {
      pausedUntil = null;
      LOG.info(
          "ingest resumed: the store takes writes again after {} ({} failed writes)",
          Duration.between(since, clock.instant()),
          refusedWrites);
    }
  }
}
