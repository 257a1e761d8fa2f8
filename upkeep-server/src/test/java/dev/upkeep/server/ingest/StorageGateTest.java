package dev.upkeep.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.upkeep.server.store.fault.StorageUnavailableException;
import dev.upkeep.server.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A store that cannot write pauses ingest, fails whole groups once, and resumes by itself. */
class StorageGateTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

  @Test
  void aFullStoreFailsTheRequestWithoutRetriesThenPausesAndResumes() throws Exception {
    AtomicBoolean full = new AtomicBoolean(true);
    AtomicInteger attempts = new AtomicInteger();
    EventWriter writer =
        events -> {
          attempts.incrementAndGet();
          if (full.get()) {
            throw new StorageUnavailableException("disk full", "the store x cannot write", null);
          }
          return events.stream().mapToInt(e -> 1).toArray();
        };
    try (IngestPipeline pipeline =
        new IngestPipeline(writer, 100, 10, new SimpleMeterRegistry(), IngestLimits.OFF, clock)) {
      pipeline.start();

      CompletableFuture<Integer> first =
          pipeline.submit("127.0.0.1", List.of(IngestPipelineTest.event("a")));
      assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(IngestPausedException.class)
          .hasMessageContaining("disk full")
          .satisfies(
              e -> assertThat(((IngestPausedException) e).retryAfterSeconds()).isEqualTo(10));
      assertThat(attempts).hasValue(1);

      assertThatThrownBy(() -> pipeline.submit("127.0.0.1", List.of(IngestPipelineTest.event("b"))))
          .isInstanceOf(IngestPausedException.class);
      assertThat(pipeline.depth()).isZero();

      full.set(false);
      clock.advance(Duration.ofSeconds(10));
      assertThat(
              pipeline
                  .submit("127.0.0.1", List.of(IngestPipelineTest.event("c")))
                  .get(10, TimeUnit.SECONDS))
          .isEqualTo(1);
      assertThat(
              pipeline
                  .submit("127.0.0.1", List.of(IngestPipelineTest.event("d")))
                  .get(10, TimeUnit.SECONDS))
          .isEqualTo(1);
    }
  }

  @Test
  void anUnreachableDatabasePausesIngestUntilAWriteSucceedsAndAcknowledgesNothingMeanwhile()
      throws Exception {
    AtomicBoolean down = new AtomicBoolean(true);
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EventWriter writer =
        events -> {
          writing.countDown();
          release.await();
          if (down.get()) {
            throw new StorageUnavailableException(
                "unreachable", "the store postgres:db is unreachable (Connection refused)", null);
          }
          return events.stream().mapToInt(e -> 1).toArray();
        };
    try (IngestPipeline pipeline =
        new IngestPipeline(writer, 100, 10, new SimpleMeterRegistry(), IngestLimits.OFF, clock)) {
      pipeline.start();
      assertThat(pipeline.paused()).isFalse();
      assertThat(pipeline.oldestQueuedMillis()).isZero();

      CompletableFuture<Integer> first =
          pipeline.submit("127.0.0.1", List.of(IngestPipelineTest.event("a")));
      assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.oldestQueuedMillis() >= 20);
      assertThat(first).isNotDone();
      release.countDown();
      assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(IngestPausedException.class)
          .hasMessage(
              "The collector cannot store events now (its store reports: unreachable); this"
                  + " request was not acknowledged, retry in 2 s.");
      assertThat(pipeline.paused()).isTrue();
      assertThat(pipeline.oldestQueuedMillis()).isZero();
      clock.advance(StorageGate.RECONNECT_PAUSE.minusMillis(1));
      assertThatThrownBy(() -> pipeline.submit("127.0.0.1", List.of(IngestPipelineTest.event("b"))))
          .isInstanceOf(IngestPausedException.class);

      down.set(false);
      clock.advance(Duration.ofMillis(1));
      assertThat(pipeline.paused()).isFalse();
      assertThat(
              pipeline
                  .submit("127.0.0.1", List.of(IngestPipelineTest.event("c")))
                  .get(10, TimeUnit.SECONDS))
          .isEqualTo(1);
      assertThat(pipeline.paused()).isFalse();
    }
  }
}
