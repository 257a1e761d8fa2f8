package dev.upkeep.server.demo;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random draws of the demo generator. Every stream is a {@link SplittableRandom} derived from the
 * demo's seed and a path of numbers (a project's index, a purpose), so a project's data does not
 * depend on how much randomness another project used. Stateless; the streams are not thread-safe.
 */
final class Draw {
  private Draw() {}

  /** A stream for {@code seed} and a path, e.g. {@code stream(seed, PLAN, projectIndex)}. */
  static SplittableRandom stream(long seed, long... path) {
    long h = mix(seed);
    for (long p : path) {
      h = mix(h ^ mix(p + 0x632BE59BD9B4E019L));
    }
    return new SplittableRandom(h);
  }

  /** SplitMix64's finalizer: a 64-bit hash with good avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A log-normal draw: {@code median * e^(sigma * N(0,1))}. */
  static double lognormal(SplittableRandom r, double median, double sigma) {
    return median * Math.exp(sigma * r.nextGaussian());
  }

  /** An exponential draw with the given mean. */
  static double exponential(SplittableRandom r, double mean) {
    return -mean * Math.log(1.0 - r.nextDouble());
  }

  /** A uniform draw in {@code [lo, hi)}. */
  static double uniform(SplittableRandom r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  /** Running sums of {@code weights}: the table {@link #pick} reads. */
  static double[] cumulative(double... weights) {
    double[] c = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      c[i] = sum;
    }
    return c;
  }

  /** An index drawn with probability proportional to its weight, from {@link #cumulative}. */
  static int pick(SplittableRandom r, double[] cumulative) {
    return pick(r, cumulative, 0, cumulative.length);
  }

  /** As {@link #pick(SplittableRandom, double[])} over the entries {@code from} to {@code to}. */
  static int pick(SplittableRandom r, double[] cumulative, int from, int to) {
    double base = from == 0 ? 0 : cumulative[from - 1];
    double x = base + r.nextDouble() * (cumulative[to - 1] - base);
    int i = Arrays.binarySearch(cumulative, from, to, x);
    i = i < 0 ? -i - 1 : i + 1;
    return Math.min(i, to - 1);
  }

  /** A random-UUID-shaped id ({@code 8-4-4-4-12}, version 4 bits) made of two 64-bit numbers. */
  static String uuid(long hi, long lo) {
    return new java.util.UUID(
            (hi & ~0xF000L) | 0x4000L, (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
        .toString();
  }
}
