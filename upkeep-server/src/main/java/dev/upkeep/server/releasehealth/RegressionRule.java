package dev.upkeep.server.releasehealth;

/**
 * Whether a release fails more often than the one before it, judged on intervals, never on a
 * handful of runs: the new version has regressed when the lower bound of its failure rate's Wilson
 * interval lies above {@code factor} times the upper bound of the previous version's, both with at
 * least {@code minRuns} finished runs. Overlapping intervals are not a regression, whatever the
 * estimates say.
 *
 * <p>{@code z} sets the intervals' width for this judgement. It is evaluated again and again as
 * runs arrive, so a single look's error rate understates how often a release of unchanged health
 * would be flagged at some look; the default {@link #Z} keeps that below 1 % at one look per 50
 * runs up to 10 000 runs (measured in {@code RegressionRuleTest}, recorded in docs/alerts.md).
 * Immutable and thread-safe.
 *
 * @param factor how many times the previous version's upper bound the new lower bound must exceed,
 *     1 or more ({@code --above-baseline 2x}: 2)
 * @param minRuns finished runs each version needs before it is judged, 1 or more
 * @param z the normal quantile of the intervals, greater than 0
 */
public record RegressionRule(double factor, long minRuns, double z) {
  /** The default interval quantile for alerts: 3.0, about 99.87 % one-sided per look. */
  public static final double Z = 3.0;

  /** The default number of runs each version needs: 200. */
  public static final long MIN_RUNS = 200;

  public RegressionRule {
    if (!(factor >= 1) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("factor must be 1 or more, was " + factor);
    }
    if (minRuns < 1) {
      throw new IllegalArgumentException("minRuns must be 1 or more, was " + minRuns);
    }
    if (!(z > 0)) {
      throw new IllegalArgumentException("z must be greater than 0, was " + z);
    }
  }

  /** {@code factor} with the default {@link #MIN_RUNS} and {@link #Z}. */
  public static RegressionRule aboveBaseline(double factor) {
    return new RegressionRule(factor, MIN_RUNS, Z);
  }

  /** The judgement of {@code current} against {@code previous}, the release before it. */
  public Verdict judge(FailureRate previous, FailureRate current) {
    if (previous.runs() < minRuns || current.runs() < minRuns) {
      return Verdict.TOO_FEW_RUNS;
    }
    double baseline = previous.interval(z).upper();
    return current.interval(z).lower() > factor * baseline ? Verdict.REGRESSED : Verdict.HEALTHY;
  }

  /** What {@link #judge} found. */
  public enum Verdict {
    /** One of the two versions has fewer than {@code minRuns} finished runs: no judgement. */
    TOO_FEW_RUNS,
    /** The new version's interval does not lie above the baseline. */
    HEALTHY,
    /** The new version's lower bound lies above {@code factor} × the previous upper bound. */
    REGRESSED
  }
}
