package dev.upkeep.server.alerts.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs every retry at once and remembers the waits it was asked for. Thread-safe. */
final class ImmediateScheduler implements Scheduler {
  private final List<Duration> waits = new ArrayList<>();

  @Override
  public void schedule(Duration delay, Runnable task) {
    synchronized (this) {
      waits.add(delay);
    }
    task.run();
  }

  synchronized List<Duration> waits() {
    return List.copyOf(waits);
  }
}
