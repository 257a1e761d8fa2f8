package dev.upkeep.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Release health alert rules, the alerts they fire and their delivery log (migration V18). A rule's
 * spec is JSON the store keeps and does not read. At most one open (firing or acknowledged) alert
 * exists per rule and version, also with several collectors evaluating at once: {@link #fire}
 * decides. Thread-safe.
 */
public interface AlertStore {
  /** Adds a rule to a project; returns it with its id. */
  AlertRuleRecord addRule(long projectId, String spec, Instant at);

  /** The project's rules, oldest first. */
  List<AlertRuleRecord> rules(long projectId);

  /** Every project's rules, by project then oldest first. */
  List<AlertRuleRecord> allRules();

  /**
   * Removes a rule of the project with its alerts and their deliveries.
   *
   * @return whether the project had that rule
   */
  boolean removeRule(long projectId, long ruleId);

  /**
   * Opens a firing alert of a rule and version, unless one is open already.
   *
   * @param version the version, {@code ""} for a rule of the whole project
   * @param evidence JSON
   * @return the new alert, or empty when the rule already has an open alert for the version (fired
   *     here earlier or by another collector just now)
   */
  Optional<AlertRecord> fire(
      AlertRuleRecord rule, String version, Instant at, String summary, String evidence);

  /** The project's alert of that id, if any. */
  Optional<AlertRecord> alert(long projectId, long alertId);

  /** The open (firing or acknowledged) alerts of a rule. */
  List<AlertRecord> open(long ruleId);

  /**
   * Acknowledges an open alert of the project: it stays open (so it does not fire again) until its
   * rule no longer holds.
   *
   * @return the alert as it is now, or empty when the project has no such alert
   */
  Optional<AlertRecord> acknowledge(long projectId, long alertId, Instant at);

  /**
   * Resolves an open alert.
   *
   * @return whether it was open (false: another collector resolved it first)
   */
  boolean resolve(long alertId, Instant at);

  /**
   * Records that the alert's rule flagged its version with {@code reason} (to lift the flag when it
   * resolves, if the version still has it).
   */
  void markFlagged(long alertId, String reason);

  /** The project's alerts, newest first, at most {@code limit}. */
  List<AlertRecord> alerts(long projectId, int limit);

  /** Adds one delivery attempt to the log. */
  void recordDelivery(AlertDelivery delivery);

  /** The delivery log of an alert, oldest first. */
  List<AlertDelivery> deliveries(long alertId);
}
