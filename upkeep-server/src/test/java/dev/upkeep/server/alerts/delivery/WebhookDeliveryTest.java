package dev.upkeep.server.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.alerts.delivery.DeliveryAttempt.Outcome;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook deliveries to a real HTTP receiver that checks each signature with the public verifier.
 */
class WebhookDeliveryTest {
  private static final String SECRET = "whsec-test-7f3a9c";

  private final Receiver receiver = new Receiver();
  private final InMemoryDeliveryLog log = new InMemoryDeliveryLog();
  private final ImmediateScheduler scheduler = new ImmediateScheduler();
  private final Deliverer deliverer =
      Deliverer.builder(Alerts.CLOCK, log)
          .scheduler(scheduler)
          .environment(Map.of("HOOK_SECRET", SECRET)::get)
          .build();

  WebhookDeliveryTest() throws IOException {}

  @AfterEach
  void close() {
    deliverer.close();
    receiver.close();
  }

  private Destination.Webhook hook() {
    return new Destination.Webhook(
        receiver.url("/hooks/upkeep"), SecretRef.parse("env:HOOK_SECRET"));
  }

  /** A receiver that answers 401 to a bad signature, else {@code status}. */
  private Receiver.Answer verified(Receiver.Request req, int status) {
    boolean valid =
        WebhookSignature.verify(
            SECRET, req.header("Upkeep-Signature"), req.body(), Alerts.NOW, Duration.ofMinutes(5));
    return Receiver.Answer.of(valid ? status : 401);
  }

  @Test
  void twoServerErrorsThenSuccessIsOneDeliveryAfterThreeAttempts() throws Exception {
    receiver
        .answer(r -> verified(r, 500))
        .answer(r -> verified(r, 500))
        .answer(r -> verified(r, 200));

    DeliveryAttempt last =
        deliverer.deliver(Alerts.failureRate(), hook()).get(10, TimeUnit.SECONDS);

    assertThat(last.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(last.attempt()).isEqualTo(3);
    assertThat(log.attempts())
        .extracting(DeliveryAttempt::attempt, DeliveryAttempt::outcome, DeliveryAttempt::httpStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, Outcome.RETRYING, 500),
            org.assertj.core.groups.Tuple.tuple(2, Outcome.RETRYING, 500),
            org.assertj.core.groups.Tuple.tuple(3, Outcome.DELIVERED, 200));
    assertThat(log.attempts()).filteredOn(a -> a.outcome() == Outcome.DELIVERED).hasSize(1);
    assertThat(log.attempts())
        .allSatisfy(
            a -> {
              assertThat(a.deliveryId()).isEqualTo(last.deliveryId());
              assertThat(a.alertId()).isEqualTo("a-42");
              assertThat(a.destination()).isEqualTo("webhook " + receiver.url("/hooks/upkeep"));
              assertThat(a.at()).isEqualTo(Alerts.NOW);
            });
    assertThat(log.attempts().get(0).error()).startsWith("HTTP 500 from webhook http://127.0.0.1:");
    assertThat(last.error()).isNull();

    // every request was signed, carried the same delivery id and the same body
    List<Receiver.Request> requests = receiver.requests();
    assertThat(requests).hasSize(3);
    assertThat(requests)
        .allSatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.header("Content-Type")).isEqualTo("application/json");
              assertThat(r.header("Upkeep-Delivery")).isEqualTo(last.deliveryId());
              assertThat(r.header("Upkeep-Signature"))
                  .isEqualTo(WebhookSignature.sign(SECRET, Alerts.NOW.getEpochSecond(), r.body()));
              assertThat(r.text()).isEqualTo(requests.get(0).text());
            });

    // backoff: 1 s then 2 s, each less up to 25 % of jitter
    assertThat(scheduler.waits()).hasSize(2);
    assertThat(scheduler.waits().get(0)).isBetween(Duration.ofMillis(750), Duration.ofSeconds(1));
    assertThat(scheduler.waits().get(1)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(2));
  }

  @Test
  void theBodyIsTheDocumentedJson() throws Exception {
    receiver.answer(200);
    deliverer.deliver(Alerts.failureRate(), hook()).get(10, TimeUnit.SECONDS);

    String body = receiver.requests().get(0).text();
    assertThat(body)
        .isEqualTo(
            "{\"type\":\"upkeep.alert\",\"alert_id\":\"a-42\",\"state\":\"firing\","
                + "\"project\":\"owner/name\",\"version\":\"2.8.0\",\"rule\":\"failure-rate\","
                + "\"at\":\"2026-11-30T11:59:30Z\","
                + "\"summary\":\"owner/name 2.8.0: failure rate 12.5% (was 1.1%)\","
                + "\"evidence\":{\"runs\":812,\"failures\":102,\"rate\":0.125,"
                + "\"interval\":{\"lower\":0.1,\"upper\":0.15},"
                + "\"top_errors\":[\"ValueError\",\"KeyError\"],\"baseline_version\":\"2.7.3\"},"
                + "\"link\":\"https://upkeep.example.org/projects/owner/name/alerts/a-42\"}");
  }

  @Test
  void aProjectWideRecoveryHasNullVersionAndLink() throws Exception {
    receiver.answer(204);
    Alert silence =
        Alert.builder()
            .id("a-7")
            .project("owner/name")
            .rule("silence")
            .state(Alert.State.RECOVERED)
            .at(Alerts.NOW)
            .summary("owner/name: runs again after 3 days of silence")
            .build();
    DeliveryAttempt last = deliverer.deliver(silence, hook()).get(10, TimeUnit.SECONDS);

    assertThat(last.outcome()).isEqualTo(Outcome.DELIVERED);
    JsonNode json = new ObjectMapper().readTree(receiver.requests().get(0).body());
    assertThat(json.get("state").asText()).isEqualTo("recovered");
    assertThat(json.get("version").isNull()).isTrue();
    assertThat(json.get("link").isNull()).isTrue();
    assertThat(json.get("evidence").isEmpty()).isTrue();
  }

  @Test
  void aClientErrorFailsWithoutRetry() throws Exception {
    receiver.answer(
        r -> new Receiver.Answer(400, Map.of("Content-Type", "text/plain"), "unknown field\n x"));

    DeliveryAttempt last =
        deliverer.deliver(Alerts.failureRate(), hook()).get(10, TimeUnit.SECONDS);

    assertThat(last.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(last.httpStatus()).isEqualTo(400);
    assertThat(last.error()).endsWith(": unknown field x");
    assertThat(log.attempts()).containsExactly(last);
    assertThat(receiver.requests()).hasSize(1);
    assertThat(scheduler.waits()).isEmpty();
  }

  @Test
  void tooManyRequestsWaitsAsLongAsRetryAfterSays() throws Exception {
    receiver.answer(r -> new Receiver.Answer(429, Map.of("Retry-After", "7"), "")).answer(200);

    DeliveryAttempt last =
        deliverer.deliver(Alerts.failureRate(), hook()).get(10, TimeUnit.SECONDS);

    assertThat(last.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(scheduler.waits()).containsExactly(Duration.ofSeconds(7));
    assertThat(log.attempts().get(0).httpStatus()).isEqualTo(429);
  }

  @Test
  void aRetryAfterLongerThanTheLongestWaitEndsTheDelivery() throws Exception {
    receiver.answer(r -> new Receiver.Answer(503, Map.of("Retry-After", "3600"), ""));

    DeliveryAttempt last =
        deliverer.deliver(Alerts.failureRate(), hook()).get(10, TimeUnit.SECONDS);

    assertThat(last.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(last.error())
        .contains("asked to retry after 3600 s, longer than the longest wait, 300 s");
    assertThat(receiver.requests()).hasSize(1);
  }

  @Test
  void aRefusedConnectionIsRetriedUntilTheAttemptsRunOut() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Destination.Webhook nowhere =
        new Destination.Webhook(
            URI.create("http://127.0.0.1:" + closedPort + "/hook?token=abc"),
            SecretRef.parse("env:HOOK_SECRET"));

    DeliveryAttempt last =
        deliverer.deliver(Alerts.failureRate(), nowhere).get(30, TimeUnit.SECONDS);

    assertThat(last.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(last.attempt()).isEqualTo(5);
    assertThat(last.httpStatus()).isZero();
    assertThat(last.destination()).isEqualTo("webhook http://127.0.0.1:" + closedPort + "/hook");
    assertThat(last.error())
        .contains("cannot connect to webhook http://127.0.0.1:" + closedPort + "/hook")
        .endsWith("(gave up after 5 attempts)");
    assertThat(log.attempts())
        .extracting(DeliveryAttempt::outcome)
        .containsExactly(
            Outcome.RETRYING, Outcome.RETRYING, Outcome.RETRYING, Outcome.RETRYING, Outcome.FAILED);
    assertThat(scheduler.waits()).hasSize(4);
    assertThat(scheduler.waits().get(3)).isBetween(Duration.ofMillis(6000), Duration.ofSeconds(8));
  }

  @Test
  void deliverReturnsBeforeTheReceiverAnswers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    receiver.answer(
        r -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Receiver.Answer.of(200);
        });

    var result = deliverer.deliver(Alerts.failureRate(), hook());

    assertThat(result).isNotDone();
    assertThat(deliverer.pending()).isEqualTo(1);
    release.countDown();
    assertThat(result.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.DELIVERED);
  }

  @Test
  void anUnsetVariableFailsAtOnceNamingIt() throws Exception {
    Destination.Webhook unset =
        new Destination.Webhook(receiver.url("/hook"), SecretRef.parse("env:NOT_SET_HERE"));

    DeliveryAttempt last = deliverer.deliver(Alerts.failureRate(), unset).get(10, TimeUnit.SECONDS);

    assertThat(last.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(last.attempt()).isEqualTo(1);
    assertThat(last.error()).startsWith("environment variable NOT_SET_HERE is not set");
    assertThat(receiver.requests()).isEmpty();
  }
}
