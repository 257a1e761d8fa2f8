package dev.upkeep.server;

/**
 * The defaults of {@code http-threads} and {@code queue-capacity}, sized for the machine the
 * collector runs on (its processors) and the heap its JVM was given, so that a 1 GiB server with
 * two cores gets a collector that fits it. Stateless, thread-safe.
 */
final class Sizing {
  /** Jetty request threads per processor by default: {@value}. */
  static final int HTTP_THREADS_PER_PROCESSOR = 16;

  /** Fewest Jetty request threads by default: {@value}. */
  static final int MIN_DEFAULT_HTTP_THREADS = 32;

  /** Most Jetty request threads by default: {@value}. */
  static final int MAX_DEFAULT_HTTP_THREADS = 200;

  /**
   * Heap allowed per queued event when sizing the queue: {@value} bytes, i.e. the queue full takes
   * at most an eighth of the heap at 2 KiB an event (a breadcrumb takes about 1 KiB, a batched
   * event with attributes more).
   */
  static final long HEAP_BYTES_PER_QUEUED_EVENT = 16 * 1024;

  /** Smallest queue by default: {@value} events. */
  static final int MIN_DEFAULT_QUEUE_CAPACITY = 1_000;

  private Sizing() {}

  /**
   * {@value #HTTP_THREADS_PER_PROCESSOR} per processor, from {@value #MIN_DEFAULT_HTTP_THREADS} to
   * {@value #MAX_DEFAULT_HTTP_THREADS}: 32 on one to two cores, 64 on four. Ingest requests do not
   * hold a thread while their events wait to be committed, so the threads only bound what blocks
   * (store queries, blob transfers, bodies being read) — and what bodies in flight can hold.
   */
  static int httpThreads(int processors) {
    return Math.max(
        MIN_DEFAULT_HTTP_THREADS,
        Math.min(MAX_DEFAULT_HTTP_THREADS, HTTP_THREADS_PER_PROCESSOR * processors));
  }

  /**
   * The heap divided by {@value #HEAP_BYTES_PER_QUEUED_EVENT}, from {@value
   * #MIN_DEFAULT_QUEUE_CAPACITY} to {@link ServerConfig#DEFAULT_QUEUE_CAPACITY}: 16 384 events with
   * {@code -Xmx256m}, the full 50 000 from about 782 MiB of heap.
   *
   * @param maxHeapBytes the JVM's max heap ({@link Runtime#maxMemory()})
   */
  static int queueCapacity(long maxHeapBytes) {
    long n = maxHeapBytes / HEAP_BYTES_PER_QUEUED_EVENT;
    return (int)
        Math.max(MIN_DEFAULT_QUEUE_CAPACITY, Math.min(ServerConfig.DEFAULT_QUEUE_CAPACITY, n));
  }
}
