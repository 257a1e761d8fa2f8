package dev.upkeep.client.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition in tests: checks it every few milliseconds until it holds or a deadline
 * passes (then fails, saying what was awaited). Stands in for Awaitility, which this module does
 * not depend on.
 */
public final class Poll {
  private static final long STEP_MILLIS = 5;

  private Poll() {}

  /** Returns as soon as {@code condition} holds; throws {@link AssertionError} after timeout. */
  public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(
            "timed out after " + timeout.toMillis() + " ms waiting for " + what.get());
      }
      pause();
    }
  }

  /** Same, with a fixed description. */
  public static void until(Duration timeout, BooleanSupplier condition, String what) {
    until(timeout, condition, () -> what);
  }

  private static void pause() {
    try {
      Thread.sleep(STEP_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while polling", e);
    }
  }
}
