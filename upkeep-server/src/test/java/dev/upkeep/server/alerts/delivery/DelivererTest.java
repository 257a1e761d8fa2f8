package dev.upkeep.server.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The deliverer's settings, backoff and life cycle. */
class DelivererTest {
  @Test
  void backoffDoublesFromTheInitialWaitUpToTheLongest() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
    assertThat(b.base(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.base(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.base(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(b.base(9)).isEqualTo(Duration.ofSeconds(256));
    assertThat(b.base(10)).isEqualTo(Duration.ofMinutes(5));
    assertThat(b.base(100)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void jitterTakesOffAtMostAQuarter() {
    Duration base = Duration.ofSeconds(8);
    assertThat(Backoff.jittered(base, 0)).isEqualTo(base);
    assertThat(Backoff.jittered(base, 0.999999)).isGreaterThan(Duration.ofSeconds(6));
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
    for (int i = 0; i < 100; i++) {
      assertThat(b.after(4)).isBetween(Duration.ofSeconds(6), Duration.ofSeconds(8));
    }
  }

  @Test
  void settingsAreValidatedByName() {
    DelivererBuilder b = Deliverer.builder(Alerts.CLOCK, new InMemoryDeliveryLog());
    assertThatThrownBy(() -> b.maxAttempts(0))
        .hasMessage("maxAttempts must be between 1 and 100, was 0");
    assertThatThrownBy(() -> b.initialBackoff(Duration.ZERO))
        .hasMessage("initialBackoff must be more than 0, was PT0S");
    assertThatThrownBy(() -> b.threads(17)).hasMessage("threads must be between 1 and 16, was 17");
    assertThatThrownBy(
            () ->
                b.initialBackoff(Duration.ofMinutes(10)).maxBackoff(Duration.ofMinutes(1)).build())
        .hasMessage(
            "initialBackoff must not be longer than maxBackoff, was PT10M with maxBackoff PT1M");
  }

  @Test
  void closingAbandonsWaitingRetriesAndRefusesNewDeliveries() throws IOException {
    InMemoryDeliveryLog log = new InMemoryDeliveryLog();
    try (Receiver receiver = new Receiver().answer(503)) {
      Deliverer deliverer =
          Deliverer.builder(Alerts.CLOCK, log)
              .environment(Map.of("S", "secret")::get)
              .initialBackoff(Duration.ofHours(1))
              .maxBackoff(Duration.ofHours(1))
              .build(); // the real scheduler: the retry waits an hour
      Destination.Webhook hook = new Destination.Webhook(receiver.url("/"), SecretRef.env("S"));
      CompletableFuture<DeliveryAttempt> result = deliverer.deliver(Alerts.failureRate(), hook);

      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> log.attempts().size() == 1);
      assertThat(result).isNotDone();
      deliverer.close();

      assertThat(result).isCancelled();
      assertThatThrownBy(result::join).isInstanceOf(CancellationException.class);
      assertThat(log.attempts())
          .singleElement()
          .extracting(DeliveryAttempt::outcome)
          .isEqualTo(DeliveryAttempt.Outcome.RETRYING);
      assertThatThrownBy(() -> deliverer.deliver(Alerts.failureRate(), hook))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(
              "alert delivery is closed: alert a-42 not sent to webhook http://");
    }
  }
}
