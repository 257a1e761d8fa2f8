package dev.upkeep.server.versions.sources;

import dev.upkeep.server.store.SourceSnapshot;
import dev.upkeep.server.store.VersionSourceRecord;
import dev.upkeep.server.store.VersionSourceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured source with its cache: the last good snapshot, the last failure, and when the
 * source may be asked next. Stale-while-revalidate with a single flight: {@link #refreshIfDue()}
 * starts at most one fetch at a time, on the executor, and only when the TTL since the start of the
 * previous attempt (successful or not) has passed, or later if a rate limit's {@code Retry-After}
 * says so; so the source is asked at most once per TTL however many checks call it. The slot is
 * taken (the next attempt time moved) before the fetch starts, which is what makes a check racing
 * with a finishing refresh see it as not due. A good snapshot is saved to the store from the
 * fetching thread. Thread-safe.
 */
final class SourceEntry {
  private static final Logger LOG = LoggerFactory.getLogger(SourceEntry.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final VersionSourceRecord record;
  private final VersionSource source;
  private final String unavailable;
  private final VersionSourceStore store;
  private final SourceSettings settings;
  private final Clock clock;
  private final Executor executor;
  private final AtomicReference<CompletableFuture<Void>> inFlight = new AtomicReference<>();
  private volatile SourceSnapshot snapshot;
  private volatile String failure;
  private volatile Instant failedAt;
  private volatile long nextAttemptMillis;

  /**
   * @param source the source, or null when it cannot be made
   * @param unavailable why it cannot be made (when {@code source} is null)
   * @param saved its last saved snapshot, or null
   */
  SourceEntry(
      VersionSourceRecord record,
      VersionSource source,
      String unavailable,
      SourceSnapshot saved,
      VersionSourceStore store,
      SourceSettings settings,
      Clock clock,
      Executor executor) {
    this.record = record;
    this.source = source;
    this.unavailable = unavailable;
    this.snapshot = saved;
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.executor = executor;
    this.nextAttemptMillis =
        saved == null ? Long.MIN_VALUE : saved.fetchedAt().toEpochMilli() + ttlMillis();
  }

  VersionSourceRecord record() {
    return record;
  }

  /** Whether a good snapshot is at hand. */
  boolean hasSnapshot() {
    return snapshot != null;
  }

  /**
   * Starts one background fetch if one is due and none is under way.
   *
   * @return the fetch under way (new or already running), or a completed future when none is
   */
  CompletableFuture<Void> refreshIfDue() {
    if (source == null || clock.millis() < nextAttemptMillis) {
      return running();
    }
    CompletableFuture<Void> mine = new CompletableFuture<>();
    if (!inFlight.compareAndSet(null, mine)) {
      return running();
    }
    if (clock.millis() < nextAttemptMillis) { // a refresh finished between the check and the CAS
      release(mine);
      return DONE;
    }
    Instant start = clock.instant();
    nextAttemptMillis = start.toEpochMilli() + ttlMillis();
    try {
      executor.execute(() -> fetch(start, mine));
    } catch (RejectedExecutionException e) { // shutting down
      release(mine);
    }
    return mine;
  }

  /** How the source is now. */
  SourceView view() {
    SourceSnapshot s = snapshot;
    String url = source == null ? null : source.url();
    SourceKind kind = kindOrNull();
    if (source == null) {
      return new SourceView(
          kind, record.reference(), url, SourceState.FAILING, unavailable, null, s);
    }
    String f = failure;
    SourceState state;
    if (f != null) {
      state = SourceState.FAILING;
    } else if (s == null) {
      state = SourceState.NEVER_FETCHED;
    } else if (clock.millis() >= s.fetchedAt().toEpochMilli() + ttlMillis()) {
      state = SourceState.STALE;
    } else {
      state = SourceState.FRESH;
    }
    return new SourceView(kind, record.reference(), url, state, f, f == null ? null : failedAt, s);
  }

  private void fetch(Instant start, CompletableFuture<Void> mine) {
    try {
      SourceSnapshot s = source.fetch(start, settings.timeout());
      snapshot = s;
      failure = null;
      failedAt = null;
      try {
        store.saveSnapshot(record.id(), s);
      } catch (RuntimeException e) {
        LOG.warn("{}: cannot save its snapshot: {}", describe(), e.toString());
      }
    } catch (SourceException e) {
      fail(e.getMessage());
      e.retryAfter()
          .ifPresent(
              d -> nextAttemptMillis = Math.max(nextAttemptMillis, clock.millis() + d.toMillis()));
    } catch (RuntimeException e) {
      fail("unexpected error: " + e);
      LOG.warn("{}: fetch failed", describe(), e);
    } finally {
      release(mine);
    }
  }

  private void fail(String reason) {
    failure = reason;
    failedAt = clock.instant();
    LOG.info("{}: {}; serving its last known data", describe(), reason);
  }

  private void release(CompletableFuture<Void> mine) {
    inFlight.compareAndSet(mine, null);
    mine.complete(null);
  }

  private CompletableFuture<Void> running() {
    CompletableFuture<Void> f = inFlight.get();
    return f == null ? DONE : f;
  }

  private SourceKind kindOrNull() {
    return source != null ? source.kind() : SourceKind.of(record.kind());
  }

  private long ttlMillis() {
    return settings.ttl().toMillis();
  }

  private String describe() {
    return record.kind() + " source " + record.reference();
  }
}
