package dev.upkeep.server;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Where the collector's start-up went, for its one INFO line {@code ready in 1.23 s (JVM and
 * command line 0.31 s, store 0.40 s, wiring 0.12 s, http 0.20 s)}.
 *
 * <p>The first part runs from the JVM's start, as the JVM itself recorded it ({@link
 * java.lang.management.RuntimeMXBean#getUptime()}), to {@link #begin}: the JVM's own start, class
 * loading, the command line and the settings. Each later part is the wall time between two {@link
 * #mark}s on the {@link System#nanoTime()} clock, and the total is the JVM's uptime at the last
 * mark, so the parts add up to the total (within rounding). Not thread-safe: one start-up, one
 * thread.
 */
final class StartupClock {
  private final LongSupplier nanos;
  private final long beginNanos;
  private final long jvmNanos;
  private final List<String> names = new ArrayList<>();
  private final List<Long> ends = new ArrayList<>();

  StartupClock(LongSupplier nanos, long jvmUptimeNanos) {
    this.nanos = nanos;
    this.beginNanos = nanos.getAsLong();
    this.jvmNanos = jvmUptimeNanos;
  }

  /** A clock started now; its first part is the JVM's uptime. */
  static StartupClock begin() {
    return new StartupClock(
        System::nanoTime,
        TimeUnit.MILLISECONDS.toNanos(ManagementFactory.getRuntimeMXBean().getUptime()));
  }

  /** Ends the part named {@code name} (which began at the previous mark, or at {@link #begin}). */
  void mark(String name) {
    names.add(name);
    ends.add(nanos.getAsLong());
  }

  /** Nanoseconds from the JVM's start to the last mark. */
  long totalNanos() {
    long last = ends.isEmpty() ? beginNanos : ends.get(ends.size() - 1);
    return jvmNanos + (last - beginNanos);
  }

  /** {@code ready in 1.23 s (JVM and command line 0.31 s, store 0.40 s, ...)}. */
  String line() {
    StringBuilder s = new StringBuilder("ready in ").append(seconds(totalNanos()));
    s.append(" (JVM and command line ").append(seconds(jvmNanos));
    long from = beginNanos;
    for (int i = 0; i < names.size(); i++) {
      s.append(", ").append(names.get(i)).append(' ').append(seconds(ends.get(i) - from));
      from = ends.get(i);
    }
    return s.append(')').toString();
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }
}
