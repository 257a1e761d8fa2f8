package dev.upkeep.client;

/** The wire protocol a client speaks. */
public enum Protocol {
  /**
   * Upkeep's own API: events in batches to {@code POST {endpoint}/v1/events}, each with an id so
   * the server stores it once however often it is resent. The default.
   */
  UPKEEP,
  /**
   * migas, as migas-py main speaks it: one {@code POST {endpoint}/api/breadcrumb} per event, and
   * GraphQL at {@code {endpoint}/graphql} for queries; works with any migas server. migas has no
   * event ids, so a batch resent after a lost answer may be stored twice.
   */
  MIGAS
}
