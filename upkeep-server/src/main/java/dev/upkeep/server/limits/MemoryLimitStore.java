package dev.upkeep.server.limits;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counters in this process only: what one collector counts alone, and what a collector counts while
 * its shared store does not answer. A counter is forgotten once it equals a new one (its window
 * over, its bucket full again, its day past), by a sweep at most once a minute. Thread-safe: one
 * lock, held for microseconds.
 */
final class MemoryLimitStore implements LimitStore {
  private static final long SWEEP_MILLIS = 60_000;

  private final Clock clock;
  private final Map<String, Counter> counters = new HashMap<>();
  private long lastSweep;

  MemoryLimitStore(Clock clock) {
    this.clock = clock;
    this.lastSweep = clock.millis();
  }

  @Override
  public synchronized Decision take(List<Charge> charges) {
    requireDistinctKeys(charges);
    long now = clock.millis();
    sweep(now);
    Rules.Step[] steps = new Rules.Step[charges.size()];
    for (int i = 0; i < steps.length; i++) {
      Charge c = charges.get(i);
      Counter counter = counters.get(c.key());
      steps[i] =
          counter == null
              ? Rules.take(c, null, 0, now)
              : Rules.take(c, counter.amount, counter.since, now);
      if (steps[i].waitSeconds() > 0) {
        return new Decision(i, steps[i].waitSeconds());
      }
    }
    for (int i = 0; i < steps.length; i++) {
      counters.put(charges.get(i).key(), new Counter(steps[i]));
    }
    return Decision.TAKEN;
  }

  @Override
  public synchronized void refund(List<Charge> charges) {
    for (Charge c : charges) {
      Counter counter = counters.get(c.key());
      if (counter != null) {
        Double after = Rules.refund(c, counter.amount, counter.since);
        if (after != null) {
          counter.amount = after;
        }
      }
    }
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public void close() {}

  /** Counters held (tests). */
  synchronized int size() {
    return counters.size();
  }

  private void sweep(long now) {
    if (now - lastSweep >= SWEEP_MILLIS || now < lastSweep) {
      lastSweep = now;
      counters.values().removeIf(c -> c.expiresAt <= now);
    }
  }

  static void requireDistinctKeys(List<Charge> charges) {
    if (charges.size() > 1) {
      Set<String> keys = new HashSet<>();
      for (Charge c : charges) {
        if (!keys.add(c.key())) {
          throw new IllegalArgumentException("two charges of one request on the key " + c.key());
        }
      }
    }
  }

  private static final class Counter {
    double amount;
    final long since;
    final long expiresAt;

    Counter(Rules.Step step) {
      this.amount = step.amount();
      this.since = step.since();
      this.expiresAt = step.expiresAt();
    }
  }
}
