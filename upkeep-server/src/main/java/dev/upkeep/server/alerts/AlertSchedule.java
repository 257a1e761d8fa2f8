package dev.upkeep.server.alerts;

import dev.upkeep.server.ingest.EventWriter;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.threads.DaemonTimer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the alert rules are evaluated: every {@code interval} (setting {@code alert-interval},
 * default 1 minute) and, sooner, once {@code ingestTrigger} events were stored since the last
 * evaluation ({@link #around}: the ingest pipeline's writer counts them), but not sooner than
 * {@link #MIN_GAP} (or {@code interval}, if shorter) after the last evaluation began: under
 * sustained ingest the trigger is reached many times a second, and evaluating back to back would
 * take a core. On one daemon thread ({@code upkeep-alerts}) started by {@link #start()} and stopped
 * by {@link #close()}. An evaluation that fails logs one WARN line and the next one tries again.
 * Thread-safe.
 */
public final class AlertSchedule implements AutoCloseable {
  /** Events stored that bring the next evaluation forward: {@value}. */
  public static final long DEFAULT_INGEST_TRIGGER = 1000;

  /** Least time from an evaluation's start to the next one the ingest trigger asks for: 5 s. */
  public static final Duration MIN_GAP = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(AlertSchedule.class);

  private final Runnable evaluation;
  private final Duration interval;
  private final long ingestTrigger;
  private final long gapNanos;
  private volatile long lastStart;
  private final AtomicLong stored = new AtomicLong();
  private final AtomicBoolean pending = new AtomicBoolean();
  private ScheduledExecutorService timer;

  /**
   * @param evaluation evaluates every rule ({@link AlertEvaluator#evaluateAll()})
   * @param interval time between evaluations, positive
   * @param ingestTrigger events stored that bring an evaluation forward, 1 or more
   */
  public AlertSchedule(Runnable evaluation, Duration interval, long ingestTrigger) {
    this(evaluation, interval, ingestTrigger, MIN_GAP);
  }

  /** As the public constructor, with {@code minGap} in place of {@link #MIN_GAP} (tests). */
  AlertSchedule(Runnable evaluation, Duration interval, long ingestTrigger, Duration minGap) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("alert-interval must be positive, was " + interval);
    }
    if (ingestTrigger < 1) {
      throw new IllegalArgumentException("ingestTrigger must be 1 or more, was " + ingestTrigger);
    }
    this.evaluation = evaluation;
    this.interval = interval;
    this.ingestTrigger = ingestTrigger;
    this.gapNanos = (interval.compareTo(minGap) < 0 ? interval : minGap).toNanos();
    this.lastStart = System.nanoTime() - gapNanos;
  }

  /** Starts the evaluations; idempotent. */
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer = DaemonTimer.single("upkeep-alerts");
    timer.scheduleWithFixedDelay(
        this::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * {@code writer} counting the events it stores: when they reach the ingest trigger, an evaluation
   * is asked for at once (one at a time; the writer never waits for it).
   */
  public EventWriter around(EventWriter writer) {
    return (List<UsageEvent> events) -> {
      int[] stored = writer.append(events);
      long n = 0;
      for (int s : stored) {
        n += s;
      }
      if (n > 0 && this.stored.addAndGet(n) >= ingestTrigger) {
        request();
      }
      return stored;
    };
  }

  /**
   * Asks for an evaluation as soon as the least gap after the last one allows, unless one is
   * already asked for.
   */
  public void request() {
    ScheduledExecutorService t;
    synchronized (this) {
      t = timer;
    }
    if (t != null && pending.compareAndSet(false, true)) {
      long wait = Math.max(0, lastStart + gapNanos - System.nanoTime());
      try {
        t.schedule(this::run, wait, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        pending.set(false); // closed
      }
    }
  }

  private void run() {
    lastStart = System.nanoTime();
    pending.set(false);
    stored.set(0);
    try {
      evaluation.run();
    } catch (RuntimeException e) {
      LOG.warn("evaluating the alert rules failed, next try in {}: {}", interval, e.toString());
    }
  }

  /** Stops the evaluations, waiting up to 5 seconds for one under way. */
  @Override
  public synchronized void close() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer = null;
  }
}
