package dev.upkeep.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored alert rule.
 *
 * @param id its id, unique in the store
 * @param projectId the project it watches
 * @param project the project's {@code owner/name}
 * @param spec the rule as JSON ({@code dev.upkeep.server.alerts.RuleSpec})
 * @param createdAt when it was added
 */
public record AlertRuleRecord(
    long id, long projectId, String project, String spec, Instant createdAt) {
  public AlertRuleRecord {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(spec, "spec");
  }
}
