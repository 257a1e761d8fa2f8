package dev.upkeep.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A poor man's wall-clock profiler of the collector's writer thread ({@value #THREAD}) when the
 * server runs in this JVM: every {@code periodMillis} a stack of that thread is taken and charged
 * to the innermost frame of the store or the ingest pipeline ({@code dev.upkeep.server.store…} or
 * {@code …ingest…}), so that time spent waiting for the database counts too, which a CPU profiler
 * would not show: e.g. {@code SharedRollups.insertOrLock} (its statement, the round trip and
 * PostgreSQL's work) or {@code PostgresAppender.appendOnce} itself (the commit); a thread not
 * running is marked with its state ({@code IngestPipeline.run [WAITING]}: no events). Started and
 * stopped by one thread; sampling costs this JVM some CPU (about one stack walk per period).
 */
final class WriterSampler implements AutoCloseable {
  /** The name of the collector's ingest writer thread: {@value}. */
  static final String THREAD = "upkeep-ingest-writer";

  private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
  private final Map<String, Long> samples = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  private WriterSampler(long periodMillis) {
    sampler = new Thread(() -> loop(periodMillis), "bench-writer-sampler");
    sampler.setDaemon(true);
  }

  /** Starts sampling the writer thread every {@code periodMillis} milliseconds. */
  static WriterSampler start(long periodMillis) {
    WriterSampler s = new WriterSampler(periodMillis);
    s.sampler.start();
    return s;
  }

  private void loop(long periodMillis) {
    long writer = -1;
    while (running) {
      if (writer < 0) {
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
          if (t != null && t.getThreadName().equals(THREAD)) {
            writer = t.getThreadId();
          }
        }
      }
      if (writer >= 0) {
        ThreadInfo info = mx.getThreadInfo(writer, 128);
        if (info != null) {
          synchronized (samples) {
            String where = charge(info.getStackTrace());
            if (info.getThreadState() != Thread.State.RUNNABLE) {
              where += " [" + info.getThreadState() + "]";
            }
            samples.merge(where, 1L, Long::sum);
          }
        }
      }
      try {
        Thread.sleep(periodMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The innermost store or pipeline frame, {@code Class.method}, or the top frame's class. */
  private static String charge(StackTraceElement[] stack) {
    for (StackTraceElement f : stack) {
      String c = f.getClassName();
      if (c.startsWith("dev.upkeep.server.store.") || c.startsWith("dev.upkeep.server.ingest.")) {
        return c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethodName();
      }
    }
    return stack.length == 0 ? "(no stack)" : "(outside the store) " + stack[0].getClassName();
  }

  /** Stops sampling; the samples stay readable. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    sampler.interrupt();
    sampler.join(5_000);
  }

  /**
   * "47 % SharedRollups.insertOrLock, 20 % …" over every sample, biggest first; frames with less
   * than 1 % of the samples summed up at the end.
   */
  String describe() {
    Map<String, Long> copy;
    synchronized (samples) {
      copy = new HashMap<>(samples);
    }
    long total = copy.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return "no samples";
    }
    long small =
        copy.values().stream().filter(n -> n * 100 < total).mapToLong(Long::longValue).sum();
    return total
        + " samples: "
        + copy.entrySet().stream()
            .filter(e -> e.getValue() * 100 >= total)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(
                e ->
                    String.format(
                        Locale.ROOT, "%.0f %% %s", 100.0 * e.getValue() / total, e.getKey()))
            .collect(Collectors.joining(", "))
        + String.format(
            Locale.ROOT, ", %.0f %% elsewhere (under 1 %% each)", 100.0 * small / total);
  }
}
