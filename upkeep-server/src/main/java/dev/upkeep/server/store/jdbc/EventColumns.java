package dev.upkeep.server.store.jdbc;

import dev.upkeep.protocol.Json;
import dev.upkeep.server.ingest.UsageEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stored columns of an event, shared by both dialects' inserts: the UTC epoch day, and the
 * attributes as a JSON array of {@code [key, value]} pairs (null when there are none).
 */
final class EventColumns {
  private EventColumns() {}

  /** The UTC epoch day of the event's timestamp. */
  static int day(UsageEvent e) {
    return (int) Math.floorDiv(e.timestamp().toEpochMilli(), DayPlan.MILLIS_PER_DAY);
  }

  /** The attributes column: {@code [["k","v"],...]}, or null for none. */
  static String attributes(UsageEvent e) {
    List<Map.Entry<String, String>> pairs = e.attributes();
    if (pairs.isEmpty()) {
      return null;
    }
    List<Object> out = new ArrayList<>(pairs.size());
    for (Map.Entry<String, String> p : pairs) {
      out.add(List.of(p.getKey(), p.getValue()));
    }
    return Json.write(out);
  }

  /** Adds the event's rollup increments to {@code batch}. */
  static void addTo(RollupBatch batch, UsageEvent e, int ordinal) {
    batch.add(
        e.projectId(),
        e.kind(),
        day(e),
        e.version(),
        e.platform(),
        e.container(),
        e.ci(),
        e.status().name(),
        e.languageVersion(),
        e.errorType(),
        ordinal);
  }
}
