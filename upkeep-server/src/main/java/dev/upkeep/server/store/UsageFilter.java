package dev.upkeep.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Which events a usage query counts.
 *
 * @param projectId the project
 * @param from first instant included
 * @param to last instant included ({@code from <= timestamp <= to}, as migas' get_usage)
 * @param unique count distinct non-null user ids instead of events
 * @param kind only events of this kind, e.g. {@code breadcrumb}
 */
public record UsageFilter(long projectId, Instant from, Instant to, boolean unique, String kind) {
  public UsageFilter {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(kind, "kind");
  }
}
