package dev.upkeep.server.alerts.delivery;

import java.util.ArrayList;
import java.util.List;

/** Keeps every attempt in memory, for tests. Thread-safe. */
final class InMemoryDeliveryLog implements DeliveryLog {
  private final List<DeliveryAttempt> attempts = new ArrayList<>();

  @Override
  public synchronized void record(DeliveryAttempt attempt) {
    attempts.add(attempt);
  }

  /** Every attempt so far, in the order recorded. */
  synchronized List<DeliveryAttempt> attempts() {
    return List.copyOf(attempts);
  }
}
