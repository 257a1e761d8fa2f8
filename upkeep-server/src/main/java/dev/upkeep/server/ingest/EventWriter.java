package dev.upkeep.server.ingest;

import java.util.List;

/**
 * Where the ingest pipeline's single writer thread puts a group of events: one call, one
 * transaction. Implemented by the store.
 */
@FunctionalInterface
public interface EventWriter {
  /**
   * Writes every event in one transaction and commits it before returning.
   *
   * @return for each event, in order, 1 if it was stored and 0 if an event with the same event id
   *     was already stored (exactly-once delivery)
   * @throws Exception when the transaction failed; nothing of it was committed
   */
  int[] append(List<UsageEvent> events) throws Exception;
}
