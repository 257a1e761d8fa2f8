package dev.upkeep.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.upkeep.server.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue logic of the write path, against an in-test writer. */
class IngestPipelineTest {
  private static final long WAIT_SECONDS = 10;
  private static final String CLIENT = "127.0.0.1";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<IngestPipeline> pipelines = new ArrayList<>();
  private final List<RecordingWriter> writers = new ArrayList<>();

  @AfterEach
  void closeEverything() {
    writers.forEach(RecordingWriter::release);
    pipelines.forEach(IngestPipeline::close);
  }

  @Test
  void futureCompletesOnlyAfterTheWriterReturned() throws Exception {
    RecordingWriter writer = blockingWriter();
    IngestPipeline pipeline = start(writer, 100, 10);

    CompletableFuture<Integer> stored = pipeline.submit(CLIENT, List.of(event("a")));
    CompletableFuture<Integer> returnsSeenAtCompletion =
        stored.thenApply(n -> writer.returned.get());
    writer.awaitFirstCall();

    assertThat(stored).isNotDone();
    assertThat(pipeline.depth()).isEqualTo(1);

    writer.release();

    assertThat(stored.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(returnsSeenAtCompletion.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(pipeline.depth()).isZero();
  }

  @Test
  void requestsQueuedDuringACommitShareTheNextCommit() throws Exception {
    RecordingWriter writer = blockingWriter();
    IngestPipeline pipeline = start(writer, 100, 10);
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    futures.add(pipeline.submit(CLIENT, List.of(event("a"))));
    writer.awaitFirstCall();

    for (String id : List.of("b", "c", "d", "e")) {
      futures.add(pipeline.submit(CLIENT, List.of(event(id))));
    }
    writer.release();

    for (CompletableFuture<Integer> f : futures) {
      assertThat(f.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    }
    assertThat(writer.calls).hasSizeLessThan(futures.size());
    assertThat(writer.calls).containsExactly(List.of("a"), List.of("b", "c", "d", "e"));
  }

  @Test
  void aLargeGroupIsCompletedHalfOnTheWriterHalfOnTheAckThreadEachWithItsOwnCount()
      throws Exception {
    RecordingWriter writer = blockingWriter();
    writer.duplicates = Set.of("d3", "d7");
    IngestPipeline pipeline = start(writer, 100, 100);
    pipeline.submit(CLIENT, List.of(event("first")));
    writer.awaitFirstCall();
    List<CompletableFuture<String>> completedOn = new ArrayList<>();
    List<CompletableFuture<Integer>> counts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      CompletableFuture<Integer> f =
          pipeline.submit(CLIENT, List.of(event("d" + i), event("e" + i)));
      counts.add(f);
      completedOn.add(f.thenApply(n -> Thread.currentThread().getName()));
    }
    writer.release();

    // the dependents first: a thread waiting on a request's own future may run its dependents
    List<String> threads = new ArrayList<>();
    for (CompletableFuture<String> t : completedOn) {
      threads.add(t.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }
    for (int i = 0; i < 10; i++) {
      assertThat(counts.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS))
          .as("request %d: its duplicate is not counted", i)
          .isEqualTo(i == 3 || i == 7 ? 1 : 2);
    }
    assertThat(writer.calls).hasSize(2);
    assertThat(threads.subList(0, 5)).containsOnly("upkeep-ingest-writer");
    assertThat(threads.subList(5, 10)).containsOnly("upkeep-ingest-ack");
  }

  @Test
  void groupsHoldAtMostMaxBatchEventsAndNeverSplitARequest() throws Exception {
    RecordingWriter writer = blockingWriter();
    IngestPipeline pipeline = start(writer, 100, 2);
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    futures.add(pipeline.submit(CLIENT, List.of(event("a"))));
    writer.awaitFirstCall();
    futures.add(pipeline.submit(CLIENT, List.of(event("b"))));
    futures.add(pipeline.submit(CLIENT, List.of(event("c"))));
    futures.add(pipeline.submit(CLIENT, List.of(event("d"))));
    futures.add(pipeline.submit(CLIENT, List.of(event("e"), event("f"))));

    writer.release();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(writer.calls)
        .containsExactly(List.of("a"), List.of("b", "c"), List.of("d"), List.of("e", "f"));
  }

  @Test
  void fullQueueRefusesTheWholeRequestAndQueuesNothingOfIt() throws Exception {
    RecordingWriter writer = blockingWriter();
    IngestPipeline pipeline = start(writer, 3, 3);
    CompletableFuture<Integer> first = pipeline.submit(CLIENT, List.of(event("a"), event("b")));
    writer.awaitFirstCall();

    assertThatThrownBy(() -> pipeline.submit(CLIENT, List.of(event("c"), event("d"))))
        .isInstanceOfSatisfying(
            QueueFullException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(1))
        .hasMessageContaining("full")
        .hasMessageContaining("2 of 3");
    assertThat(pipeline.depth()).isEqualTo(2);

    CompletableFuture<Integer> fits = pipeline.submit(CLIENT, List.of(event("e")));
    assertThat(pipeline.depth()).isEqualTo(3);
    assertThatThrownBy(() -> pipeline.submit(CLIENT, List.of(event("x"))))
        .isInstanceOf(QueueFullException.class);

    writer.release();

    assertThat(first.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(fits.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(writer.writtenIds()).containsExactly("a", "b", "e");
    assertThat(pipeline.depth()).isZero();
  }

  @Test
  void requestLargerThanTheCapacityIsRefusedEvenWhenTheQueueIsEmpty() {
    IngestPipeline pipeline = start(new RecordingWriter(false), 2, 2);

    assertThatThrownBy(() -> pipeline.submit(CLIENT, List.of(event("a"), event("b"), event("c"))))
        .isInstanceOf(QueueFullException.class);
    assertThat(pipeline.depth()).isZero();
    assertThat(pipeline.capacity()).isEqualTo(2);
  }

  @Test
  void closeCommitsEverythingQueuedBeforeReturning() throws Exception {
    RecordingWriter writer = blockingWriter();
    IngestPipeline pipeline = start(writer, 100, 2);
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    futures.add(pipeline.submit(CLIENT, List.of(event("a"))));
    writer.awaitFirstCall();
    for (String id : List.of("b", "c", "d", "e", "f")) {
      futures.add(pipeline.submit(CLIENT, List.of(event(id))));
    }

    CompletableFuture<Void> closing = CompletableFuture.runAsync(pipeline::close);
    // once close() has begun, submits are refused (probing with empty requests is harmless)
    await()
        .atMost(WAIT_SECONDS, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> pipeline.submit(CLIENT, List.of()))
                    .isInstanceOfSatisfying(
                        QueueFullException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(5)));
    assertThat(closing).isNotDone();
    assertThat(futures).noneMatch(CompletableFuture::isDone);

    writer.release();
    closing.get(WAIT_SECONDS * 6, TimeUnit.SECONDS);

    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(futures).allMatch(f -> f.join() == 1);
    assertThat(writer.writtenIds()).containsExactly("a", "b", "c", "d", "e", "f");
    assertThat(pipeline.depth()).isZero();
    assertThatThrownBy(() -> pipeline.submit(CLIENT, List.of(event("late"))))
        .isInstanceOf(QueueFullException.class)
        .hasMessageContaining("shutting down");
  }

  @Test
  void closeIsIdempotent() {
    IngestPipeline pipeline = start(new RecordingWriter(false), 10, 10);

    pipeline.close();
    pipeline.close();

    assertThatThrownBy(() -> pipeline.submit(CLIENT, List.of(event("a"))))
        .isInstanceOf(QueueFullException.class);
  }

  @Test
  void failedGroupIsRetriedPerRequestSoOnlyThePoisonedRequestFails() throws Exception {
    RecordingWriter writer = blockingWriter();
    writer.failWhenWriting = "poison";
    IngestPipeline pipeline = start(writer, 100, 10);
    CompletableFuture<Integer> warmUp = pipeline.submit(CLIENT, List.of(event("a")));
    writer.awaitFirstCall();
    CompletableFuture<Integer> poisoned = pipeline.submit(CLIENT, List.of(event("poison")));
    CompletableFuture<Integer> sameGroup = pipeline.submit(CLIENT, List.of(event("b")));

    writer.release();

    assertThat(warmUp.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    assertThatThrownBy(() -> poisoned.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("disk I/O error");
    // The group failed three times, then each request was tried alone: "b" is stored.
    assertThat(sameGroup.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(writer.calls).filteredOn(c -> c.contains("poison")).hasSize(6);
    assertThat(meters.counter("upkeep.ingest.events", "outcome", "failed").count()).isEqualTo(1.0);
    assertThat(pipeline.depth()).isZero();

    CompletableFuture<Integer> later = pipeline.submit(CLIENT, List.of(event("c")));
    assertThat(later.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(writer.writtenIds()).containsExactly("a", "b", "c");
  }

  @Test
  void transientWriteFailureIsRetried() throws Exception {
    RecordingWriter writer = new RecordingWriter(false);
    writer.failuresLeft.set(2);
    IngestPipeline pipeline = start(writer, 100, 10);

    CompletableFuture<Integer> stored = pipeline.submit(CLIENT, List.of(event("a")));

    assertThat(stored.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(writer.calls).containsExactly(List.of("a"), List.of("a"), List.of("a"));
    assertThat(meters.counter("upkeep.ingest.events", "outcome", "failed").count()).isZero();
  }

  @Test
  void duplicatesAreNotCountedInTheFuturesValue() throws Exception {
    RecordingWriter writer = blockingWriter();
    writer.duplicates = Set.of("dup-1", "dup-2", "dup-3");
    IngestPipeline pipeline = start(writer, 100, 10);

    CompletableFuture<Integer> alone =
        pipeline.submit(CLIENT, List.of(event("a"), event("dup-1"), event("b")));
    writer.awaitFirstCall();
    CompletableFuture<Integer> one = pipeline.submit(CLIENT, List.of(event("c"), event("dup-2")));
    CompletableFuture<Integer> two =
        pipeline.submit(CLIENT, List.of(event("dup-3"), event("d"), event("e")));
    writer.release();

    assertThat(alone.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(one.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(two.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(writer.calls).hasSize(2);
    // the meters are updated right after the futures of a group are completed
    await()
        .atMost(WAIT_SECONDS, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(meters.counter("upkeep.ingest.events", "outcome", "stored").count())
                  .isEqualTo(5.0);
              assertThat(meters.counter("upkeep.ingest.events", "outcome", "duplicate").count())
                  .isEqualTo(3.0);
            });
  }

  @Test
  void floodingClientsKeepTheirShareAndSingleEventsFromOthersStillFit() throws Exception {
    RecordingWriter writer = blockingWriter();
    IngestPipeline pipeline = start(writer, 1000, 10);
    CompletableFuture<Integer> first = pipeline.submit("10.0.0.1", List.of(event("held")));
    writer.awaitFirstCall();
    // Eight flooders post 10-event batches until each is refused.
    int accepted = 0;
    List<String> refusals = new ArrayList<>();
    for (int round = 0; round < 200; round++) {
      for (int f = 1; f <= 8; f++) {
        try {
          pipeline.submit("10.0.0." + f, batch("f" + f + "-" + round, 10));
          accepted += 10;
        } catch (QueueFullException e) {
          refusals.add(e.getMessage());
        }
      }
    }
    assertThat(refusals).isNotEmpty();
    assertThat(refusals).allMatch(m -> m.contains("share") || m.contains("nearly full"));
    // Nine tenths at most went to the batches: the last tenth waits for single events.
    assertThat(pipeline.depth()).isLessThanOrEqualTo(900);
    assertThat(accepted).isGreaterThanOrEqualTo(800);

    // One breadcrumb from each of 50 other addresses: every one is taken.
    List<CompletableFuture<Integer>> legit = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      legit.add(pipeline.submit("192.0.2." + i, List.of(event("legit-" + i))));
    }
    // ...but a batch from a new address does not get into the reserve.
    assertThatThrownBy(() -> pipeline.submit("192.0.2.200", batch("late", 10)))
        .isInstanceOf(QueueFullException.class)
        .hasMessageContaining("nearly full");

    writer.release();
    assertThat(first.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    for (CompletableFuture<Integer> f : legit) {
      assertThat(f.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    }
    // The single events jumped the queued batches: they were in the commit after the held one.
    assertThat(writer.calls.get(1)).hasSize(10).allMatch(id -> id.startsWith("legit-"));
    await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pipeline.depth() == 0);
    // Once its events are committed, a flooder holds nothing and is taken again.
    assertThat(pipeline.submit("10.0.0.1", batch("again", 10)).get(WAIT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo(10);
  }

  @Test
  void aClientWithEventsWaitingGetsAnEqualShareOfTheBusyQueue() throws Exception {
    RecordingWriter writer = blockingWriter();
    IngestPipeline pipeline = start(writer, 1000, 10);
    pipeline.submit("a", List.of(event("held")));
    writer.awaitFirstCall();
    pipeline.submit("b", batch("b0", 10));
    // Two clients hold events: each may hold at most 900 / 2.
    int a = 1;
    while (true) {
      try {
        pipeline.submit("a", batch("a" + a, 10));
        a += 10;
      } catch (QueueFullException e) {
        assertThat(e).hasMessageContaining("share");
        break;
      }
    }
    assertThat(a).isLessThanOrEqualTo(450).isGreaterThan(440);
    assertThat(pipeline.submit("b", batch("b1", 10))).isNotNull();
  }

  @Test
  void limitsRefuseWith429AndTheQueueKeepsNothingOfARefusedRequest() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
    RecordingWriter writer = blockingWriter();
    writers.add(writer);
    IngestPipeline pipeline =
        new IngestPipeline(
            writer, 1000, 10, meters, new IngestLimits(20, 0, 0, Duration.ofSeconds(60)), clock);
    pipelines.add(pipeline);
    pipeline.start();
    pipeline.submit("a", batch("a", 20));

    assertThatThrownBy(() -> pipeline.submit("a", List.of(event("over"))))
        .isInstanceOfSatisfying(
            IngestLimitException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.reason()).isEqualTo("client_limit");
              assertThat(e.retryAfterSeconds()).isEqualTo(3);
            })
        .hasMessageContaining("client-event-limit");
    assertThat(pipeline.depth()).isEqualTo(20);
    assertThat(pipeline.submit("b", List.of(event("other")))).isNotNull();
  }

  @Test
  void severalWritersCommitEveryEventOnceAndOverlap() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    List<String> written = new CopyOnWriteArrayList<>();
    EventWriter slow =
        events -> {
          mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try {
            Thread.sleep(5);
          } finally {
            inFlight.decrementAndGet();
          }
          events.forEach(e -> written.add(e.eventId()));
          int[] stored = new int[events.size()];
          Arrays.fill(stored, 1);
          return stored;
        };
    IngestPipeline pipeline =
        new IngestPipeline(
            slow,
            10_000,
            7,
            meters,
            Admission.inMemory(IngestLimits.OFF, java.time.Clock.systemUTC()),
            java.time.Clock.systemUTC(),
            3);
    pipelines.add(pipeline);
    pipeline.start();
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      futures.add(pipeline.submit("c" + (i % 5), batch("r" + i, 1 + i % 4)));
    }
    int expected = 0;
    for (int i = 0; i < 300; i++) {
      assertThat(futures.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1 + i % 4);
      expected += 1 + i % 4;
    }

    assertThat(written).hasSize(expected).doesNotHaveDuplicates();
    assertThat(mostAtOnce.get()).as("groups committed at once").isGreaterThan(1);
    assertThat(pipeline.depth()).isZero();
    assertThatThrownBy(
            () ->
                new IngestPipeline(
                    slow,
                    10,
                    1,
                    meters,
                    Admission.inMemory(IngestLimits.OFF, java.time.Clock.systemUTC()),
                    java.time.Clock.systemUTC(),
                    0))
        .hasMessageContaining("writers");
  }

  private static List<UsageEvent> batch(String prefix, int n) {
    List<UsageEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add(event(prefix + "-" + i));
    }
    return events;
  }

  @Test
  void nonPositiveSizesAreRefused() {
    assertThatThrownBy(
            () ->
                new IngestPipeline(
                    events -> new int[0],
                    0,
                    1,
                    meters,
                    IngestLimits.OFF,
                    java.time.Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
    assertThatThrownBy(
            () ->
                new IngestPipeline(
                    events -> new int[0],
                    1,
                    0,
                    meters,
                    IngestLimits.OFF,
                    java.time.Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBatch");
  }

  private RecordingWriter blockingWriter() {
    return new RecordingWriter(true);
  }

  private IngestPipeline start(RecordingWriter writer, int capacity, int maxBatch) {
    writers.add(writer);
    IngestPipeline pipeline =
        new IngestPipeline(
            writer, capacity, maxBatch, meters, IngestLimits.OFF, java.time.Clock.systemUTC());
    pipelines.add(pipeline);
    pipeline.start();
    return pipeline;
  }

  static UsageEvent event(String id) {
    return eventBuilder(id).build();
  }

  /** The builder of {@link #event}: of project 1, at 2024-05-01T12:00:00Z. */
  static UsageEventBuilder eventBuilder(String id) {
    return UsageEvent.builder(1, UsageEvent.BREADCRUMB, Instant.parse("2024-05-01T12:00:00Z"))
        .eventId(id)
        .version("1.0.0")
        .language("python")
        .languageVersion("3.11.7")
        .platform("linux")
        .status(RunStatus.R);
  }

  /**
   * Records the event ids of every call. A blocking writer holds its first call until {@link
   * #release()}, so that later submits queue up behind it.
   */
  static final class RecordingWriter implements EventWriter {
    final List<List<String>> calls = new CopyOnWriteArrayList<>();
    final List<String> written = new CopyOnWriteArrayList<>();
    final AtomicInteger returned = new AtomicInteger();
    final AtomicInteger failuresLeft = new AtomicInteger();
    private final CountDownLatch firstCall = new CountDownLatch(1);
    private final CountDownLatch gate;
    volatile Set<String> duplicates = Set.of();
    volatile String failWhenWriting;

    RecordingWriter(boolean blockFirstCall) {
      this.gate = new CountDownLatch(blockFirstCall ? 1 : 0);
    }

    @Override
    public int[] append(List<UsageEvent> events) throws Exception {
      List<String> ids = events.stream().map(UsageEvent::eventId).toList();
      calls.add(ids);
      firstCall.countDown();
      if (!gate.await(WAIT_SECONDS * 6, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the writer");
      }
      if (ids.contains(failWhenWriting) || failuresLeft.getAndDecrement() > 0) {
        throw new SQLException("disk I/O error");
      }
      int[] stored = new int[events.size()];
      for (int i = 0; i < ids.size(); i++) {
        stored[i] = duplicates.contains(ids.get(i)) ? 0 : 1;
        if (stored[i] == 1) {
          written.add(ids.get(i));
        }
      }
      returned.incrementAndGet();
      return stored;
    }

    void awaitFirstCall() throws InterruptedException {
      assertThat(firstCall.await(WAIT_SECONDS, TimeUnit.SECONDS))
          .as("the writer thread took the first group")
          .isTrue();
    }

    void release() {
      gate.countDown();
    }

    List<String> writtenIds() {
      return written;
    }

    @Override
    public String toString() {
      return "RecordingWriter" + Arrays.toString(calls.toArray());
    }
  }
}
