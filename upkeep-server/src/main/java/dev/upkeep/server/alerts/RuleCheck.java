package dev.upkeep.server.alerts;

import dev.upkeep.server.releasehealth.HealthJson;
import dev.upkeep.server.releasehealth.RegressionRule;
import dev.upkeep.server.releasehealth.ReleaseHealth;
import dev.upkeep.server.releasehealth.VersionHealth;
import dev.upkeep.server.versions.VersionScheme;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a rule finds in a project's {@link ReleaseHealth} now: one {@link Finding} per version (or
 * one for the project) on which it holds. Pure: the same health gives the same findings. Stateless.
 */
final class RuleCheck {
  private RuleCheck() {}

  /**
   * @param quiet for {@link RuleKind#SILENCE}: whether the project stored no event in the rule's
   *     last {@code for}
   */
  static List<Finding> findings(
      RuleSpec spec, ReleaseHealth h, VersionScheme scheme, Instant now, boolean quiet) {
    return switch (spec.when()) {
      case FAILURE_RATE -> failureRate(spec, h);
      case NEW_ERROR_TYPE -> newErrorTypes(spec, h);
      case FLAGGED_USERS -> flaggedUsers(spec, h);
      case ADOPTION -> adoption(spec, h, scheme, now);
      case SILENCE -> quiet ? List.of(silence(spec, h, now)) : List.of();
    };
  }

  private static List<Finding> failureRate(RuleSpec spec, ReleaseHealth h) {
    RegressionRule rule = spec.regression();
    List<Finding> out = new ArrayList<>();
    for (VersionHealth v : h.versions()) {
      if (v.previous() == null
          || rule.judge(v.previousRate(), v.rate()) != RegressionRule.Verdict.REGRESSED) {
        continue;
      }
      Map<String, Object> evidence = HealthJson.version(v, false);
      // the rule's own judgement (its factor and min-runs), not the health answer's default one
      evidence.put("verdict", "regressed");
      evidence.put("above_baseline", spec.factor());
      evidence.put("min_runs", spec.minRuns());
      evidence.put("z", rule.z());
      String summary =
          String.format(
              "%s %s: failure rate %s over %d runs, above %s%s's %s",
              h.project(),
              v.version(),
              Percent.withInterval(v.rate()),
              v.rate().runs(),
              spec.factor() == 1 ? "" : times(spec.factor()) + " ",
              v.previous(),
              Percent.withInterval(v.previousRate()));
      out.add(new Finding(v.version(), summary, evidence, v));
    }
    return out;
  }

  private static String times(double factor) {
    return (factor == Math.rint(factor) ? Long.toString((long) factor) : Double.toString(factor))
        + "×";
  }

  private static List<Finding> newErrorTypes(RuleSpec spec, ReleaseHealth h) {
    List<Finding> out = new ArrayList<>();
    for (VersionHealth v : h.versions()) {
      if (v.previous() == null || v.newErrorTypes().isEmpty() || v.rate().runs() < spec.minRuns()) {
        continue;
      }
      Map<String, Object> evidence = HealthJson.version(v, false);
      evidence.put("min_runs", spec.minRuns());
      String types =
          v.newErrorTypes().stream()
              .limit(5)
              .map(t -> t.type() + " (" + t.failures() + ")")
              .collect(Collectors.joining(", "));
      out.add(
          new Finding(
              v.version(),
              h.project() + " " + v.version() + ": new error types " + types,
              evidence,
              v));
    }
    return out;
  }

  private static List<Finding> flaggedUsers(RuleSpec spec, ReleaseHealth h) {
    if (h.activeUsers() == 0 || !(h.flaggedShare() > spec.above())) {
      return List.of();
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("active_users", h.activeUsers());
    evidence.put("flagged_users", h.flaggedUsers());
    evidence.put("flagged_share", h.flaggedShare());
    evidence.put("above", spec.above());
    List<Map<String, Object>> flagged = new ArrayList<>();
    for (VersionHealth v : h.versions()) {
      if (v.flagged() && v.users() > 0) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("users", v.users());
        m.put("reason", v.flagReason());
        flagged.add(m);
      }
    }
    evidence.put("versions", flagged);
    return List.of(
        new Finding(
            "",
            String.format(
                "%s: %s of the active users (%d of %d) run flagged versions, above %s",
                h.project(),
                Percent.of(h.flaggedShare()),
                h.flaggedUsers(),
                h.activeUsers(),
                Percent.of(spec.above())),
            evidence,
            null));
  }

  /** The newest release (no pre-release) with events, judged once it is {@code after} old. */
  private static List<Finding> adoption(
      RuleSpec spec, ReleaseHealth h, VersionScheme scheme, Instant now) {
    VersionHealth newest = null;
    for (VersionHealth v : h.versions()) {
      if (!scheme.isPreRelease(v.version())) {
        newest = v;
      }
    }
    if (newest == null || newest.firstSeen() == null || !(newest.adoption() < spec.below())) {
      return List.of();
    }
    LocalDate judged = newest.firstSeen().plusDays(spec.after().toDays());
    if (judged.isAfter(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
      return List.of();
    }
    Map<String, Object> evidence = HealthJson.version(newest, false);
    evidence.put("active_users", h.activeUsers());
    evidence.put("below", spec.below());
    evidence.put("after", RuleSpec.durationText(spec.after()));
    return List.of(
        new Finding(
            newest.version(),
            String.format(
                "%s %s: %s of the active users (%d of %d) %s after it was first seen, below %s",
                h.project(),
                newest.version(),
                Percent.of(newest.adoption()),
                newest.users(),
                h.activeUsers(),
                RuleSpec.durationText(spec.after()),
                Percent.of(spec.below())),
            evidence,
            newest));
  }

  private static Finding silence(RuleSpec spec, ReleaseHealth h, Instant now) {
    Duration quiet = spec.silence();
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("for", RuleSpec.durationText(quiet));
    evidence.put("since", now.minus(quiet).toString());
    return new Finding(
        "", h.project() + ": no events at all for " + RuleSpec.durationText(quiet), evidence, null);
  }
}
