package dev.upkeep.server.ingest;

import dev.upkeep.server.ingest.IngestQueue.Pending;
import dev.upkeep.server.store.fault.StorageUnavailableException;
import dev.upkeep.server.threads.DaemonThreads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The collector's write path: a bounded queue in front of a writer thread (or several, for a store
 * that takes concurrent writes) that commits events in groups.
 *
 * <p>Request threads call {@link #submit} with validated events and get a future that completes
 * only after the transaction holding those events has committed; an HTTP adapter answers 2xx from
 * that future and never before. While one group commits, new requests queue up and go into the next
 * group, so under load one commit (and one fsync) serves many requests. Completing a request writes
 * its answer; of a large group, half are completed on a second thread ({@code upkeep-ingest-ack}),
 * so the writer thread goes on to the next commit sooner.
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
 * <p>The queue and its fair share are {@link IngestQueue}'s, the group commit {@link
 * GroupCommit}'s.
 *
 * <p>Thread-safe: any number of threads may submit concurrently.
 */
public final class IngestPipeline implements AutoCloseable {
  private final int capacity;
  private final int maxBatch;
  private final Admission admission;
  private final IngestQueue queue;
  private final StorageGate gate;
  private final GroupCommit commits;
  private final List<Thread> threads = new ArrayList<>();
  private final ExecutorService acks =
      Executors.newSingleThreadExecutor(DaemonThreads.named("upkeep-ingest-ack"));

  /**
   * A pipeline with the limits checked at every submit, counted in this process alone, and the
   * clock their windows and days are counted by.
   *
   * @param writer stores a group of events in one transaction
   * @param capacity most events waiting at once; must be at least {@code maxBatch}
   * @param maxBatch most events in one group commit
   * @param registry receives {@code upkeep.ingest.*} meters
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
   * As {@link #IngestPipeline(EventWriter, int, int, MeterRegistry, IngestLimits, Clock)}, with
   * {@code admission} checked at every submit (limits counted where it counts them, e.g. shared by
   * every collector) and the clock that decides when a store that could not write is tried again.
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
    this.capacity = capacity;
    this.maxBatch = maxBatch;
    this.admission = admission;
    this.queue = new IngestQueue(capacity);
    this.gate = new StorageGate(clock);
    this.commits = new GroupCommit(writer, queue, gate, registry, acks);
    Gauge.builder("upkeep.ingest.queue.depth", queue, IngestQueue::depth)
        .description("Events accepted and not yet committed")
        .register(registry);
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
      return queue.enqueue(client, events);
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
      done = queue.enqueue(client, events.subList(0, Math.min(partSize, events.size())));
    } catch (IngestRefusedException e) {
      admission.refund(client, events);
      throw e;
    }
    for (int from = partSize; from < events.size(); from += partSize) {
      List<UsageEvent> part = events.subList(from, Math.min(from + partSize, events.size()));
      done = done.thenCompose(n -> queue.enqueue(client, part).thenApply(m -> n + m));
    }
    return done;
  }

  /** Events accepted and not yet committed. */
  public int depth() {
    return queue.depth();
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
    return queue.oldestQueuedMillis();
  }

  /**
   * Whether new events are refused now because the last write found the store unable to write or
   * unreachable ({@link IngestPausedException}, 503).
   */
  public boolean paused() {
    return gate.paused();
  }

  /**
   * Stops accepting, commits everything already queued, and waits for the writer threads and the
   * ack thread to complete every request, at most a minute in all. Idempotent.
   */
  @Override
  public void close() {
    queue.close();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    try {
      for (Thread t : threads) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
      acks.shutdown();
      acks.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    List<UsageEvent> events = new ArrayList<>();
    while (true) {
      if (!queue.nextGroup(group, events, maxBatch)) {
        if (queue.drained()) {
          return;
        }
        continue;
      }
      commits.commit(group, events);
      group.clear();
      events.clear();
    }
  }
}
