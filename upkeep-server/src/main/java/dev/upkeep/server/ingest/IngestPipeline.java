package dev.upkeep.server.ingest;

import dev.upkeep.server.store.StorageUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's write path: a bounded queue in front of one writer thread that commits events in
 * groups.
 *
 * <p>Request threads call {@link #submit} with validated events and get a future that completes
 * only after the transaction holding those events has committed; an HTTP adapter answers 2xx from
 * that future and never before. While one group commits, new requests queue up and go into the next
 * group, so under load one commit (and one fsync) serves many requests.
 *
 * <p>Capacity is counted in events. A submit that does not fit is refused whole with {@link
 * QueueFullException} (HTTP 503 with {@code Retry-After}); nothing accepted is ever dropped: {@link
 * #close()} stops accepting, then drains and commits everything queued.
 *
 * <p>A store that cannot write (disk full, read-only, I/O errors: a {@link
 * StorageUnavailableException} from the writer) fails the whole group at once with {@link
 * IngestPausedException} (503 with {@code Retry-After}), without the per-request retry, and pauses
 * ingest for a few seconds (see {@link StorageGate}); the writer's transaction was rolled back, so
 * nothing of a refused request is kept, and every acknowledged event stays stored. The first write
 * that succeeds after space returns resumes ingest.
 *
 * <p>Thread-safe: any number of threads may submit concurrently.
 */
public final class IngestPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
  private static final int WRITE_ATTEMPTS = 3;

  private final EventWriter writer;
  private final int capacity;
  private final int maxBatch;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queuedEvents = new AtomicInteger();
  private final Thread thread;
  private final Counter committed;
  private final Counter duplicates;
  private final Counter failed;
  private final Timer commitTimer;
  private final ReadWriteLock closing = new ReentrantReadWriteLock();
  private volatile boolean closed;
  private final StorageGate gate;
  private Exception lastFailure;

  /**
   * @param writer stores a group of events in one transaction
   * @param capacity most events waiting at once; must be at least {@code maxBatch}
   * @param maxBatch most events in one group commit
   * @param registry receives {@code upkeep.ingest.*} meters
   */
  public IngestPipeline(EventWriter writer, int capacity, int maxBatch, MeterRegistry registry) {
    this(writer, capacity, maxBatch, registry, Clock.systemUTC());
  }

  /**
   * As {@link #IngestPipeline(EventWriter, int, int, MeterRegistry)}, with the clock that times the
   * pause after the store was found unable to write.
   */
  public IngestPipeline(
      EventWriter writer, int capacity, int maxBatch, MeterRegistry registry, Clock clock) {
    if (capacity < 1 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "capacity and maxBatch must be positive, were " + capacity + " and " + maxBatch);
    }
    this.writer = writer;
    this.capacity = capacity;
    this.maxBatch = maxBatch;
    this.committed = registry.counter("upkeep.ingest.events", "outcome", "stored");
    this.duplicates = registry.counter("upkeep.ingest.events", "outcome", "duplicate");
    this.failed = registry.counter("upkeep.ingest.events", "outcome", "failed");
    this.commitTimer =
        Timer.builder("upkeep.ingest.commit")
            .description("Latency of one group commit")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    Gauge.builder("upkeep.ingest.queue.depth", queuedEvents, AtomicInteger::get)
        .description("Events accepted and not yet committed")
        .register(registry);
    this.gate = new StorageGate(clock);
    this.thread = new Thread(this::run, "upkeep-ingest-writer");
  }

  /** Starts the writer thread. */
  public void start() {
    thread.start();
  }

  /**
   * Queues events for the next group commit.
   *
   * @param events validated events, at most the queue's capacity
   * @return completes with the number of events newly stored (duplicates of an already stored event
   *     id are not counted) once committed, or exceptionally if the transaction failed
   * @throws QueueFullException if the events do not fit or the pipeline is closing
   * @throws IngestPausedException while the store cannot write (the future, too, may complete with
   *     it)
   */
  public CompletableFuture<Integer> submit(List<UsageEvent> events) {
    int n = events.size();
    gate.check();
    // The read lock makes "not closed, then queued" atomic with respect to close(), so nothing
    // is queued after the writer's final drain.
    closing.readLock().lock();
    try {
      if (closed) {
        throw new QueueFullException("the collector is shutting down", 5);
      }
      while (true) {
        int current = queuedEvents.get();
        if (current + n > capacity) {
          throw new QueueFullException(
              "the ingest queue is full (" + current + " of " + capacity + " events waiting)", 1);
        }
        if (queuedEvents.compareAndSet(current, current + n)) {
          break;
        }
      }
      Pending pending = new Pending(events, new CompletableFuture<>());
      queue.add(pending);
      return pending.done;
    } finally {
      closing.readLock().unlock();
    }
  }

  /** Events accepted and not yet committed. */
  public int depth() {
    return queuedEvents.get();
  }

  /** The queue's capacity in events. */
  public int capacity() {
    return capacity;
  }

  /**
   * Stops accepting, commits everything already queued, and waits for the writer thread.
   * Idempotent.
   */
  @Override
  public void close() {
    closing.writeLock().lock();
    try {
      closed = true;
    } finally {
      closing.writeLock().unlock();
    }
    try {
      thread.join(TimeUnit.MINUTES.toMillis(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    List<UsageEvent> events = new ArrayList<>();
    while (true) {
      Pending first;
      try {
        first = queue.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        first = null;
      }
      if (first == null) {
        if (closed && queue.isEmpty()) {
          return;
        }
        continue;
      }
      group.add(first);
      events.addAll(first.events);
      Pending next;
      while (events.size() < maxBatch
          && (next = queue.peek()) != null
          && events.size() + next.events.size() <= maxBatch) {
        queue.poll();
        group.add(next);
        events.addAll(next.events);
      }
      commit(group, events);
      group.clear();
      events.clear();
    }
  }

  /**
   * Commits a group. If the group's transaction fails every attempt, each request of it is retried
   * in a transaction of its own, so one request's bad event fails only that request.
   */
  private void commit(List<Pending> group, List<UsageEvent> events) {
    long start = System.nanoTime();
    int[] stored = write(events);
    commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    queuedEvents.addAndGet(-events.size());
    if (stored != null) {
      gate.succeeded();
      complete(group, stored);
    } else if (lastFailure instanceof StorageUnavailableException u) {
      pause(group, u);
    } else if (group.size() == 1) {
      fail(group.get(0));
    } else {
      for (int i = 0; i < group.size(); i++) {
        Pending p = group.get(i);
        int[] alone = write(p.events);
        if (alone == null && lastFailure instanceof StorageUnavailableException u) {
          pause(group.subList(i, group.size()), u);
          return;
        }
        if (alone == null) {
          fail(p);
        } else {
          complete(List.of(p), alone);
        }
      }
    }
  }

  /** The writer's result, or null when every attempt failed (the failure is kept). */
  private int[] write(List<UsageEvent> events) {
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      try {
        return writer.append(events);
      } catch (StorageUnavailableException e) {
        lastFailure = e;
        return null;
      } catch (Exception e) {
        lastFailure = e;
        LOG.warn(
            "commit of {} events failed (attempt {}): {}", events.size(), attempt, e.toString());
      }
    }
    return null;
  }

  private void complete(List<Pending> group, int[] stored) {
    int offset = 0;
    int total = 0;
    int size = 0;
    for (Pending p : group) {
      int n = 0;
      for (int i = 0; i < p.events.size(); i++) {
        n += stored[offset + i] > 0 ? 1 : 0;
      }
      offset += p.events.size();
      size += p.events.size();
      total += n;
      p.done.complete(n);
    }
    committed.increment(total);
    duplicates.increment(size - total);
  }

  /** Fails the requests of a group the store could not write, without retrying each. */
  private void pause(List<Pending> group, StorageUnavailableException cause) {
    IngestPausedException answer = gate.failed(cause);
    for (Pending p : group) {
      failed.increment(p.events.size());
      p.done.completeExceptionally(answer);
    }
  }

  private void fail(Pending p) {
    failed.increment(p.events.size());
    p.done.completeExceptionally(lastFailure);
  }

  private record Pending(List<UsageEvent> events, CompletableFuture<Integer> done) {}
}
