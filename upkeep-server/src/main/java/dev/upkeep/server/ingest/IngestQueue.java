package dev.upkeep.server.ingest;

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

/**
 * The {@link IngestPipeline}'s queue: bounded in events and shared fairly among clients, as the
 * pipeline's description says (a client with events waiting holds at most an equal share of nine
 * tenths of the capacity; the last tenth is kept for small requests of clients with nothing
 * waiting, which are also taken first). Requests are {@link Pending}; a writer takes them in groups
 * ({@link #nextGroup}) and gives their room back once they are committed or failed ({@link
 * #release}). Thread-safe.
 */
final class IngestQueue {
  private final int capacity;
  private final int reserve;
  private final int smallRequest;

  /** Small requests of clients with nothing waiting first, then in arrival order. */
  private final PriorityBlockingQueue<Pending> queue =
      new PriorityBlockingQueue<>(
          64,
          Comparator.comparing((Pending p) -> !p.urgent()).thenComparingLong(Pending::sequence));

  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger queuedEvents = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> held = new ConcurrentHashMap<>();

  /** When each request waiting or being committed was queued (System.nanoTime), by sequence. */
  private final ConcurrentSkipListMap<Long, Long> queuedAt = new ConcurrentSkipListMap<>();

  private final ReadWriteLock closing = new ReentrantReadWriteLock();
  private volatile boolean closed;

  /** {@code capacity} in events, positive. */
  IngestQueue(int capacity) {
    this.capacity = capacity;
    this.reserve = capacity / 10;
    this.smallRequest = Math.max(1, capacity / 1000);
  }

  /** One request waiting for its group commit. */
  record Pending(
      String client,
      List<UsageEvent> events,
      CompletableFuture<Integer> done,
      boolean urgent,
      long sequence) {}

  /**
   * Queues a request; the returned future completes once it is committed (or failed).
   *
   * @throws QueueFullException if the events do not fit, the client already holds its share, or the
   *     queue is closed
   */
  CompletableFuture<Integer> enqueue(String client, List<UsageEvent> events) {
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
      queuedAt.put(pending.sequence(), System.nanoTime());
      queue.add(pending);
      return pending.done();
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

  /**
   * Takes the next group into {@code group} and its events into {@code events}: the first request
   * waiting (after up to 50 ms), then as many following ones as fit in {@code maxBatch} events.
   *
   * @return false when none came within 50 ms (both lists left empty)
   */
  boolean nextGroup(List<Pending> group, List<UsageEvent> events, int maxBatch) {
    Pending first;
    try {
      first = queue.poll(50, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      first = null;
    }
    if (first == null) {
      return false;
    }
    group.add(first);
    events.addAll(first.events());
    while (events.size() < maxBatch) {
      // poll, not peek then poll: another writer may take the head in between
      Pending next = queue.poll();
      if (next == null) {
        break;
      }
      if (events.size() + next.events().size() > maxBatch) {
        queue.add(next); // keeps its place: the order is by urgency and sequence
        break;
      }
      group.add(next);
      events.addAll(next.events());
    }
    return true;
  }

  /** Gives back the room of a group whose {@code events} were committed or failed. */
  void release(List<Pending> group, int events) {
    queuedEvents.addAndGet(-events);
    for (Pending p : group) {
      held.computeIfPresent(p.client(), (k, h) -> h.addAndGet(-p.events().size()) <= 0 ? null : h);
      queuedAt.remove(p.sequence());
    }
  }

  /** Refuses every later {@link #enqueue}; what is queued stays to be taken. */
  void close() {
    closing.writeLock().lock();
    try {
      closed = true;
    } finally {
      closing.writeLock().unlock();
    }
  }

  /** Whether it is closed and nothing is left to take: a writer may stop. */
  boolean drained() {
    return closed && queue.isEmpty();
  }

  /** Events accepted and not yet committed. */
  int depth() {
    return queuedEvents.get();
  }

  /** How long the oldest request not yet committed (or refused) has waited, in ms; 0 for none. */
  long oldestQueuedMillis() {
    Map.Entry<Long, Long> oldest = queuedAt.firstEntry();
    return oldest == null
        ? 0
        : Math.max(0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - oldest.getValue()));
  }
}
