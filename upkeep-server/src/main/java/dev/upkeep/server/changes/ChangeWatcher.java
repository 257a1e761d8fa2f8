package dev.upkeep.server.changes;

import dev.upkeep.server.store.Change;
import dev.upkeep.server.store.ChangeLog;
import dev.upkeep.server.store.ChangeTopic;
import dev.upkeep.server.threads.DaemonTimer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this collector's caches in step with what other collectors on the same database change:
 * reads the store's {@link ChangeLog} every {@link #DEFAULT_INTERVAL} on one daemon thread and
 * hands the project of each change to the listeners of its topic, which drop what they cached of
 * it. A change made on another collector is therefore seen here within about the interval plus one
 * query. The log is polled rather than pushed (PostgreSQL's {@code LISTEN}): polling needs no
 * connection held open outside the pool, works through connection poolers and on SQLite, and loses
 * nothing while the database is unreachable, since revisions are durable: the first poll that
 * answers again catches up with every change since the last one seen.
 *
 * <p>One poll costs one indexed query returning no rows when nothing changed. A store that no other
 * collector can change (SQLite, which one process opens at a time) needs no watcher: {@link #off()}
 * polls nothing, and local changes drop their caches directly.
 *
 * <p>Listeners are registered before {@link #start()} and run on the watcher's thread. They must be
 * idempotent: when one throws (the store failed while it re-read something), the change and those
 * after it are handed out again at the next poll. Thread-safe.
 */
public final class ChangeWatcher implements AutoCloseable {
  /** Time between two reads of the change log: 1 second. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(ChangeWatcher.class);

  private final ChangeLog log;
  private final Duration interval;
  private final ScheduledExecutorService scheduler;
  private final Map<ChangeTopic, List<LongConsumer>> listeners = new EnumMap<>(ChangeTopic.class);
  private long seen = -1;
  private boolean failing;

  /**
   * @param log the log to read, or null for a watcher that does nothing
   * @param scheduler runs the polls; shut down by {@link #close()}
   */
  ChangeWatcher(ChangeLog log, Duration interval, ScheduledExecutorService scheduler) {
    if (log != null && (interval.isNegative() || interval.isZero())) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    this.log = log;
    this.interval = interval;
    this.scheduler = scheduler;
    for (ChangeTopic t : ChangeTopic.values()) {
      listeners.put(t, new CopyOnWriteArrayList<>());
    }
  }

  /** A watcher of {@code log} polling every {@link #DEFAULT_INTERVAL} once started. */
  public static ChangeWatcher create(ChangeLog log) {
    return create(log, DEFAULT_INTERVAL);
  }

  /** A watcher of {@code log} polling every {@code interval} once started. */
  public static ChangeWatcher create(ChangeLog log, Duration interval) {
    ScheduledExecutorService scheduler = DaemonTimer.single("upkeep-change-watcher");
    return new ChangeWatcher(log, interval, scheduler);
  }

  /** A watcher for a store no other collector changes: it starts no thread and reads nothing. */
  public static ChangeWatcher off() {
    return new ChangeWatcher(null, DEFAULT_INTERVAL, null);
  }

  /** Calls {@code listener} with the project id of every change of {@code topic}. */
  public void on(ChangeTopic topic, LongConsumer listener) {
    listeners.get(topic).add(listener);
  }

  /**
   * Reads the newest revision (changes before it are already in what the caches will read), then
   * polls every interval. Call before the caches are first filled.
   *
   * @throws dev.upkeep.server.store.StoreException when the log cannot be read
   */
  public void start() {
    if (log == null) {
      return;
    }
    synchronized (this) {
      seen = log.head();
    }
    long every = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Reads what changed since the last poll and tells the listeners; returns how many changes it
   * read. Runs on the watcher's thread; tests call it directly.
   *
   * @throws RuntimeException when the log cannot be read or a listener fails (what was not handed
   *     out whole is handed out again next time)
   */
  synchronized int poll() {
    if (log == null) {
      return 0;
    }
    if (seen < 0) {
      throw new IllegalStateException("poll() before start()");
    }
    List<Change> changes = log.since(seen);
    for (Change c : changes) {
      for (LongConsumer l : listeners.get(c.topic())) {
        l.accept(c.projectId());
      }
      seen = Math.max(seen, c.revision());
    }
    return changes.size();
  }

  private void pollQuietly() {
    try {
      int n = poll();
      if (failing) {
        failing = false;
        LOG.info("the change log answers again; {} changes of other collectors caught up", n);
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        LOG.warn(
            "cannot follow the change log ({}); what other collectors change is not seen here until"
                + " it answers, tried again every {} ms",
            e.toString(),
            interval.toMillis());
      }
    }
  }

  /** Stops polling. Idempotent. */
  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
