package dev.upkeep.server.versions.sources;

import dev.upkeep.server.store.SourceSnapshot;
import dev.upkeep.server.store.VersionSourceRecord;
import dev.upkeep.server.store.VersionSourceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
 * fetching thread.
 *
 * <p>Collectors sharing a store fetch a source once per TTL between them: before asking the source,
 * the fetching thread {@linkplain VersionSourceStore#claimFetch claims} the fetch in the store for
 * the timeout plus {@link #CLAIM_MARGIN}. When another collector holds the claim, or saved a
 * snapshot fresher than the TTL, this one asks nothing and {@linkplain #adopt adopts} the saved
 * snapshot instead (at once, and again when the other collector's save is announced by the change
 * log); after a failure the claim is held until the next attempt is due. A store that cannot answer
 * the claim does not stop the fetch. Thread-safe.
 */
final class SourceEntry {
  /** How much longer than the timeout a claim of a fetch lasts: 10 seconds. */
  static final Duration CLAIM_MARGIN = Duration.ofSeconds(10);

  /** Least time before asking the store again after a claim was refused: 1 second. */
  private static final long MIN_RETRY_MILLIS = 1000;

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

  /**
   * Takes a snapshot of this source that another collector saved, when it is newer than the one at
   * hand: it is served from now on, a failure of this collector's older than it is forgotten, and
   * the next fetch is not due before its TTL has passed.
   *
   * @param saved the saved snapshot, or null
   */
  synchronized void adopt(SourceSnapshot saved) {
    SourceSnapshot s = snapshot;
    if (saved == null || (s != null && !saved.fetchedAt().isAfter(s.fetchedAt()))) {
      return;
    }
    snapshot = saved;
    Instant f = failedAt;
    if (f != null && !f.isAfter(saved.fetchedAt())) {
      failure = null;
      failedAt = null;
    }
    nextAttemptMillis = Math.max(nextAttemptMillis, saved.fetchedAt().toEpochMilli() + ttlMillis());
  }

  private void fetch(Instant start, CompletableFuture<Void> mine) {
    try {
      if (!claim(start)) {
        return;
      }
      SourceSnapshot s = source.fetch(start, settings.timeout());
      synchronized (this) {
        snapshot = s;
        failure = null;
        failedAt = null;
      }
      try {
        store.saveSnapshot(record.id(), s);
      } catch (RuntimeException e) {
        LOG.warn("{}: cannot save its snapshot: {}", describe(), e.toString());
      }
    } catch (SourceException e) {
      e.retryAfter()
          .ifPresent(
              d -> nextAttemptMillis = Math.max(nextAttemptMillis, clock.millis() + d.toMillis()));
      fail(e.getMessage());
    } catch (RuntimeException e) {
      fail("unexpected error: " + e);
      LOG.warn("{}: fetch failed", describe(), e);
    } finally {
      release(mine);
    }
  }

  /**
   * Claims the fetch among the collectors sharing the store.
   *
   * @return false when another collector has it: what it saved is adopted, and the next attempt is
   *     due when its claim ends or its snapshot goes stale
   */
  private boolean claim(Instant start) {
    Optional<Instant> held;
    try {
      held =
          store.claimFetch(
              record.id(),
              start.minus(settings.ttl()),
              start,
              start.plus(settings.timeout()).plus(CLAIM_MARGIN));
    } catch (RuntimeException e) {
      LOG.debug("{}: cannot claim the fetch in the store, fetching anyway: {}", describe(), e);
      return true;
    }
    if (held.isEmpty()) {
      return true;
    }
    try {
      adopt(store.snapshot(record.id()).orElse(null));
    } catch (RuntimeException e) {
      LOG.debug("{}: cannot read the snapshot another collector saved: {}", describe(), e);
    }
    SourceSnapshot s = snapshot;
    long next = held.get().toEpochMilli();
    if (s != null) {
      next = Math.max(next, s.fetchedAt().toEpochMilli() + ttlMillis());
    }
    nextAttemptMillis = Math.max(next, start.toEpochMilli() + MIN_RETRY_MILLIS);
    return false;
  }

  private void fail(String reason) {
    synchronized (this) {
      failure = reason;
      failedAt = clock.instant();
    }
    LOG.info("{}: {}; serving its last known data", describe(), reason);
    try {
      store.holdFetch(record.id(), Instant.ofEpochMilli(nextAttemptMillis));
    } catch (RuntimeException e) {
      LOG.debug("{}: cannot hold the fetch in the store: {}", describe(), e);
    }
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
