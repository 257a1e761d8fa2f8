package dev.upkeep.bench.watch;

import java.util.Arrays;
import java.util.Locale;

/** Latencies in nanoseconds, sorted; percentiles are nearest-rank. */
record Samples(long[] nanos) {

  static Samples of(long[] unsorted) {
    long[] sorted = unsorted.clone();
    Arrays.sort(sorted);
    return new Samples(sorted);
  }

  int count() {
    return nanos.length;
  }

  /** The {@code p}-th percentile (0 to 100). */
  long percentile(double p) {
    int rank = (int) Math.ceil(p / 100 * nanos.length);
    return nanos[Math.max(0, Math.min(nanos.length - 1, rank - 1))];
  }

  long min() {
    return nanos[0];
  }

  long max() {
    return nanos[nanos.length - 1];
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
