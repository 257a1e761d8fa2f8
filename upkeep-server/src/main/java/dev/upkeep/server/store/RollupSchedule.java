package dev.upkeep.server.store;

import dev.upkeep.server.threads.DaemonTimer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's hourly maintenance: tasks that run first, in order (the collector's retention, which
 * deletes old events, and the users' requests to be forgotten), and then {@link
 * EventStore#rollUpPast}, {@link #FIRST_DELAY} after the collector started (so that start-up does
 * not wait for it) and then every {@link #INTERVAL}, on one daemon thread started by {@link
 * #start()} and stopped by {@link #close()}. A failed task or run logs one WARN line, the others
 * still run, and the next run tries again; answers stay exact without it, only slower over long
 * ranges. Thread-safe.
 */
public final class RollupSchedule implements AutoCloseable {
  /** Delay of the first run after {@link #start()}: 10 seconds. */
  public static final Duration FIRST_DELAY = Duration.ofSeconds(10);

  /** Time between runs: one hour. */
  public static final Duration INTERVAL = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(RollupSchedule.class);

  private final EventStore events;
  private final Clock clock;
  private final List<Task> first;
  private ScheduledExecutorService timer;

  /**
   * A task run before the summing, with the run's time.
   *
   * @param what what it does, for the WARN line when it fails: {@code "the retention"}
   */
  public record Task(String what, Consumer<Instant> run) {}

  /** Maintenance that only sums. */
  public RollupSchedule(EventStore events, Clock clock) {
    this(events, clock, List.of());
  }

  /**
   * @param first run before the summing at each run, in order
   */
  public RollupSchedule(EventStore events, Clock clock, List<Task> first) {
    this.events = events;
    this.clock = clock;
    this.first = List.copyOf(first);
  }

  /** Starts the runs; idempotent. */
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer = DaemonTimer.single("upkeep-rollups");
    timer.scheduleWithFixedDelay(
        this::run, FIRST_DELAY.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    Instant now = clock.instant();
    for (Task task : first) {
      try {
        task.run().accept(now);
      } catch (RuntimeException e) {
        LOG.warn(
            "{} failed, next try in {} min: {}", task.what(), INTERVAL.toMinutes(), e.toString());
      }
    }
    try {
      events.rollUpPast(now);
    } catch (RuntimeException e) {
      LOG.warn(
          "summing months and days into rollups failed, next try in {} min: {}",
          INTERVAL.toMinutes(),
          e.toString());
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
