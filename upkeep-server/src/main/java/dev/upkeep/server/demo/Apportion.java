package dev.upkeep.server.demo;

/**
 * Splits a whole number over weights exactly (largest remainder): the parts add up to the total and
 * each is within one of its exact share. Used for project sizes and daily event counts.
 */
final class Apportion {
  private Apportion() {}

  /**
   * Parts of {@code total} proportional to {@code weights}, each at least {@code min} where its
   * weight is positive and 0 where it is 0.
   *
   * @throws IllegalArgumentException if the total cannot give every positive weight its minimum, or
   *     no weight is positive while the total is not 0
   */
  static long[] of(long total, double[] weights, long min) {
    int n = weights.length;
    long[] parts = new long[n];
    int positive = 0;
    double sum = 0;
    for (double w : weights) {
      if (w > 0) {
        positive++;
        sum += w;
      }
    }
    if (positive == 0) {
      if (total != 0) {
        throw new IllegalArgumentException("cannot split " + total + " over no positive weight");
      }
      return parts;
    }
    long rest = total - min * positive;
    if (rest < 0) {
      throw new IllegalArgumentException(
          "cannot give " + positive + " parts at least " + min + " each out of " + total);
    }
    double[] remainder = new double[n];
    long given = 0;
    for (int i = 0; i < n; i++) {
      if (weights[i] > 0) {
        double exact = rest * (weights[i] / sum);
        long floor = (long) Math.floor(exact);
        parts[i] = min + floor;
        remainder[i] = exact - floor;
        given += floor;
      }
    }
    long left = rest - given;
    while (left > 0) {
      int best = -1;
      for (int i = 0; i < n; i++) {
        if (weights[i] > 0 && (best < 0 || remainder[i] > remainder[best])) {
          best = i;
        }
      }
      parts[best]++;
      remainder[best] = -1;
      left--;
    }
    return parts;
  }
}
