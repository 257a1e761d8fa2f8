package dev.upkeep.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Which events a usage query counts, and what it counts of them.
 *
 * @param projectId the project
 * @param from first instant included
 * @param to last instant included ({@code from <= timestamp <= to}, as migas' get_usage)
 * @param metric events, distinct non-null users, or finished runs
 * @param kind only events of this kind, e.g. {@code breadcrumb}
 */
public record UsageFilter(long projectId, Instant from, Instant to, Metric metric, String kind) {
  public UsageFilter {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(kind, "kind");
  }

  /** Counts distinct users when {@code unique}, else events (as migas' get_usage does). */
  public UsageFilter(long projectId, Instant from, Instant to, boolean unique, String kind) {
    this(projectId, from, to, unique ? Metric.USERS : Metric.HITS, kind);
  }

  /** Whether this counts distinct users ({@link Metric#USERS}). */
  public boolean unique() {
    return metric == Metric.USERS;
  }
}
