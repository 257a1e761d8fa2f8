package dev.upkeep.server.ingest;

import dev.upkeep.server.ingest.IngestQueue.Pending;
import dev.upkeep.server.store.fault.StorageUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a group of the {@link IngestPipeline}'s requests in one transaction of its {@link
 * EventWriter}, tried {@value #WRITE_ATTEMPTS} times; when every attempt fails, each request is
 * tried again in a transaction of its own, so one request's bad event fails only that request. A
 * {@link StorageUnavailableException} is not retried: it fails the rest of the group at once and
 * pauses ingest ({@link StorageGate}). Gives the group's room in the {@link IngestQueue} back
 * before completing its requests, half of a large group's on the ack thread. Counts {@code
 * upkeep.ingest.events} (stored, duplicate, failed) and times {@code upkeep.ingest.commit}.
 * Thread-safe as its writer is (one per writer thread's call).
 */
final class GroupCommit {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
  static final int WRITE_ATTEMPTS = 3;

  /** Requests of a group from which half are completed on the ack thread: {@value}. */
  static final int SPLIT_MIN_REQUESTS = 8;

  private final EventWriter writer;
  private final IngestQueue queue;
  private final StorageGate gate;
  private final Counter committed;
  private final Counter duplicates;
  private final Counter failed;
  private final Timer commitTimer;
  private final Executor acks;

  /** {@code acks} completes the second half of a large group's requests (one thread). */
  GroupCommit(
      EventWriter writer,
      IngestQueue queue,
      StorageGate gate,
      MeterRegistry registry,
      Executor acks) {
    this.acks = acks;
    this.writer = writer;
    this.queue = queue;
    this.gate = gate;
    this.committed = registry.counter("upkeep.ingest.events", "outcome", "stored");
    this.duplicates = registry.counter("upkeep.ingest.events", "outcome", "duplicate");
    this.failed = registry.counter("upkeep.ingest.events", "outcome", "failed");
    this.commitTimer =
        Timer.builder("upkeep.ingest.commit")
            .description("Latency of one group commit")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
  }

  /** Commits a group whose requests hold {@code events}, in that order, and completes each. */
  void commit(List<Pending> group, List<UsageEvent> events) {
    long start = System.nanoTime();
    Attempt attempt = write(events);
    int[] stored = attempt.stored();
    commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    queue.release(group, events.size());
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
        Attempt alone = write(p.events());
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

  /**
   * Completes each request with the events it newly stored. A group of at least {@value
   * #SPLIT_MIN_REQUESTS} requests has its second half completed on the ack thread while the writer
   * completes the first: completing a request writes its answer (~10 µs each), so the writer
   * thread, the one that limits ingest, starts the next group's commit sooner.
   */
  private void complete(List<Pending> group, int[] stored) {
    int[] newly = new int[group.size()];
    int offset = 0;
    int total = 0;
    int size = 0;
    for (int g = 0; g < newly.length; g++) {
      Pending p = group.get(g);
      for (int i = 0; i < p.events().size(); i++) {
        newly[g] += stored[offset + i] > 0 ? 1 : 0;
      }
      offset += p.events().size();
      size += p.events().size();
      total += newly[g];
    }
    committed.increment(total);
    duplicates.increment(size - total);
    int split = newly.length < SPLIT_MIN_REQUESTS ? newly.length : newly.length / 2;
    int here = split;
    if (split < newly.length) {
      List<Pending> rest = List.copyOf(group.subList(split, newly.length));
      try {
        acks.execute(() -> complete(rest, newly, split));
      } catch (RejectedExecutionException closed) {
        here = newly.length; // close gave up waiting for this writer: answer them all here
      }
    }
    complete(group.subList(0, here), newly, 0);
  }

  private static void complete(List<Pending> requests, int[] newly, int from) {
    for (int i = 0; i < requests.size(); i++) {
      requests.get(i).done().complete(newly[from + i]);
    }
  }

  /** Fails the requests of a group the store could not write, without retrying each. */
  private void pause(List<Pending> group, StorageUnavailableException cause) {
    IngestPausedException answer = gate.failed(cause);
    for (Pending p : group) {
      failed.increment(p.events().size());
      p.done().completeExceptionally(answer);
    }
  }

  private void fail(Pending p, Exception failure) {
    failed.increment(p.events().size());
    p.done().completeExceptionally(failure);
  }
}
