package dev.upkeep.server.threads;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The collector's background timers: a single-thread scheduler whose one thread is a named daemon
 * (it never keeps the JVM alive; its name says what it does in a thread dump). Stateless.
 */
public final class DaemonTimer {
  private DaemonTimer() {}

  /**
   * A scheduler on one daemon thread named {@code name}, e.g. {@code upkeep-rollups}; the caller
   * shuts it down.
   */
  public static ScheduledExecutorService single(String name) {
    return Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name));
  }
}
