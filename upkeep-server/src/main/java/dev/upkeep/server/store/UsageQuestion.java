package dev.upkeep.server.store;

import java.util.Objects;

/**
 * One question of a usage view ({@link EventStore#view}): a metric of one kind of events over the
 * view's range, in total and, with {@code by}, per bucket.
 *
 * @param kind the events' kind, e.g. {@code breadcrumb}
 * @param metric what is counted
 * @param by the breakdown, or null for the total alone
 * @param overDays whether each bucket also carries its daily series (not with {@link
 *     Dimension#DAY})
 */
public record UsageQuestion(String kind, Metric metric, Dimension by, boolean overDays) {
  public UsageQuestion {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(metric, "metric");
    if (overDays && (by == null || by == Dimension.DAY)) {
      throw new IllegalArgumentException("over=day needs a breakdown other than by=day");
    }
  }
}
