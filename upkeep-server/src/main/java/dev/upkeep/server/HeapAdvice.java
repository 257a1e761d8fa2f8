package dev.upkeep.server;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the collector says at start about its memory: one INFO line with the max heap and the sizes
 * chosen from it and from the processors, and a WARN line when the JVM was left to choose a heap
 * larger than {@code max-heap-warning}. A jar cannot choose its own heap: without {@code -Xmx} the
 * JVM takes a quarter of the machine's memory (6 GiB on a 24 GiB machine), and under load the
 * collector's resident memory grows toward it although it needs far less. Stateless, thread-safe.
 */
final class HeapAdvice {
  /** JVM options that choose the max heap; any of them given means the heap was chosen. */
  private static final List<String> HEAP_OPTIONS =
      List.of(
          "-Xmx",
          "-XX:MaxHeapSize=",
          "-XX:MaxRAM=",
          "-XX:MaxRAMPercentage=",
          "-XX:MaxRAMFraction=");

  private HeapAdvice() {}

  /**
   * Whether one of the JVM's arguments ({@code RuntimeMXBean.getInputArguments()}) sets the heap.
   */
  static boolean chosen(List<String> jvmArguments) {
    return jvmArguments.stream().anyMatch(a -> HEAP_OPTIONS.stream().anyMatch(a::startsWith));
  }

  /** {@code memory: max heap 6.0 GiB (the JVM's default), 2 processors: http-threads 32, ...}. */
  static String line(long maxHeap, boolean chosen, int processors, ServerConfig config) {
    return String.format(
        Locale.ROOT,
        "memory: max heap %s (%s), %d processors: http-threads %d, queue-capacity %d",
        size(maxHeap),
        chosen ? "set by a JVM option" : "the JVM's default",
        processors,
        config.httpThreads(),
        config.queueCapacity());
  }

  /**
   * The warning for a heap the JVM chose by itself larger than {@code threshold} bytes (0: never).
   */
  static Optional<String> warning(long maxHeap, boolean chosen, long threshold) {
    if (chosen || threshold <= 0 || maxHeap <= threshold) {
      return Optional.empty();
    }
    return Optional.of(
        "max heap "
            + size(maxHeap)
            + " is the JVM's default (a quarter of this machine's memory), and under load the"
            + " collector's memory grows toward it; it needs a 256 MiB heap on SQLite, 512 MiB on"
            + " PostgreSQL: start it as the systemd unit and the container image do, with"
            + " JAVA_OPTS='-Xms16m -Xmx256m -XX:+UseSerialGC' bin/upkeep serve (or these options"
            + " on java -jar upkeep.jar serve, or in JAVA_TOOL_OPTIONS), see docs/deploy.md;"
            + " max-heap-warning = off silences this");
  }

  private static String size(long bytes) {
    return bytes >= 1L << 30
        ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%d MiB", bytes >> 20);
  }
}
