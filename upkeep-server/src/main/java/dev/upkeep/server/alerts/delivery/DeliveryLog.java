package dev.upkeep.server.alerts.delivery;

/**
 * Where the {@link Deliverer} reports every attempt, in order per delivery: zero or more {@link
 * DeliveryAttempt.Outcome#RETRYING} then one {@link DeliveryAttempt.Outcome#DELIVERED} or {@link
 * DeliveryAttempt.Outcome#FAILED}.
 *
 * <p>Called on the deliverer's threads, for several deliveries at once: implementations must be
 * thread-safe and quick. An exception thrown here is logged and does not stop the delivery.
 */
@FunctionalInterface
public interface DeliveryLog {
  /** Records one attempt. */
  void record(DeliveryAttempt attempt);
}
