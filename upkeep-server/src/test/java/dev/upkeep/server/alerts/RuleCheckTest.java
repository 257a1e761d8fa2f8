package dev.upkeep.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.releasehealth.FailureRate;
import dev.upkeep.server.releasehealth.ReleaseHealth;
import dev.upkeep.server.releasehealth.VersionHealth;
import dev.upkeep.server.versions.VersionScheme;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each kind of rule finds in a release health, and what it never finds. */
class RuleCheckTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final VersionScheme SCHEME = VersionScheme.values()[0];

  private static VersionHealth version(
      String v, long failures, long runs, String previous, FailureRate previousRate) {
    return version(
        v, failures, runs, previous, previousRate, 10, 0.5, LocalDate.of(2026, 2, 1), false);
  }

  private static VersionHealth version(
      String v,
      long failures,
      long runs,
      String previous,
      FailureRate previousRate,
      long users,
      double adoption,
      LocalDate firstSeen,
      boolean flagged) {
    FailureRate rate = new FailureRate(failures, runs);
    return new VersionHealth(
        v,
        rate,
        previous,
        previousRate,
        previousRate == null ? null : ReleaseHealth.JUDGE.judge(previousRate, rate),
        List.of(new VersionHealth.ErrorCount("ValueError", failures)),
        previous == null
            ? List.of()
            : List.of(new VersionHealth.ErrorCount("ValueError", failures)),
        users,
        adoption,
        firstSeen,
        null,
        flagged,
        flagged ? "broken" : null,
        List.of());
  }

  private static ReleaseHealth health(long active, long flagged, VersionHealth... versions) {
    return new ReleaseHealth(
        "acme/tool",
        NOW.minusSeconds(86_400 * 30),
        NOW,
        NOW.minusSeconds(86_400 * 7),
        active,
        flagged,
        List.of(versions));
  }

  private static RuleSpec rule(String json) {
    return RuleSpec.parse(json);
  }

  @Test
  void failureRateNeedsTheLowerBoundAboveFactorTimesTheBaselineAndEnoughRuns() {
    FailureRate base = new FailureRate(10, 1000);
    ReleaseHealth h =
        health(
            100,
            0,
            version("1.0.0", 10, 1000, null, null),
            version("1.1.0", 100, 1000, "1.0.0", base));

    List<Finding> twice =
        RuleCheck.findings(
            rule("{\"when\":\"failure-rate\",\"above_baseline\":2}"), h, SCHEME, NOW, false);
    assertThat(twice).extracting(Finding::version).containsExactly("1.1.0");
    assertThat(twice.get(0).summary())
        .isEqualTo(
            "acme/tool 1.1.0: failure rate 10.0% (8.3–12.0%) over 1000 runs, above 2× 1.0.0's 1.0%"
                + " (0.5–1.8%)");
    assertThat(twice.get(0).evidence()).containsEntry("runs", 1000L).containsEntry("z", 3.0);
    List<Finding> small =
        RuleCheck.findings(
            rule("{\"when\":\"failure-rate\",\"min_runs\":30}"),
            health(
                100,
                0,
                version("1.0.0", 0, 40, null, null),
                version("1.1.0", 20, 40, "1.0.0", new FailureRate(0, 40))),
            SCHEME,
            NOW,
            false);
    assertThat(small.get(0).evidence())
        .as("the rule's verdict, not the health answer's (which needs 200 runs)")
        .containsEntry("verdict", "regressed");
    assertThat(
            RuleCheck.findings(
                rule("{\"when\":\"failure-rate\",\"above_baseline\":8}"), h, SCHEME, NOW, false))
        .as("the interval does not clear 8x")
        .isEmpty();
    assertThat(
            RuleCheck.findings(
                rule("{\"when\":\"failure-rate\",\"min_runs\":2000}"), h, SCHEME, NOW, false))
        .as("small samples never alert")
        .isEmpty();
  }

  @Test
  void newErrorTypesNeedAPreviousVersionAndMinRuns() {
    ReleaseHealth h =
        health(
            100,
            0,
            version("1.0.0", 10, 1000, null, null),
            version("1.1.0", 3, 50, "1.0.0", new FailureRate(10, 1000)));
    assertThat(RuleCheck.findings(rule("{\"when\":\"new-error-type\"}"), h, SCHEME, NOW, false))
        .extracting(Finding::summary)
        .containsExactly("acme/tool 1.1.0: new error types ValueError (3)");
    assertThat(
            RuleCheck.findings(
                rule("{\"when\":\"new-error-type\",\"min_runs\":51}"), h, SCHEME, NOW, false))
        .isEmpty();
  }

  @Test
  void flaggedUsersIsAboutTheWholeProject() {
    VersionHealth bad =
        version("1.0.0", 1, 100, null, null, 30, 0.3, LocalDate.of(2026, 2, 1), true);
    ReleaseHealth h = health(100, 30, bad);
    List<Finding> f =
        RuleCheck.findings(
            rule("{\"when\":\"flagged-users\",\"above\":0.1}"), h, SCHEME, NOW, false);
    assertThat(f).extracting(Finding::version).containsExactly("");
    assertThat(f.get(0).summary())
        .isEqualTo(
            "acme/tool: 30.0% of the active users (30 of 100) run flagged versions, above 10.0%");
    assertThat(
            RuleCheck.findings(
                rule("{\"when\":\"flagged-users\",\"above\":0.3}"), h, SCHEME, NOW, false))
        .as("above, not at")
        .isEmpty();
    assertThat(
            RuleCheck.findings(
                rule("{\"when\":\"flagged-users\",\"above\":0}"), health(0, 0), SCHEME, NOW, false))
        .as("no active users, no share")
        .isEmpty();
  }

  @Test
  void adoptionJudgesTheNewestReleaseOnceItIsOldEnough() {
    VersionHealth old =
        version("1.0.0", 1, 100, null, null, 95, 0.95, LocalDate.of(2026, 1, 1), false);
    VersionHealth slow =
        version(
            "1.1.0",
            1,
            100,
            "1.0.0",
            new FailureRate(1, 100),
            3,
            0.03,
            LocalDate.of(2026, 2, 10),
            false);
    RuleSpec below5 = rule("{\"when\":\"adoption\",\"below\":0.05,\"after\":\"14d\"}");

    List<Finding> f = RuleCheck.findings(below5, health(100, 0, old, slow), SCHEME, NOW, false);
    assertThat(f).extracting(Finding::version).containsExactly("1.1.0");
    assertThat(f.get(0).summary())
        .isEqualTo(
            "acme/tool 1.1.0: 3.0% of the active users (3 of 100) 14d after it was first seen, below"
                + " 5.0%");
    VersionHealth young =
        version(
            "1.1.0",
            1,
            100,
            "1.0.0",
            new FailureRate(1, 100),
            3,
            0.03,
            LocalDate.of(2026, 2, 20),
            false);
    assertThat(RuleCheck.findings(below5, health(100, 0, old, young), SCHEME, NOW, false))
        .as("first seen 9 days ago")
        .isEmpty();
  }

  @Test
  void silenceFiresOnlyWhenTheProjectIsQuiet() {
    RuleSpec quiet = rule("{\"when\":\"silence\",\"for\":\"24h\"}");
    assertThat(RuleCheck.findings(quiet, health(0, 0), SCHEME, NOW, true))
        .extracting(Finding::summary)
        .containsExactly("acme/tool: no events at all for 1d");
    assertThat(RuleCheck.findings(quiet, health(0, 0), SCHEME, NOW, false)).isEmpty();
  }

  @Test
  void rulesRoundTripThroughTheirJsonAndRefuseWhatDoesNotFit() {
    String json =
        "{\"when\":\"failure-rate\",\"above_baseline\":2.0,\"min_runs\":200,\"then\":\"flag\","
            + "\"reason_template\":\"{version} is bad\",\"notify\":[{\"type\":\"webhook\","
            + "\"url\":\"https://h.example/x\",\"secret\":\"env:HOOK\"}]}";
    assertThat(RuleSpec.parse(json).toJson()).isEqualTo(json);
    assertThat(RuleSpec.parse("{\"when\":\"silence\"}").toJson())
        .isEqualTo("{\"when\":\"silence\",\"for\":\"1d\",\"notify\":[]}");
    assertThatThrownBy(
            () -> RuleSpec.parse("{\"when\":\"flagged-users\",\"above\":0.1,\"then\":\"flag\"}"))
        .hasMessage("--then flag flags a version; flagged-users is about the whole project");
    assertThatThrownBy(() -> RuleSpec.parse("{\"when\":\"failure-rate\",\"above_baseline\":0.5}"))
        .hasMessage("above-baseline must be 1x or more, was 0.5");
    assertThatThrownBy(() -> RuleSpec.parse("{\"when\":\"spike\"}"))
        .hasMessage(
            "when must be one of failure-rate, new-error-type, flagged-users, adoption, silence,"
                + " was \"spike\"");
  }
}
