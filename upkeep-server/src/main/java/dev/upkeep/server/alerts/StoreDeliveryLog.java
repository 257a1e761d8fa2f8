package dev.upkeep.server.alerts;

import dev.upkeep.server.alerts.delivery.DeliveryAttempt;
import dev.upkeep.server.alerts.delivery.DeliveryLog;
import dev.upkeep.server.store.AlertDelivery;
import dev.upkeep.server.store.AlertStore;
import java.util.Locale;

/**
 * The delivery log in the store ({@code alert_deliveries}): one row per attempt, listed by {@code
 * upkeep alert log} and {@code GET /v1/projects/{owner}/{name}/alerts/{id}}. An alert that is not
 * one of the store's (a {@code upkeep alert test}) is not logged. Thread-safe.
 */
final class StoreDeliveryLog implements DeliveryLog {
  private final AlertStore alerts;

  StoreDeliveryLog(AlertStore alerts) {
    this.alerts = alerts;
  }

  @Override
  public void record(DeliveryAttempt a) {
    long alertId;
    try {
      alertId = Long.parseLong(a.alertId());
    } catch (NumberFormatException e) {
      return; // a test alert
    }
    alerts.recordDelivery(
        new AlertDelivery(
            alertId,
            a.deliveryId(),
            a.destination(),
            a.attempt(),
            a.at(),
            a.outcome().name().toLowerCase(Locale.ROOT),
            a.httpStatus(),
            a.error()));
  }
}
