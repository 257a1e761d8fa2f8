package dev.upkeep.server.store;

import java.util.List;
import java.util.Objects;

/**
 * One row of a usage breakdown.
 *
 * @param key the group's value (a day {@code YYYY-MM-DD}, a version, a platform, a status, ...)
 * @param count the metric over the whole range: events, distinct users or finished runs
 * @param series the metric per UTC day of the range, every day in order with zeros included (keys
 *     {@code YYYY-MM-DD}, no series of their own); empty unless asked for
 */
public record Bucket(String key, long count, List<Bucket> series) {
  public Bucket {
    Objects.requireNonNull(key, "key");
    series = List.copyOf(series);
  }

  /** A bucket without a series. */
  public Bucket(String key, long count) {
    this(key, count, List.of());
  }
}
