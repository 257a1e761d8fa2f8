package dev.upkeep.server.threads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named daemon threads for the collector's background executors: they never keep the JVM alive, and
 * their name says what they do in a thread dump. Stateless.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory of daemon threads all named {@code name}, e.g. {@code upkeep-ingest-ack}. */
  public static ThreadFactory named(String name) {
    return r -> daemon(r, name);
  }

  /**
   * A factory of daemon threads named {@code prefix} and a number from 1 up, in the order they are
   * made, e.g. {@code upkeep-version-source-1}. Thread-safe.
   */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> daemon(r, prefix + n.incrementAndGet());
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
