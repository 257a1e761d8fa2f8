package dev.upkeep.server.alerts.delivery;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One alert to one destination: its attempts, one at a time, on the deliverer's executor, with the
 * waits between them on its scheduler; each attempt reported to the log, the last one also
 * completing {@link #result}.
 */
final class Delivery {
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  private final String id;
  private final Alert alert;
  private final String label;
  private final Channel channel;
  private final Deliverer.Context context;
  final CompletableFuture<DeliveryAttempt> result = new CompletableFuture<>();

  Delivery(
      String id, Alert alert, Destination destination, Channel channel, Deliverer.Context context) {
    this.id = id;
    this.alert = alert;
    this.label = destination.label();
    this.channel = channel;
    this.context = context;
  }

  /** Hands attempt {@code n} to the executor. */
  void start(int n) {
    try {
      context.executor().execute(() -> attempt(n));
    } catch (RejectedExecutionException e) {
      result.cancel(false);
    }
  }

  private void attempt(int n) {
    if (result.isDone()) {
      return;
    }
    Secrets secrets = new Secrets(context.environment(), context.box());
    SendResult sent;
    try {
      sent = channel.send(alert, id, secrets);
    } catch (IllegalStateException e) {
      // a secret that cannot be had: the configuration is wrong, another attempt would fail too
      sent = SendResult.fail(0, e.getMessage());
    } catch (RuntimeException e) {
      sent =
          SendResult.fail(0, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
      LOG.debug(
          "alert {} to {}: attempt {} failed",
          alert.id(),
          label,
          n,
          new ScrubbedException(secrets.scrub(String.valueOf(e))));
    }
    String error = secrets.scrub(sent.error());
    DeliveryAttempt.Outcome outcome;
    Duration wait = null;
    switch (sent.verdict()) {
      case OK -> outcome = DeliveryAttempt.Outcome.DELIVERED;
      case FAIL -> outcome = DeliveryAttempt.Outcome.FAILED;
      default -> {
        int max = context.maxAttempts();
        Duration longest = context.backoff().max();
        if (n >= max) {
          outcome = DeliveryAttempt.Outcome.FAILED;
          error = error + " (gave up after " + max + (max == 1 ? " attempt)" : " attempts)");
        } else if (sent.retryAfter() != null && sent.retryAfter().compareTo(longest) > 0) {
          outcome = DeliveryAttempt.Outcome.FAILED;
          error =
              error
                  + " (asked to retry after "
                  + sent.retryAfter().toSeconds()
                  + " s, longer than the longest wait, "
                  + longest.toSeconds()
                  + " s)";
        } else {
          outcome = DeliveryAttempt.Outcome.RETRYING;
          wait = sent.retryAfter() != null ? sent.retryAfter() : context.backoff().after(n);
        }
      }
    }
    DeliveryAttempt attempt =
        new DeliveryAttempt(
            id, alert.id(), label, n, context.clock().instant(), outcome, sent.status(), error);
    report(attempt, wait);
    if (wait != null) {
      context.scheduler().schedule(wait, () -> start(n + 1));
    } else {
      result.complete(attempt);
    }
  }

  private void report(DeliveryAttempt a, Duration wait) {
    switch (a.outcome()) {
      case DELIVERED ->
          LOG.info("alert {} delivered to {} (attempt {})", a.alertId(), label, a.attempt());
      case RETRYING ->
          LOG.info(
              "alert {} to {}: attempt {} of {} failed, retrying in {} ms: {}",
              a.alertId(),
              label,
              a.attempt(),
              context.maxAttempts(),
              wait.toMillis(),
              a.error());
      case FAILED ->
          LOG.warn(
              "alert {} not delivered to {} (attempt {}): {}",
              a.alertId(),
              label,
              a.attempt(),
              a.error());
    }
    try {
      context.log().record(a);
    } catch (RuntimeException e) {
      LOG.warn("delivery log refused attempt {} of delivery {}: {}", a.attempt(), id, e.toString());
    }
  }

  /** An unexpected failure's text, secrets removed, for a debug log line. */
  private static final class ScrubbedException extends Exception {
    private static final long serialVersionUID = 1L;

    ScrubbedException(String message) {
      super(message, null, false, false);
    }
  }
}
