package dev.upkeep.server.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.releasehealth.HealthReader;
import dev.upkeep.server.releasehealth.ReleaseHealth;
import dev.upkeep.server.store.AlertRecord;
import dev.upkeep.server.store.AlertRuleRecord;
import dev.upkeep.server.store.AlertStore;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.UsageFilter;
import dev.upkeep.server.versions.ProjectVersions;
import dev.upkeep.server.versions.VersionCheck;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a project's alert rules against its {@link ReleaseHealth}, read once per evaluation
 * from the rollups: a rule that holds for a version without an open alert fires one (stored, then
 * delivered, then the version flagged when the rule says so); an open alert whose rule no longer
 * holds resolves (delivered as recovered, its flag lifted). Acknowledged alerts stay open, so they
 * do not fire again while their rule holds. Several collectors may evaluate at once: the store lets
 * one of them fire each alert, and only that one delivers it. Thread-safe; meant for one thread
 * ({@link AlertSchedule}) and the API's {@code test}.
 */
public final class AlertEvaluator {
  private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The kinds of events a silence rule listens for. */
  static final List<String> KINDS = List.of(UsageEvent.BREADCRUMB, "report", "event");

  private final AlertStore alerts;
  private final EventStore events;
  private final HealthReader health;
  private final VersionCheck versions;
  private final AutoFlag flags;
  private final AlertNotifier notifier;
  private final Clock clock;

  public AlertEvaluator(
      AlertStore alerts,
      EventStore events,
      HealthReader health,
      VersionCheck versions,
      AutoFlag flags,
      AlertNotifier notifier,
      Clock clock) {
    this.alerts = alerts;
    this.events = events;
    this.health = health;
    this.versions = versions;
    this.flags = flags;
    this.notifier = notifier;
    this.clock = clock;
  }

  /** What one evaluation did: alerts fired and resolved. */
  public record Outcome(List<AlertRecord> fired, List<AlertRecord> resolved) {}

  /** Evaluates every project that has rules; a project that fails logs one WARN line. */
  public Outcome evaluateAll() {
    Map<Long, List<AlertRuleRecord>> byProject = new LinkedHashMap<>();
    for (AlertRuleRecord r : alerts.allRules()) {
      byProject.computeIfAbsent(r.projectId(), p -> new ArrayList<>()).add(r);
    }
    List<AlertRecord> fired = new ArrayList<>();
    List<AlertRecord> resolved = new ArrayList<>();
    for (List<AlertRuleRecord> rules : byProject.values()) {
      try {
        Outcome o = evaluate(rules);
        fired.addAll(o.fired());
        resolved.addAll(o.resolved());
      } catch (RuntimeException e) {
        LOG.warn("alert rules of {} not evaluated: {}", rules.get(0).project(), e.toString());
      }
    }
    return new Outcome(fired, resolved);
  }

  /** Evaluates one project's rules (all of the same project). */
  public Outcome evaluate(List<AlertRuleRecord> rules) {
    List<AlertRecord> fired = new ArrayList<>();
    List<AlertRecord> resolved = new ArrayList<>();
    if (rules.isEmpty()) {
      return new Outcome(fired, resolved);
    }
    AlertRuleRecord first = rules.get(0);
    ProjectVersions all = versions.versions(first.project());
    Instant now = clock.instant();
    ReleaseHealth h =
        health.read(first.projectId(), first.project(), all, ReleaseHealth.DEFAULT_DAYS);
    for (AlertRuleRecord rule : rules) {
      RuleSpec spec;
      try {
        spec = RuleSpec.parse(rule.spec());
      } catch (IllegalArgumentException e) {
        LOG.warn(
            "alert rule {} of {} is not valid, skipped: {}",
            rule.id(),
            rule.project(),
            e.getMessage());
        continue;
      }
      boolean quiet = spec.when() == RuleKind.SILENCE && quiet(first.projectId(), spec, now);
      Map<String, Finding> found = new HashMap<>();
      for (Finding f : RuleCheck.findings(spec, h, all.scheme(), now, quiet)) {
        found.put(f.version(), f);
      }
      Map<String, AlertRecord> open = new HashMap<>();
      for (AlertRecord a : alerts.open(rule.id())) {
        open.put(a.version(), a);
      }
      for (Finding f : found.values()) {
        if (open.containsKey(f.version())) {
          continue;
        }
        Optional<AlertRecord> a =
            alerts.fire(rule, f.version(), now, f.summary(), json(f.evidence()));
        if (a.isEmpty()) {
          continue; // another collector fired it just now, and delivers it
        }
        AlertRecord alert = a.get();
        fired.add(alert);
        LOG.info("alert {} fired: {}", alert.id(), alert.summary());
        if (spec.thenFlag() && f.health() != null) {
          flags.flag(rule, spec, alert, f.health(), h, all);
        }
        notifier.send(rule.project(), spec.when(), spec.destinations(), alert, false);
      }
      for (AlertRecord a : open.values()) {
        if (found.containsKey(a.version()) || !alerts.resolve(a.id(), now)) {
          continue;
        }
        AlertRecord done = withResolved(a, now);
        resolved.add(done);
        LOG.info("alert {} resolved: {}", a.id(), a.summary());
        if (a.flagReason() != null) {
          flags.lift(rule, done);
        }
        notifier.send(rule.project(), spec.when(), spec.destinations(), done, true);
      }
    }
    return new Outcome(fired, resolved);
  }

  /** Whether the project stored no event of {@link #KINDS} in the rule's last {@code for}. */
  private boolean quiet(long projectId, RuleSpec spec, Instant now) {
    Instant from = now.minus(spec.silence()).plusMillis(1);
    for (String kind : KINDS) {
      if (events.count(new UsageFilter(projectId, from, now, Metric.HITS, kind)) > 0) {
        return false;
      }
    }
    return true;
  }

  private static AlertRecord withResolved(AlertRecord a, Instant at) {
    return new AlertRecord(
        a.id(),
        a.ruleId(),
        a.projectId(),
        a.version(),
        AlertRecord.State.RESOLVED,
        a.firedAt(),
        a.ackedAt(),
        at,
        a.summary(),
        a.evidence(),
        a.flagReason());
  }

  private static String json(Map<String, Object> evidence) {
    try {
      return JSON.writeValueAsString(evidence);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("evidence cannot be written as JSON", e);
    }
  }
}
