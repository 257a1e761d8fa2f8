package dev.upkeep.server.store;

import java.util.List;

/**
 * The answer to a {@link UsageQuestion}.
 *
 * @param total the metric over the whole range
 * @param buckets what {@link EventStore#breakdown(UsageFilter, Dimension, boolean)} answers for the
 *     question's breakdown; empty without one
 */
public record UsageAnswer(long total, List<Bucket> buckets) {
  public UsageAnswer {
    buckets = List.copyOf(buckets);
  }
}
