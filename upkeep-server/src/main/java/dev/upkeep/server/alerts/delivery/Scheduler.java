package dev.upkeep.server.alerts.delivery;

import java.time.Duration;

/**
 * Runs a retry later: the {@link Deliverer}'s only way to wait, so tests can replace waiting (see
 * {@link DelivererBuilder#scheduler(Scheduler)}). The default is the deliverer's own executor.
 *
 * <p>Called on the deliverer's threads; implementations must be thread-safe. The task is quick: it
 * hands the next attempt to the deliverer's executor, so it may run on any thread, even the calling
 * one.
 */
@FunctionalInterface
public interface Scheduler {
  /** Runs {@code task} once, {@code delay} from now (a delay of zero: as soon as possible). */
  void schedule(Duration delay, Runnable task);
}
