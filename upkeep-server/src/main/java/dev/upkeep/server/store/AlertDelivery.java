package dev.upkeep.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to deliver an alert, as the delivery log keeps it.
 *
 * @param alertId the alert
 * @param deliveryId the delivery (the same for every attempt of one alert to one destination)
 * @param destination where it went, redacted (no secret, query or user info)
 * @param attempt 1 for the first
 * @param at when it was made
 * @param outcome {@code delivered}, {@code retrying} or {@code failed}
 * @param httpStatus the HTTP status answered, 0 when none (no answer, or email)
 * @param error what went wrong, or null
 */
public record AlertDelivery(
    long alertId,
    String deliveryId,
    String destination,
    int attempt,
    Instant at,
    String outcome,
    int httpStatus,
    String error) {
  public AlertDelivery {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(outcome, "outcome");
  }
}
