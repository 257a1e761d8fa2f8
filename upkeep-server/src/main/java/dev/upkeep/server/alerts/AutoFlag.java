package dev.upkeep.server.alerts;

import dev.upkeep.server.audit.AuditLog;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.releasehealth.RegressionRule;
import dev.upkeep.server.releasehealth.ReleaseHealth;
import dev.upkeep.server.releasehealth.VersionHealth;
import dev.upkeep.server.store.AlertRecord;
import dev.upkeep.server.store.AlertRuleRecord;
import dev.upkeep.server.store.AlertStore;
import dev.upkeep.server.versions.MergedVersion;
import dev.upkeep.server.versions.ProjectVersions;
import dev.upkeep.server.versions.VersionCheck;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the loop of a rule with {@code --then flag}: flags the version its alert is about, with
 * the rule's reason and the newest healthy release as the replacement, so that migas'
 * check_project, {@code /v1/.../check} and the client's update notice report it; lifts the flag
 * when the alert resolves, unless someone flagged the version again meanwhile with another reason.
 * Each is a line of the audit log whose {@code who} is {@code rule} and whose {@code token} names
 * the rule. Thread-safe.
 */
public final class AutoFlag {
  private static final Logger LOG = LoggerFactory.getLogger(AutoFlag.class);

  private final ProjectRegistry registry;
  private final VersionCheck versions;
  private final AlertStore alerts;
  private final AuditLog audit;

  public AutoFlag(
      ProjectRegistry registry, VersionCheck versions, AlertStore alerts, AuditLog audit) {
    this.registry = registry;
    this.versions = versions;
    this.alerts = alerts;
    this.audit = audit;
  }

  /** Flags the alert's version. A version the registry cannot hold logs one WARN line. */
  void flag(
      AlertRuleRecord rule,
      RuleSpec spec,
      AlertRecord alert,
      VersionHealth v,
      ReleaseHealth h,
      ProjectVersions all) {
    String reason =
        spec.reason(
            rule.id(),
            v.version(),
            Percent.of(v.rate().estimate()),
            v.previous(),
            v.previousRate() == null ? null : Percent.of(v.previousRate().estimate()));
    String replacement = healthyRelease(v.version(), h, all).orElse(null);
    try {
      if (all.find(v.version()).isEmpty()) {
        registry.addVersion(rule.project(), v.version());
      }
      registry.flag(rule.project(), v.version(), reason, replacement);
    } catch (RuntimeException e) {
      LOG.warn(
          "alert {}: {} {} not flagged: {}",
          alert.id(),
          rule.project(),
          v.version(),
          e.getMessage());
      return;
    }
    alerts.markFlagged(alert.id(), reason);
    audit.record(
        "rule",
        "rule " + rule.id(),
        "version.flag",
        rule.project() + " " + v.version(),
        "alert " + alert.id());
  }

  /**
   * The newest release that is not the version, not a pre-release, not flagged, and not regressed
   * in {@code h}: what its users are told to upgrade (or go back) to.
   */
  static Optional<String> healthyRelease(String version, ReleaseHealth h, ProjectVersions all) {
    List<MergedVersion> vs = all.versions();
    for (int i = vs.size() - 1; i >= 0; i--) {
      MergedVersion m = vs.get(i);
      if (!m.released() || m.preRelease() || m.flagged() || m.version().equals(version)) {
        continue;
      }
      boolean regressed =
          h.version(m.version())
              .map(x -> x.verdict() == RegressionRule.Verdict.REGRESSED)
              .orElse(false);
      if (!regressed) {
        return Optional.of(m.version());
      }
    }
    return Optional.empty();
  }

  /** Lifts the flag the resolved alert's rule set, if the version still has that flag. */
  void lift(AlertRuleRecord rule, AlertRecord alert) {
    Optional<MergedVersion> now =
        versions.versions(rule.project()).find(alert.version()).filter(MergedVersion::flagged);
    if (now.isEmpty() || !Objects.equals(now.get().reason(), alert.flagReason())) {
      LOG.info(
          "alert {} resolved; {} {} is no longer flagged as the rule flagged it: left as it is",
          alert.id(),
          rule.project(),
          alert.version());
      return;
    }
    registry.unflag(rule.project(), alert.version());
    audit.record(
        "rule",
        "rule " + rule.id(),
        "version.unflag",
        rule.project() + " " + alert.version(),
        "alert " + alert.id());
  }
}
