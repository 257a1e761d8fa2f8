package dev.upkeep.server.alerts.delivery;

/** Sends an alert to one kind of destination, once. Implementations are thread-safe. */
interface Channel {
  /**
   * One attempt.
   *
   * @param deliveryId the delivery's id, the same for every attempt
   * @param secrets where to reveal the destination's secrets (and remember them to scrub)
   * @return what the attempt came to; never throws for a failure of the destination
   */
  SendResult send(Alert alert, String deliveryId, Secrets secrets);
}
