package dev.upkeep.server.alerts.delivery;

import java.time.Instant;

/**
 * One attempt to deliver one alert to one destination, as {@link DeliveryLog} receives it.
 * Immutable and thread-safe. Nothing in it is secret: {@code destination} is the destination's
 * {@link Destination#label() label} and {@code error} has every secret of the attempt removed.
 *
 * @param deliveryId the delivery (one alert to one destination), the same for all its attempts;
 *     also the {@code Upkeep-Delivery} header of webhooks and the Matrix transaction id
 * @param alertId the alert's {@link Alert#id()}
 * @param destination the destination's label, e.g. {@code webhook https://host/path}
 * @param attempt 1 for the first attempt
 * @param at when the attempt ended (the deliverer's clock)
 * @param outcome what the attempt came to
 * @param httpStatus the HTTP status answered, the SMTP reply code when the server gave one, or 0
 * @param error what went wrong, or null when delivered
 */
public record DeliveryAttempt(
    String deliveryId,
    String alertId,
    String destination,
    int attempt,
    Instant at,
    Outcome outcome,
    int httpStatus,
    String error) {

  /** What an attempt came to. */
  public enum Outcome {
    /** The destination accepted the alert: the delivery is done. */
    DELIVERED,
    /**
     * The attempt failed in a way that may pass (refused connection, timeout, 429, 5xx): another
     * attempt is scheduled.
     */
    RETRYING,
    /**
     * The attempt failed and no other follows (4xx, bad secret, the last attempt): the delivery is
     * done.
     */
    FAILED
  }

  public DeliveryAttempt {
    if (deliveryId == null
        || alertId == null
        || destination == null
        || at == null
        || outcome == null) {
      throw new IllegalArgumentException(
          "deliveryId, alertId, destination, at and outcome are required");
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more, was " + attempt);
    }
  }

  /** Whether no other attempt follows this one. */
  public boolean isFinal() {
    return outcome != Outcome.RETRYING;
  }
}
