package dev.upkeep.server.releasehealth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.releasehealth.RegressionRule.Verdict;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The regression rule on generated run streams: a previous release with {@value #BASELINE_RUNS}
 * runs failing at {@value #RATE}, and a new release whose runs arrive {@value #STEP} at a time, the
 * rule evaluated after each step (as the schedule and the ingest trigger would) up to {@value
 * #MAX_RUNS} runs; a release counts as flagged when any evaluation says {@link Verdict#REGRESSED}.
 * {@value #RELEASES} releases per case, one seed each.
 */
class RegressionRuleTest {
  static final int RELEASES = 1_000;
  static final int BASELINE_RUNS = 2_000;
  static final double RATE = 0.05;
  static final int STEP = 50;
  static final int MAX_RUNS = 10_000;

  private final RegressionRule rule = RegressionRule.aboveBaseline(1);

  @Test
  void aReleaseOfUnchangedHealthIsFlaggedInFewerThanOneInAHundred() {
    Outcome same = simulate(RATE);
    System.out.printf(
        "same failure rate: %d of %d releases flagged (%.2f %%)%n",
        same.flagged, RELEASES, 100.0 * same.flagged / RELEASES);
    assertThat(same.flagged).isLessThan(RELEASES / 100);
  }

  @Test
  void aReleaseFailingTwiceAsOftenIsFlaggedAfterEnoughRuns() {
    Outcome doubled = simulate(2 * RATE);
    System.out.printf(
        "twice the failure rate: %d of %d releases flagged, median after %d runs, the latest"
            + " after %d%n",
        doubled.flagged, RELEASES, doubled.medianRuns(), doubled.maxRuns());
    assertThat(doubled.flagged).isGreaterThanOrEqualTo(RELEASES * 99 / 100);
    assertThat(doubled.medianRuns()).isLessThan(2_000);
  }

  @Test
  void smallSamplesNeverAlertHoweverBadTheyLook() {
    FailureRate baseline = new FailureRate(0, 1_000);
    for (int runs = 1; runs < RegressionRule.MIN_RUNS; runs++) {
      assertThat(rule.judge(baseline, new FailureRate(runs, runs))).isEqualTo(Verdict.TOO_FEW_RUNS);
    }
    assertThat(rule.judge(new FailureRate(0, 199), new FailureRate(200, 200)))
        .isEqualTo(Verdict.TOO_FEW_RUNS);
    assertThat(rule.judge(baseline, new FailureRate(200, 200))).isEqualTo(Verdict.REGRESSED);
  }

  @Test
  void overlappingIntervalsAreNotARegressionAndTheFactorScalesTheBaseline() {
    FailureRate before = new FailureRate(100, 2_000); // 5 %
    assertThat(rule.judge(before, new FailureRate(60, 1_000))).isEqualTo(Verdict.HEALTHY);
    assertThat(rule.judge(before, new FailureRate(150, 1_000))).isEqualTo(Verdict.REGRESSED);
    RegressionRule twice = RegressionRule.aboveBaseline(2);
    assertThat(twice.judge(before, new FailureRate(150, 1_000))).isEqualTo(Verdict.HEALTHY);
    assertThat(twice.judge(before, new FailureRate(250, 1_000))).isEqualTo(Verdict.REGRESSED);
  }

  private Outcome simulate(double newRate) {
    int[] flaggedAt = new int[RELEASES];
    int flagged = 0;
    for (int seed = 0; seed < RELEASES; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      FailureRate previous = new FailureRate(failures(random, RATE, BASELINE_RUNS), BASELINE_RUNS);
      long failures = 0;
      for (int runs = STEP; runs <= MAX_RUNS; runs += STEP) {
        failures += failures(random, newRate, STEP);
        if (rule.judge(previous, new FailureRate(failures, runs)) == Verdict.REGRESSED) {
          flaggedAt[flagged++] = runs;
          break;
        }
      }
    }
    return new Outcome(flagged, java.util.Arrays.copyOf(flaggedAt, flagged));
  }

  private static long failures(SplittableRandom random, double rate, int runs) {
    long n = 0;
    for (int i = 0; i < runs; i++) {
      if (random.nextDouble() < rate) {
        n++;
      }
    }
    return n;
  }

  private record Outcome(int flagged, int[] runs) {
    int medianRuns() {
      int[] sorted = runs.clone();
      java.util.Arrays.sort(sorted);
      return sorted.length == 0 ? Integer.MAX_VALUE : sorted[sorted.length / 2];
    }

    int maxRuns() {
      return java.util.Arrays.stream(runs).max().orElse(0);
    }
  }
}
