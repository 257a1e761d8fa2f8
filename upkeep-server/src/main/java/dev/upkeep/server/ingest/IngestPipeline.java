package dev.upkeep.server.ingest;

import dev.upkeep.server.store.fault.StorageUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's write path: a bounded queue in front of a writer thread (or several, for a store
 * that takes concurrent writes) that commits events in groups.
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
 * <p>Clients share the queue fairly. Each submit names its client (the address it came from). A
 * client with events waiting may hold at most an equal share of nine tenths of the capacity among
 * the clients with events waiting, and the last tenth is kept for small requests (at most a
 * thousandth of the capacity, at least one event) from clients with nothing waiting. Such a small
 * request is also written before every batch waiting (small ones in arrival order), in the next
 * group commit. So a flood of batches is refused (503, to the flooders) while a breadcrumb from
 * anywhere else still finds room and is stored as soon as the commit in progress ends. Before the
 * queue, the {@link IngestLimits} apply (429).
 *
 * <p>A store that cannot write (disk full, read-only, I/O errors) or cannot be reached (a database
 * refusing or breaking connections, shut down, out of connections, timed out): a {@link
 * StorageUnavailableException} from the writer, fails the whole group at once with {@link
 * IngestPausedException} (503 with {@code Retry-After}), without the per-request retry, and pauses
 * ingest for a few seconds (see {@link StorageGate}). No request is answered 2xx unless its
 * transaction committed, so every acknowledged event stays stored and nothing is acknowledged that
 * is only in memory; the writer's transaction was rolled back (or, for a connection broken during
 * its commit, may have committed: events resent with their ids are stored once). The first write
 * that succeeds after the store recovers resumes ingest; nothing needs a restart.
 *
 * <p>Thread-safe: any number of threads may submit concurrently.
 */
public final class IngestPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
  private static final int WRITE_ATTEMPTS = 3;

  private final EventWriter writer;
  private final int capacity;
  private final int maxBatch;

  /** Small requests of clients with nothing waiting first, then in arrival order. */
  private final PriorityBlockingQueue<Pending> queue =
      new PriorityBlockingQueue<>(
          64, Comparator.comparing((Pending p) -> !p.urgent).thenComparingLong(p -> p.sequence));

  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger queuedEvents = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> held = new ConcurrentHashMap<>();

  /** When each request waiting or being committed was queued (System.nanoTime), by sequence. */
  private final ConcurrentSkipListMap<Long, Long> queuedAt = new ConcurrentSkipListMap<>();

  private final int reserve;
  private final int smallRequest;
  private final Admission admission;
  private final List<Thread> threads = new ArrayList<>();
  private final Counter committed;
  private final Counter duplicates;
  private final Counter failed;
  private final Timer commitTimer;
  private final ReadWriteLock closing = new ReentrantReadWriteLock();
  private volatile boolean closed;
  private final StorageGate gate;

  /**
   * @param writer stores a group of events in one transaction
   * @param capacity most events waiting at once; must be at least {@code maxBatch}
   * @param maxBatch most events in one group commit
   * @param registry receives {@code upkeep.ingest.*} meters
   */
  public IngestPipeline(EventWriter writer, int capacity, int maxBatch, MeterRegistry registry) {
    this(writer, capacity, maxBatch, registry, IngestLimits.OFF, Clock.systemUTC());
  }

  /**
   * As {@link #IngestPipeline(EventWriter, int, int, MeterRegistry)}, with the limits checked at
   * every submit, counted in this process alone, and the clock their windows and days are counted
   * by.
   */
  public IngestPipeline(
      EventWriter writer,
      int capacity,
      int maxBatch,
      MeterRegistry registry,
      IngestLimits limits,
      Clock clock) {
    this(writer, capacity, maxBatch, registry, Admission.inMemory(limits, clock), clock);
  }

  /**
   * As {@link #IngestPipeline(EventWriter, int, int, MeterRegistry)}, with {@code admission}
   * checked at every submit (limits counted where it counts them, e.g. shared by every collector)
   * and the clock that decides when a store that could not write is tried again.
   */
  public IngestPipeline(
      EventWriter writer,
      int capacity,
      int maxBatch,
      MeterRegistry registry,
      Admission admission,
      Clock clock) {
    this(writer, capacity, maxBatch, registry, admission, clock, 1);
  }

  /**
   * As {@link #IngestPipeline(EventWriter, int, int, MeterRegistry, Admission, Clock)}, with {@code
   * writers} threads committing groups at once; more than one only for a writer that is safe to
   * call concurrently (PostgreSQL's), where one group's round trips and commit wait overlap
   * another's. Requests of one client may then commit in another order than they came.
   *
   * @param writers writer threads, 1 to 16
   */
  public IngestPipeline(
      EventWriter writer,
      int capacity,
      int maxBatch,
      MeterRegistry registry,
      Admission admission,
      Clock clock,
      int writers) {
    if (writers < 1 || writers > 16) {
      throw new IllegalArgumentException("writers must be 1 to 16, was " + writers);
    }
    if (capacity < 1 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "capacity and maxBatch must be positive, were " + capacity + " and " + maxBatch);
    }
    this.writer = writer;
    this.capacity = capacity;
    this.maxBatch = maxBatch;
    this.reserve = capacity / 10;
    this.smallRequest = Math.max(1, capacity / 1000);
    this.admission = admission;
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
    for (int i = 0; i < writers; i++) {
      threads.add(
          new Thread(
              this::run, writers == 1 ? "upkeep-ingest-writer" : "upkeep-ingest-writer-" + i));
    }
  }

  /** Starts the writer threads. */
  public void start() {
    threads.forEach(Thread::start);
  }

  /**
   * Queues events for the next group commit.
   *
   * @param client who sent them (the client address), for the limits and the fair share
   * @param events validated events, at most the queue's capacity
   * @return completes with the number of events newly stored (duplicates of an already stored event
   *     id are not counted) once committed, or exceptionally if the transaction failed
   * @throws IngestLimitException if a limit of the client or of a project is reached (429)
   * @throws QueueFullException if the events do not fit, the client already holds its share of the
   *     queue, or the pipeline is closing (503)
   * @throws IngestPausedException while the store cannot write (the future, too, may complete with
   *     it)
   */
  public CompletableFuture<Integer> submit(String client, List<UsageEvent> events) {
    gate.check();
    admission.admit(client, events);
    try {
      return enqueue(client, events);
    } catch (IngestRefusedException e) {
      admission.refund(client, events);
      throw e;
    }
  }

  /**
   * Queues a request larger than one group commit in parts of at most {@code partSize} events, each
   * queued once the part before it has committed, so it never needs more than one part's room in
   * the queue. The limits are applied once, to all the events, before anything is queued (an upload
   * is never cut off by them halfway).
   *
   * @return completes with the number of events newly stored once the last part has committed, or
   *     exceptionally at the first part that failed or found no room (the parts before it stay
   *     stored)
   * @throws IngestLimitException if a limit refuses the events (nothing was queued)
   * @throws QueueFullException if the first part does not fit (nothing was queued)
   */
  public CompletableFuture<Integer> submitInParts(
      String client, List<UsageEvent> events, int partSize) {
    if (partSize < 1) {
      throw new IllegalArgumentException("partSize must be positive, was " + partSize);
    }
    gate.check();
    admission.admit(client, events);
    CompletableFuture<Integer> done;
    try {
      done = enqueue(client, events.subList(0, Math.min(partSize, events.size())));
    } catch (IngestRefusedException e) {
      admission.refund(client, events);
      throw e;
    }
    for (int from = partSize; from < events.size(); from += partSize) {
      List<UsageEvent> part = events.subList(from, Math.min(from + partSize, events.size()));
      done = done.thenCompose(n -> enqueue(client, part).thenApply(m -> n + m));
    }
    return done;
  }

  private CompletableFuture<Integer> enqueue(String client, List<UsageEvent> events) {
    int n = events.size();
    // The read lock makes "not closed, then queued" atomic with respect to close(), so nothing
    // is queued after the writer's final drain.
    closing.readLock().lock();
    try {
      if (closed) {
        throw new QueueFullException("the collector is shutting down", 5);
      }
      int current;
      do {
        current = queuedEvents.get();
        if (current + n > capacity) {
          throw new QueueFullException(
              "the ingest queue is full (" + current + " of " + capacity + " events waiting)", 1);
        }
      } while (!queuedEvents.compareAndSet(current, current + n));
      // The client's share is decided and taken in one atomic step per client (compute, as the
      // writer's computeIfPresent), so concurrent requests of one client see each other.
      int before = current;
      String[] refusal = new String[1];
      boolean[] urgent = new boolean[1];
      held.compute(
          client,
          (k, h) -> {
            int holding = h == null ? 0 : h.get();
            refusal[0] = refusal(before, n, holding);
            if (refusal[0] != null) {
              return h;
            }
            urgent[0] = holding == 0 && n <= smallRequest;
            AtomicInteger c = h == null ? new AtomicInteger() : h;
            c.addAndGet(n);
            return c;
          });
      if (refusal[0] != null) {
        queuedEvents.addAndGet(-n);
        throw new QueueFullException(refusal[0], 1);
      }
      Pending pending =
          new Pending(
              client, events, new CompletableFuture<>(), urgent[0], sequence.getAndIncrement());
      queuedAt.put(pending.sequence, System.nanoTime());
      queue.add(pending);
      return pending.done;
    } finally {
      closing.readLock().unlock();
    }
  }

  /**
   * Why the fair share refuses {@code n} more events of a client holding {@code holding}, or null.
   */
  private String refusal(int current, int n, int holding) {
    if (current + n > capacity - reserve && (holding > 0 || n > smallRequest)) {
      return "the ingest queue is nearly full ("
          + current
          + " of "
          + capacity
          + " events waiting; the rest is kept for single events from other clients)";
    }
    if (holding > 0 && holding + n > (capacity - reserve) / Math.max(1, held.size())) {
      return "this address already has "
          + holding
          + " events waiting, its share of a busy queue ("
          + current
          + " of "
          + capacity
          + ")";
    }
    return null;
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
   * How long the oldest request accepted and not yet committed (or refused) has waited, in
   * milliseconds; 0 when none waits. The ingest lag: it grows while the store is slow or away.
   */
  public long oldestQueuedMillis() {
    Map.Entry<Long, Long> oldest = queuedAt.firstEntry();
    return oldest == null
        ? 0
        : Math.max(0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - oldest.getValue()));
  }

  /**
   * Whether new events are refused now because the last write found the store unable to write or
   * unreachable ({@link IngestPausedException}, 503).
   */
  public boolean paused() {
    return gate.paused();
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
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    try {
      for (Thread t : threads) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
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
      while (events.size() < maxBatch) {
        // poll, not peek then poll: another writer may take the head in between
        Pending next = queue.poll();
        if (next == null) {
          break;
        }
        if (events.size() + next.events.size() > maxBatch) {
          queue.add(next); // keeps its place: the order is by urgency and sequence
          break;
        }
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
    Attempt attempt = write(events);
    int[] stored = attempt.stored();
    commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    queuedEvents.addAndGet(-events.size());
    for (Pending p : group) {
      held.computeIfPresent(p.client, (k, h) -> h.addAndGet(-p.events.size()) <= 0 ? null : h);
      queuedAt.remove(p.sequence);
    }
    if (stored != null) {
      gate.succeeded();
      complete(group, stored);
    } else if (attempt.failure() instanceof StorageUnavailableException u) {
      pause(group, u);
    } else if (group.size() == 1) {
      fail(group.get(0), attempt.failure());
    } else {
      for (int i = 0; i < group.size(); i++) {
        Pending p = group.get(i);
        Attempt alone = write(p.events);
        if (alone.stored() == null && alone.failure() instanceof StorageUnavailableException u) {
          pause(group.subList(i, group.size()), u);
          return;
        }
        if (alone.stored() == null) {
          fail(p, alone.failure());
        } else {
          complete(List.of(p), alone.stored());
        }
      }
    }
  }

  /** The writer's result ({@code stored} null when every attempt failed, with the last failure). */
  private record Attempt(int[] stored, Exception failure) {}

  private Attempt write(List<UsageEvent> events) {
    Exception failure = null;
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      try {
        return new Attempt(writer.append(events), null);
      } catch (StorageUnavailableException e) {
        return new Attempt(null, e);
      } catch (Exception e) {
        failure = e;
        LOG.warn(
            "commit of {} events failed (attempt {}): {}", events.size(), attempt, e.toString());
      }
    }
    return new Attempt(null, failure);
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

  private void fail(Pending p, Exception failure) {
    failed.increment(p.events.size());
    p.done.completeExceptionally(failure);
  }

  private record Pending(
      String client,
      List<UsageEvent> events,
      CompletableFuture<Integer> done,
      boolean urgent,
      long sequence) {}
}
