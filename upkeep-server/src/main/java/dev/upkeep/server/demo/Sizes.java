package dev.upkeep.server.demo;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How many events each demo project gets: a power law over the projects' rank, as open-source usage
 * is (a few projects hold most of it, a long tail holds a little each). Project {@code i} (from 0,
 * biggest first) weighs {@code (i + 1)^-}{@value #ALPHA} times a log-normal factor (sigma {@value
 * #NOISE}) so neighbours are not in an exact ratio; the weights are sorted again after the noise.
 */
final class Sizes {
  /** The power law's exponent: {@value}. */
  static final double ALPHA = 1.2;

  /** Sigma of the log-normal noise on each weight: {@value}. */
  static final double NOISE = 0.2;

  private Sizes() {}

  /**
   * Events per project, biggest first, adding up to {@code events}; every project gets at least
   * one.
   *
   * @throws IllegalArgumentException if {@code events < projects}
   */
  static long[] of(long events, int projects, SplittableRandom rng) {
    double[] w = new double[projects];
    for (int i = 0; i < projects; i++) {
      w[i] = Math.pow(i + 1, -ALPHA) * Draw.lognormal(rng, 1, NOISE);
    }
    Arrays.sort(w);
    for (int i = 0; i < projects / 2; i++) {
      double t = w[i];
      w[i] = w[projects - 1 - i];
      w[projects - 1 - i] = t;
    }
    return Apportion.of(events, w, 1);
  }
}
