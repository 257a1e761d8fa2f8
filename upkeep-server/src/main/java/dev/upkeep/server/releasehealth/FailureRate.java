package dev.upkeep.server.releasehealth;

/**
 * The finished runs of one version and how many of them failed, as the rollups count them ({@code
 * runs} by status: F against R, C, F, S), with the failure rate's estimate and its Wilson score
 * interval. Immutable and thread-safe.
 *
 * @param failures failed runs, 0 to {@code runs}
 * @param runs finished runs, 0 or more
 */
public record FailureRate(long failures, long runs) {
  /**
   * The two-sided 95 % normal quantile, 1.959964: the interval the dashboard and the health answer
   * show.
   */
  public static final double Z95 = 1.959963984540054;

  public FailureRate {
    if (runs < 0 || failures < 0 || failures > runs) {
      throw new IllegalArgumentException(
          "failures must be from 0 to runs, was " + failures + " of " + runs);
    }
  }

  /** failures / runs; 0 without runs. */
  public double estimate() {
    return runs == 0 ? 0 : (double) failures / runs;
  }

  /** The 95 % Wilson score interval ({@link #Z95}). */
  public Interval interval() {
    return interval(Z95);
  }

  /**
   * The Wilson score interval for the normal quantile {@code z} (Wilson 1927): centre {@code (p̂ +
   * z²/2n) / (1 + z²/n)}, half width {@code z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n)}. Unlike p̂ ±
   * z·SE it stays within [0, 1] and is not empty for 0 or n failures. Without runs: [0, 1].
   *
   * @param z the normal quantile, greater than 0 (1.96 for 95 % two-sided)
   */
  public Interval interval(double z) {
    if (!(z > 0)) {
      throw new IllegalArgumentException("z must be greater than 0, was " + z);
    }
    if (runs == 0) {
      return new Interval(0, 1);
    }
    double n = runs;
    double p = estimate();
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /**
   * A closed range of failure rates.
   *
   * @param lower from 0 to {@code upper}
   * @param upper up to 1
   */
  public record Interval(double lower, double upper) {}
}
