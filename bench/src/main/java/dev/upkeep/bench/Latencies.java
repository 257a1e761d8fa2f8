package dev.upkeep.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Wall-clock latencies of one query: {@code warmup} untimed calls, then timed calls until {@code
 * iterations} samples or {@code maxNanos} of measuring have passed (at least {@code minimum}
 * samples). Percentiles are nearest-rank: p99 of fewer than 100 samples is the slowest one.
 *
 * @param nanos the samples, sorted
 * @param answer what the last call returned
 */
record Latencies(long[] nanos, Object answer) {
  static Latencies measure(
      Callable<Object> query, int warmup, int iterations, int minimum, long maxNanos)
      throws Exception {
    for (int i = 0; i < warmup; i++) {
      query.call();
    }
    long[] samples = new long[iterations];
    int n = 0;
    Object answer = null;
    long started = System.nanoTime();
    while (n < iterations && (n < minimum || System.nanoTime() - started < maxNanos)) {
      long t = System.nanoTime();
      answer = query.call();
      samples[n++] = System.nanoTime() - t;
    }
    long[] out = Arrays.copyOf(samples, n);
    Arrays.sort(out);
    return new Latencies(out, answer);
  }

  int count() {
    return nanos.length;
  }

  /** The {@code p}-th percentile (0 to 100), nearest rank, in nanoseconds. */
  long percentile(double p) {
    int rank = (int) Math.ceil(p / 100 * nanos.length);
    return nanos[Math.max(0, Math.min(nanos.length - 1, rank - 1))];
  }

  /** {@code 0.42 ms}, {@code 12.3 ms}, {@code 4.56 s}. */
  static String format(long nanos) {
    double ms = nanos / 1e6;
    if (ms >= 1000) {
      return String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }
    return String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : "%.1f ms", ms);
  }
}
