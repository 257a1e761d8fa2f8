package dev.upkeep.client.internal.delivery;

import java.util.List;
import java.util.Map;

/**
 * What the caller's thread records for one breadcrumb: only what it knows for free. Identity,
 * environment and the event id are added later on the sender thread. Immutable.
 */
public final class Crumb {
  final String kind;
  final String project;
  final String version;
  final long timestampMillis;
  final String status;
  final String statusDesc;
  final String errorType;
  final String errorDesc;
  final List<Map.Entry<String, String>> attributes;

  /**
   * @param kind the event kind, e.g. {@code report}; null for a breadcrumb
   */
  public Crumb(
      String kind,
      String project,
      String version,
      long timestampMillis,
      String status,
      String statusDesc,
      String errorType,
      String errorDesc,
      List<Map.Entry<String, String>> attributes) {
    this.kind = kind;
    this.project = project;
    this.version = version;
    this.timestampMillis = timestampMillis;
    this.status = status;
    this.statusDesc = statusDesc;
    this.errorType = errorType;
    this.errorDesc = errorDesc;
    this.attributes = attributes;
  }
}
