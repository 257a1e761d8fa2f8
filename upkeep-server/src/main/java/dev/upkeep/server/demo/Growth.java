package dev.upkeep.server.demo;

import java.util.SplittableRandom;

/**
 * The trend of a demo project's daily usage, before weekly seasonality and noise: growing along a
 * logistic curve (half of projects), steady with a slight slope (a third), or declining towards 30
 * % (the rest). A project launched during the range ramps up over its first two weeks.
 *
 * @param kind 0 growing, 1 steady, 2 declining
 * @param a the logistic midpoint day, the slope, or the decay time in days
 * @param b the logistic width in days (growing only)
 * @param startDay the launch day
 * @param days the range's length in days
 */
record Growth(int kind, double a, double b, int startDay, int days) {
  static Growth draw(SplittableRandom r, int startDay, int days) {
    double k = r.nextDouble();
    if (k < 0.5) {
      return new Growth(
          0, Draw.uniform(r, startDay, days), Draw.uniform(r, 15, 90), startDay, days);
    }
    if (k < 0.85) {
      return new Growth(1, Draw.uniform(r, -0.3, 0.3), 0, startDay, days);
    }
    return new Growth(2, days * Draw.uniform(r, 0.3, 1.0), 0, startDay, days);
  }

  /** Relative usage on {@code day} (0 before the launch). */
  double at(int day) {
    if (day < startDay) {
      return 0;
    }
    double v =
        switch (kind) {
          case 0 -> 0.1 + 0.9 / (1 + Math.exp(-(day - a) / b));
          case 1 -> 1 + a * ((double) day / days - 0.5);
          default -> 0.3 + 0.7 * Math.exp(-day / a);
        };
    return startDay > 0 ? v * Math.min(1, (day - startDay + 1) / 14.0) : v;
  }
}
